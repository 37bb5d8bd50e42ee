"""`memsim explain`: captures and generated states through a stack, human and --json output."""

from __future__ import annotations

import json
import sys
import types

import pytest

import fake_sysfs
from sim import pipeline, stacks
from sim.cli import main
from sim.commands import explain as cmd


def run_json(capsys, *argv: str) -> dict:
    assert main(["explain", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_keys_and_values(capsys):
    d = run_json(capsys, "--stack", "k8s-1.28.3", "--capture", "builtin:v2-kernel6.18/2-exited")
    for key in ("runc", "cadvisor", "kubelet", "metrics_server", "kubectl"):
        assert key in d
    assert set(d["kubectl"]) >= {"memory_bytes", "memory", "memory_percent"}
    ws = d["cadvisor"]["memory"]["WorkingSet"]
    assert d["kubelet"]["node_memory"]["workingSetBytes"] == ws
    assert d["kubelet"]["exposition_line"].startswith("node_memory_working_set_bytes ")
    assert d["metrics_server"] == ws == d["kubectl"]["memory_bytes"]
    assert d["kubectl"]["memory"] == f"{ws >> 20}Mi"
    # runc's own JSON: the root's MemoryStats as runc v1.1.7 marshals them
    assert d["runc"]["usage"]["usage"] == d["cadvisor"]["memory"]["Usage"]
    assert d["cgroup"] == "v2" and d["tree"]["fstype"] == "cgroup2fs"
    paths = [r["path"] for r in d["reads"]]
    assert "/sys/fs/cgroup/memory.stat" in paths and "/proc/meminfo" in paths
    assert any(r["result"] == "ENOENT" for r in d["reads"])  # the root's memory.current
    layers = [s["layer"] for s in d["steps"]]
    assert layers[0] == "runc" and layers[-1] == "kubectl"
    assert all(s["upstream"] for s in d["steps"])


def test_every_upstream_reference_names_a_tag_file_and_lines(capsys):
    d = run_json(capsys, "--stack", "k8s-latest", "--capture", "builtin:v2-kernel6.18/0-idle")
    for s in d["steps"]:
        assert s["upstream"].count("@") == 1 and ".go:" in s["upstream"], s


def test_a_kubelet_that_refuses_the_node_is_a_failure_not_numbers(capsys):
    """1.35+ on cgroup v1 (failCgroupV1 on by default): explain names the refusal, exit 1."""
    rc = main(["explain", "--stack", "k8s-1.35.0", "--capture", "builtin:v1-kernel6.18/0-idle"])
    err = " ".join(capsys.readouterr().err.split())
    assert rc == 1
    assert (
        "k8s-1.35.0 fails on this node, as upstream would: kubelet is configured to not run "
        "on a host using cgroup v1. cgroup v1 support is unsupported and will be removed in a "
        "future release (in kubelet: validateKubeletOSConfiguration" in err
    )


def test_dropped_node_gives_null_metrics_server(tmp_path, capsys):
    """A v2 root without memory.stat (kernel 4.18): runc stops before any usage, cAdvisor
    ignores the root's error, the working set is 0 and metrics-server drops the node
    (kubernetes#111291)."""
    w = fake_sysfs.random_world(1, profile="4.18-rhel8", mode="v2")
    tree = fake_sysfs.render(w, "v2")
    assert "/sys/fs/cgroup/memory.stat" not in tree.files
    fake_sysfs.write_capture(tree, tmp_path / "c")
    d = run_json(capsys, "--stack", "k8s-1.28.3", "--capture", str(tmp_path / "c"))
    assert d["metrics_server"] is None
    assert d["kubelet"]["node_memory"]["workingSetBytes"] == 0
    assert d["kubectl"]["memory_bytes"] is None
    assert d["kubectl"]["error"] == "metrics not available yet"


def test_human_output(capsys):
    assert (
        main(["explain", "--stack", "k8s-1.28.3", "--capture", "builtin:v1-kernel6.18/2-exited"])
        == 0
    )
    out = capsys.readouterr().out
    for text in (
        "files read",
        "memory.usage_in_bytes",
        "Usage - total_inactive_file",
        "kubectl top node",
        "789Mi",
    ):
        assert text in out


def test_allocatable_flags(capsys):
    base = run_json(capsys, "--stack", "k8s-1.28.3", "--capture", "builtin:v1-kernel6.18/2-exited")
    d = run_json(
        capsys,
        "--stack",
        "k8s-1.28.3",
        "--capture",
        "builtin:v1-kernel6.18/2-exited",
        "--system-reserved",
        "1Gi",
        "--kube-reserved",
        "500M",
        "--eviction-hard",
        "nodefs.available<10%",
    )
    alloc = next(s for s in d["steps"] if s["name"] == "node allocatable memory")
    base_alloc = next(s for s in base["steps"] if s["name"] == "node allocatable memory")
    assert base_alloc["value"] - alloc["value"] == (1 << 30) + 500_000_000 - (100 << 20)
    cap = run_json(
        capsys,
        "--stack",
        "k8s-1.28.3",
        "--capture",
        "builtin:v1-kernel6.18/2-exited",
        "--show-capacity",
    )
    assert "capacity" in next(s for s in cap["steps"] if s["name"] == "MEMORY%")["formula"]


@pytest.mark.parametrize(
    ("argv", "msg"),
    [
        (["--capture", "builtin:v1-kernel6.18/0-idle"], "--stack is required"),
        (["--stack", "k8s-1.28.3"], "give --capture"),
        (["--stack", "k8s-1.28.3", "--scenario", "x"], "--scenario needs --seed"),
        (
            [
                "--stack",
                "k8s-1.28.3",
                "--capture",
                "builtin:v1-kernel6.18/0-idle",
                "--cgroup",
                "v2",
            ],
            "a capture's cgroup layout",
        ),
        (["--stack", "k8s-9", "--capture", "builtin:v1-kernel6.18/0-idle"], "unknown stack"),
        (
            [
                "--stack",
                "k8s-1.28.3",
                "--capture",
                "builtin:v1-kernel6.18/0-idle",
                "--kube-reserved",
                "memory=-1Gi",
            ],
            '--kube-reserved: resource quantity for "memory" cannot be negative: -1Gi',
        ),
        (
            [
                "--stack",
                "k8s-1.28.3",
                "--capture",
                "builtin:v1-kernel6.18/0-idle",
                "--eviction-hard",
                "memory.available<150%",
            ],
            "--eviction-hard: 'memory.available<150%': eviction percentage threshold "
            "memory.available must be <= 100%: 150%",
        ),
        (
            [
                "--stack",
                "k8s-1.28.3",
                "--capture",
                "builtin:v1-kernel6.18/0-idle",
                "--eviction-hard",
                "100Mi",
            ],
            "want SIGNAL<VALUE, e.g. memory.available<100Mi",
        ),
    ],
)
def test_argument_errors(argv, msg, capsys):
    assert main(["explain", *argv]) == 2
    err = capsys.readouterr().err
    assert msg in err and err.count("\n") == 1  # one line, no traceback


def test_eviction_in_explain(capsys):
    """memory.available as the eviction manager observes it, with a percentage threshold:
    GetThresholdQuantity of float32(0.05) times the capacity (availableBytes + workingSet)."""
    from ports.kubelet.v1_28_3.pkg.kubelet.eviction.api import float32

    d = run_json(capsys, "--stack", "k8s-1.28.3", "--capture", "builtin:v2-kernel6.18/2-exited",
                 "--eviction-hard", "memory.available<5%")  # fmt: skip
    ev = d["eviction"]
    node = d["kubelet"]["node_memory"]
    assert ev["memory_available"] == node["availableBytes"]
    assert ev["capacity"] == node["availableBytes"] + node["workingSetBytes"]
    assert ev["threshold"] == "memory.available<5%"
    assert ev["threshold_bytes"] == int(float(ev["capacity"]) * float32(0.05))
    assert ev["met"] is (ev["threshold_bytes"] > ev["memory_available"])
    assert ev["allocatable_memory_available"] == {
        "observed": False,
        "error": 'Eviction manager: failed to construct signal: system container "pods" '
        "not found in metrics",
    }
    names = [s["name"] for s in d["steps"]]
    assert "eviction memory.available capacity" in names
    met = next(s for s in d["steps"] if s["name"] == "eviction memory.available<5%")
    assert met["upstream"].endswith("pkg/kubelet/eviction/helpers.go:744-770")
    # the same percentage reserves float32(0.05) x MemTotal for allocatable
    alloc = next(s for s in d["steps"] if s["name"] == "node allocatable memory")
    cap = alloc["inputs"]["capacity"]
    assert alloc["inputs"]["eviction_hard"] == int(float(cap) * float32(0.05))
    # a threshold above what is available is met
    big = run_json(capsys, "--stack", "k8s-1.28.3", "--capture", "builtin:v2-kernel6.18/2-exited",
                   "--eviction-hard", "memory.available<200Gi")  # fmt: skip
    assert big["eviction"]["met"] is True


def test_bad_capture(tmp_path, capsys):
    """A capture that cannot be loaded is bad input: one line, exit 2 (sim.usage)."""
    assert main(["explain", "--stack", "k8s-1.28.3", "--capture", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert err == f"memsim explain: {tmp_path / 'nope'}: no such file or directory\n"


def test_scenario_without_generator(capsys, monkeypatch):
    """Until sim.states lands, --scenario says so (sim.states set to None: import fails)."""
    monkeypatch.setitem(sys.modules, "sim.states", None)
    rc = main(["explain", "--stack", "k8s-1.28.3", "--scenario", "idle", "--seed", "3"])
    assert rc == 1
    err = capsys.readouterr().err
    assert "sim.states.synthetic" in err and "not available yet" in err
    with pytest.raises(cmd.StateGeneratorMissing):
        cmd.synthetic_tree("idle", 3, None)


def test_scenario_through_the_generator(capsys, monkeypatch):
    calls = []

    def synthetic(scenario, seed, index=0, view=None):
        calls.append((scenario, seed, index, view))
        w = fake_sysfs.random_world(seed, profile="6.1", mode="v2")
        return fake_sysfs.render(w, view or w.mode, scope="node")

    monkeypatch.setitem(sys.modules, "sim.states", types.SimpleNamespace(synthetic=synthetic))
    d = run_json(
        capsys, "--stack", "k8s-1.29.0", "--scenario", "steady", "--seed", "7", "--cgroup", "v1"
    )
    assert calls == [("steady", 7, 0, "v1")]
    assert d["cgroup"] == "v1"


def test_list_captures(capsys):
    assert main(["explain", "--list-captures"]) == 0
    assert capsys.readouterr().out.split() == [
        "builtin:" + n for n in fake_sysfs.builtin_captures()
    ]


def test_teach_needs_recorded_reads():
    from ports.go import host

    tree = fake_sysfs.load_capture("builtin:v1-kernel6.18/0-idle")
    with host.use(host.FakeHost(tree.mounts, files=tree.files)):
        res = pipeline.run(stacks.parse("k8s-1.28.3"))
    assert res.reads is None
    with pytest.raises(ValueError, match="record=True"):
        pipeline.teach(res)
