"""Real Go as a side of `memsim diff` (issue 6: "memsim diff can take a Go source tree as either
side"): `STACK,runc=go:SOURCE` puts the Go's memory statistics under the stack's ports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from oracle_harness import debian_src, patch_v2_root_usage_with_kernel

from fake_sysfs import load_capture
from sim import diff, sides, states
from sim.cli import main

pytestmark = pytest.mark.oracle


def _run(before: str, after: str, n: int, jobs: int = 1) -> diff.Outcome:
    cfg = diff.DiffConfig(
        before=sides.parse(before),
        after=sides.parse(after),
        states=n,
        seed=11,
        corpus=("builtin",),
        jobs=jobs,
    )
    return diff.run(cfg)


@pytest.mark.parametrize(
    ("port", "go"),
    [("k8s-1.28.3", "runc-1.1.5"), ("k8s-1.28.3,runc=1.1.15", "runc-1.1.15")],
)
def test_a_go_side_equals_its_port_through_the_whole_stack(port: str, go: str) -> None:
    stack = port.split(",")[0]
    out = _run(port, f"{stack},runc=go:{go}", 400, jobs=2)
    s = out.summary
    assert s["states_compared"] == 408 and s["states_by_kind"]["hostile"] > 0
    assert s["states_changed"] == 0 and s["node_changed"] == 0, s["examples"][:2]
    assert s["errors"]["before"] == s["errors"]["after"]
    assert any(k.startswith("runc:") for k in s["errors"]["after"])  # Go's errors, classed
    assert s["memsim_bug_count"] == 0


def test_the_fix_through_real_go_moves_the_recorded_v2_nodes_by_the_documented_gap() -> None:
    refs = states.plan(0, 0, corpus=("builtin",))
    before = sides.parse("k8s-1.28.3,runc=go:runc-1.1.5")
    after = sides.parse("k8s-1.28.3,runc=go:runc-1.1.15")
    got = {}
    for r in refs:
        rec = diff.process(r.index, r, before, after)
        assert rec.ws[0] is not None and rec.ws[1] is not None
        got[r.source.removeprefix("builtin:")] = round((rec.ws[0] - rec.ws[1]) / 2**20)
    # ../recorded README: (MemTotal-MemFree) - inactive_file against (anon+file) - inactive_file
    assert {k: v for k, v in got.items() if k.startswith("v2-")} == {
        "v2-kernel6.18/0-idle": 277,
        "v2-kernel6.18/2-exited": 352,
        "v2-kernel6.18/3-reparented": 357,
        "v2-kernel6.18/4-cleaned": 291,
    }
    assert all(v == 0 for k, v in got.items() if k.startswith("v1-"))


def test_a_patched_go_checkout_as_a_side(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A reviewer's Go patch, diffed against the port of the code it patches: v2 roots move by
    exactly the memory.stat `kernel` the patch adds; v1 states do not move."""
    src = debian_src("runc-1.1.15", tmp_path)
    patch_v2_root_usage_with_kernel(src)
    json_out = tmp_path / "d.json"
    argv = [
        "diff",
        "--before",
        "k8s-1.28.3,runc=1.1.15",
        "--after",
        f"k8s-1.28.3,runc=go:{src}",
        "--states",
        "120",
        "--corpus",
        "none",
        "--no-progress",
        "--json",
        str(json_out),
    ]
    assert main(argv) == 0
    capsys.readouterr()
    s = json.loads(json_out.read_text())
    assert s["after"]["stack"]["components"][0]["registry"].startswith("go:")
    assert "real Go" in s["after"]["stack"]["components"][0]["tag"]
    assert s["changed_fields"]["runc.memory_stats.usage.usage"] > 0
    views = {v: r["delta_working_set_mib"] for v, r in s["by_view"].items() if r["states"]}
    assert all(d["min"] >= 0 for d in views.values() if d)
    assert views["synthetic-v2"]["max"] > 0 and views["synthetic-v1"]["max"] == 0
    for t in s["examples"]:
        if t["why"] in ("largest decrease", "largest increase"):
            assert t["state"]["view"] == "v2"


def test_inspect_and_explain_take_a_go_stack(capsys: pytest.CaptureFixture) -> None:
    cap = "builtin:v2-kernel6.18/2-exited"
    argv = ["inspect", "--capture", cap, "--json"]
    for s in ("k8s-1.28.3", "k8s-1.28.3,runc=go:runc-1.1.5", "k8s-1.28.3,runc=1.1.15"):
        argv += ["--stack", s]
    argv += ["--stack", "k8s-1.28.3,runc=go:runc-1.1.15"]
    assert main(argv) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    strip = [{k: v for k, v in r.items() if k not in ("stack", "runc")} for r in rows]
    assert strip[0] == strip[1] and strip[2] == strip[3]  # each Go equals its port
    # the fix: (MemTotal - MemFree) against anon + file, from the capture's own files
    t = load_capture(cap)
    kb = {ln.split(":")[0]: int(ln.split()[1]) for ln in t.read("/proc/meminfo").splitlines()}
    st = {
        ln.split()[0]: int(ln.split()[1])
        for ln in t.read("/sys/fs/cgroup/memory.stat").splitlines()
    }
    gap = (kb["MemTotal"] - kb["MemFree"]) * 1024 - (st["anon"] + st["file"])
    assert rows[0]["working_set_bytes"] - rows[3]["working_set_bytes"] == gap
    assert main(["explain", "--stack", "k8s-1.28.3,runc=go:runc-1.1.15", "--capture", cap]) == 0
    out = capsys.readouterr().out
    assert "568Mi" in out
    # the Go answers runc's numbers: explain says so, and calls nothing patched
    assert "the real Go code computes this" in " ".join(out.split())
    assert "patched:" not in out
    assert main(["inspect", "--live", "--stack", "k8s-1.28.3,runc=go:runc-1.1.15"]) == 2
    assert "capture it first" in capsys.readouterr().err
