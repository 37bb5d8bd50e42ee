"""The tail of the pipeline against the real Go (sim.oracle_tail): apimachinery's Quantity,
kubectl's top-node printer and the real kubectl binary (1.32.3 and 1.36.4, against
sim.fakeapi on 127.0.0.1), prometheus-common's text writer (0.39.0) and prometheus' text
parser (2.53.3).

`pytest -m oracle` runs 10,000 states through each layer (MEMSIM_ORACLE_STATES overrides);
a plain `pytest` with the oracle built, 300. Every layer must have 0 mismatches; the other
tests pin what the layers compare (the issue 13 cases, through the real Go), the fake API
server's bounds and the CLI's JSON."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import oracle_harness
import pytest

from ports.apimachinery.v0_28_3.pkg.api.resource import BinarySI, NewQuantity
from sim import fakeapi, oracle_tail

pytestmark = pytest.mark.oracle

FULL, SAMPLE = 10_000, 300


def n_states(config: pytest.Config) -> int:
    return oracle_harness.n_states(config, FULL, SAMPLE)


@pytest.fixture(scope="module")
def builds() -> dict[str, oracle_tail.TailBuild]:
    b, why = oracle_tail.load()
    if why:
        pytest.skip(why)
    return {x.label: x for x in b}


@pytest.fixture(scope="module")
def report(builds, pytestconfig) -> oracle_tail.TailReport:
    return oracle_tail.run(list(builds.values()), n_states(pytestconfig), seed=13)


EXPECTED = {
    "quantity-1.32.3": "quantity",
    "quantity-1.36.4": "quantity",
    "kubectl-1.32.3": "kubectl",
    "kubectl-1.36.4": "kubectl",
    "kubectl-bin-1.32.3": "kubectl-bin",
    "kubectl-bin-1.36.4": "kubectl-bin",
    "expfmt-0.39.0": "writer",
    "textparse-2.53.3": "parser",
}


def test_every_tail_layer_agrees_with_the_go(report, pytestconfig):
    n = n_states(pytestconfig)
    assert {k: v.layer for k, v in report.layers.items()} == EXPECTED
    for label, lr in report.layers.items():
        assert lr.states >= n, label
        assert lr.comparisons >= lr.states, label
    detail = "\n".join(
        f"{m.label} #{m.state}: {m.differences} | {m.replay}" for m in report.mismatches
    )
    assert {k: v.mismatches for k, v in report.layers.items()} == dict.fromkeys(EXPECTED, 0), detail


def test_the_issue_13_cases_through_the_real_go(builds):
    # the 10 EiB working set: metrics-server's quantity is "10Ei"; ParseQuantity caps it
    for label in ("kubectl-1.32.3", "kubectl-1.36.4"):
        b = builds[label]
        ms = oracle_tail._uint64Quantity(10 << 60, BinarySI, 0)
        req = {"q": [ms.i.value, ms.i.scale, ms.Format]}
        (go,) = oracle_tail.ask(b, [req])
        assert go["s"] == "10Ei" and go["rt"]["mi"] == "8796093022207Mi"
        assert oracle_tail.port_quantity(req) == oracle_tail._normal_quantity_answer(go)
        # int64(2^63) capacity: the table over allocatable 0 and over the capacity itself
        cap = oracle_tail._q(NewQuantity(-(1 << 63), BinarySI))
        top = {
            "nodes": [{"name": "n", "capacity": {"cpu": "4", "memory": cap},
                       "allocatable": {"cpu": "4", "memory": "0"}}],
            "metrics": [{"name": "n", "usage": {"cpu": "66m", "memory": "1Gi"}}],
        }  # fmt: skip
        for show_capacity in (False, True):
            t = {**top, "show_capacity": show_capacity}
            (go,) = oracle_tail.ask(b, [{"top": t}])
            assert go == oracle_tail.port_top(oracle_tail.kubectl_port(label), t)
            pct = go["out"].splitlines()[1].split()[4]
            if label == "kubectl-1.36.4" and not show_capacity:
                assert pct == "0%"  # v0.36's zero-denominator check
            else:
                assert pct == "-9223372036854775808%"  # int64(+Inf)
    # MetricFamilyToText of an empty family fails with Go's error text
    from ports.prometheus_common.v0_44_0.expfmt import MetricFamily

    mf = MetricFamily("node_x", "h", "gauge", [])
    (go,) = oracle_tail.ask(builds["expfmt-0.39.0"], [oracle_tail.family_request(mf)])
    assert go["err"] == 'MetricFamily has no metrics: name:"node_x" help:"h" type:GAUGE '
    assert go["err"] == oracle_tail.port_write(mf)["err"]
    # the parser: non-ASCII label values at byte offsets, NaN as value.NormalNaN
    text = 'm{a="é",b="x"} NaN\n'.encode()
    (go,) = oracle_tail.ask(builds["textparse-2.53.3"], [{"text": oracle_tail.b64(text)}])
    g = oracle_tail._go_entries(go)
    assert g == oracle_tail.port_parse(text)
    assert g["entries"][0]["labels"] == [(b"__name__", b"m"), (b"a", "é".encode()), (b"b", b"x")]
    assert g["entries"][0]["bits"] == 0x7FF8000000000001


def test_kubectl_binary_by_name_and_errors(builds, tmp_path):
    b = builds["kubectl-1.36.4"]
    assert b.kubectl is not None
    top = oracle_tail._one_top(__import__("random").Random(5), 4, True)
    name = top["metrics"][0]["name"]
    got = oracle_tail.run_kubectl(b.kubectl, top, name, tmp_path / "a")
    want = oracle_tail._api_error(oracle_tail._named(top, name), name) or oracle_tail.port_top(
        oracle_tail.kubectl_port(b.label), oracle_tail._named(top, name)
    )
    assert got["out"] == want["out"] and got["err"] == want["err"]
    got = oracle_tail.run_kubectl(b.kubectl, top, "no-such-node", tmp_path / "b")
    assert (
        got["err"]
        == 'Error from server (NotFound): nodemetrics.metrics.k8s.io "no-such-node" not found'
    )
    got = oracle_tail.run_kubectl(b.kubectl, {**top, "metrics": []}, None, tmp_path / "c")
    assert (got["out"], got["err"]) == ("", "metrics not available yet")


def test_fake_api_is_bounded_and_local():
    api = fakeapi.FakeAPI([], [], lifetime=0.5, max_requests=3)
    with api:
        assert api._server is not None
        host, _port = api._server.server_address[:2]
        assert host == "127.0.0.1"
        import urllib.request

        for _ in range(3):
            urllib.request.urlopen(f"http://127.0.0.1:{api.port}/api", timeout=5).read()
        deadline = time.monotonic() + 5
        while api._server is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert api._server is None  # stopped itself after max_requests
    assert [c for _, c in api.requests] == [200, 200, 200]
    api = fakeapi.FakeAPI([], [], lifetime=0.3).start()
    time.sleep(1.0)
    assert api._server is None  # and after its lifetime


def test_memsim_oracle_json_lists_every_layer(tmp_path):
    out = tmp_path / "o.json"
    p = subprocess.run(
        [sys.executable, "-m", "sim.cli", "oracle", "--states", "120", "-q", "--json", str(out),
         "--layers", "quantity,kubectl,writer,parser"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert p.returncode == 0, p.stderr[-2000:]
    doc = json.loads(out.read_text())
    assert set(doc["layers"]) == {k for k, v in EXPECTED.items() if v != "kubectl-bin"}
    for v in doc["layers"].values():
        assert v["states"] >= 120 and v["mismatches"] == 0 and "masked" in v
    assert doc["tail_mismatches"] == []


def test_kubectl_go_as_a_side_of_memsim_diff(builds):
    # kubectl=go:LABEL: the stack's kubectl table printed by the real Go, the same rows as
    # the port (1.32.3's header aside: "CPU(%)")
    from ports.go import host
    from sim import pipeline, stacks
    from tests.sim.test_tail_handoff import v1_node

    node = v1_node(1588740096, 16374584)
    with host.use(node):
        port = pipeline.run(stacks.parse("k8s-1.28.3"))
        go = pipeline.run(stacks.parse("k8s-1.28.3,kubectl=go:kubectl-1.32.3"))
        # a kubelet that starts on this cgroup v1 node (1.35+ refuse it) with the newest kubectl
        go136 = pipeline.run(stacks.parse("k8s-1.34.0,kubectl=go:1.36.4"))
        latest = pipeline.run(stacks.parse("k8s-1.34.0,kubectl=0.36.3"))
    assert go.kubectl.table.splitlines()[0].split() == [
        "NAME",
        "CPU(cores)",
        "CPU(%)",
        "MEMORY(bytes)",
        "MEMORY(%)",
    ]
    # the same cells (the wider header widens the columns)
    assert [r.split() for r in go.kubectl.table.splitlines()[1:]] == [
        r.split() for r in port.kubectl.table.splitlines()[1:]
    ]
    assert (go.kubectl.memory, go.kubectl.memory_percent) == ("1515Mi", port.kubectl.memory_percent)
    assert go136.kubectl.table == latest.kubectl.table
    with pytest.raises(ValueError, match="no such kubectl build"):
        stacks.parse("k8s-1.28.3,kubectl=go:9.9.9")
    p = subprocess.run(
        [sys.executable, "-m", "sim.cli", "diff", "--before", "k8s-1.28.3", "--after",
         "k8s-1.28.3,kubectl=go:kubectl-1.32.3", "--states", "60", "--json", "-"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert p.returncode == 0, p.stderr[-2000:]
    doc = json.loads(p.stdout)
    assert doc["states_changed"] == 0 and doc["changed_fields"] == {}
