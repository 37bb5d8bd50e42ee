"""This machine as a node (issue 7's "done when"): capture then explain --capture gives the
working set the upstream formulas give for the captured files; explain --live and inspect --live
run every stack on the host's own files; a hostile capture exits non-zero and writes nothing."""

from __future__ import annotations

import io
import json
import os
import tarfile
from pathlib import Path

import pytest

from fake_sysfs import load_capture
from ports import registry
from sim import stacks
from sim.cli import main

V1 = "/sys/fs/cgroup/memory/memory.usage_in_bytes"
V2 = "/sys/fs/cgroup/memory.stat"
live = pytest.mark.skipif(
    not os.access(V1, os.R_OK) and not os.access(V2, os.R_OK),
    reason="this machine's cgroup memory files are not readable",
)


def _kv(text: str) -> dict[str, int]:
    out = {}
    for line in text.splitlines():
        k, _, v = line.partition(" ")
        out[k] = int(v)
    return out


def _meminfo_kb(text: str, key: str) -> int:
    for line in text.splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def expected_working_set(t) -> int:  # type: ignore[no-untyped-def]
    """The node working set by the upstream formulas, written out (cadvisor-kubelet.md):
    v1 (runc fs, cAdvisor setMemoryStats): memory.usage_in_bytes - total_inactive_file, >= 0;
    v2 root after runc #3933 (k8s-1.29.0's runc v1.1.10): anon + file - inactive_file, >= 0."""
    if t.fstype == "tmpfs":
        usage = int(t.read("/sys/fs/cgroup/memory/memory.usage_in_bytes"))
        inactive = _kv(t.read("/sys/fs/cgroup/memory/memory.stat"))["total_inactive_file"]
    else:
        st = _kv(t.read("/sys/fs/cgroup/memory.stat"))
        usage, inactive = st["anon"] + st["file"], st["inactive_file"]
    return max(usage - inactive, 0)


@pytest.mark.live
@live
def test_capture_then_explain_gives_the_formula_working_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "node.tar.gz"
    assert main(["capture", str(out)]) == 0
    capsys.readouterr()
    t = load_capture(out)
    assert main(["explain", "--stack", "k8s-1.29.0", "--capture", str(out), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    ws = expected_working_set(t)
    assert d["kubelet"]["node_memory"]["workingSetBytes"] == ws
    assert d["kubectl"]["memory"] == f"{ws >> 20}Mi"
    assert d["cgroup"] == ("v1" if t.fstype == "tmpfs" else "v2")
    # the v1 node's MemTotal is cAdvisor's machine limit: the capacity the kubectl row divides by
    mem_total = _meminfo_kb(t.read("/proc/meminfo"), "MemTotal") * 1024
    assert d["cadvisor"]["spec_memory_limit"] == mem_total


@pytest.mark.live
@live
def test_explain_live_follows_the_hosts_own_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--stack", "k8s-1.28.3", "--live", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["tree"]["source"].startswith("live: ")
    assert d["tree"]["kernel"] == os.uname().release
    reads = {r["path"]: r["values"] for r in d["reads"] if r["layer"] == "runc"}
    if d["tree"]["fstype"] == "tmpfs":
        # one instant: the working set is the formula on the very bytes the ports read
        usage = reads[V1]["memory.usage_in_bytes"]
        inactive = reads["/sys/fs/cgroup/memory/memory.stat"]["total_inactive_file"]
        assert d["kubelet"]["node_memory"]["workingSetBytes"] == max(usage - inactive, 0)
        assert "the v2 view cannot be read live" in d["tree"]["note"]
    assert main(["explain", "--stack", "k8s-1.28.3", "--live", "--seed", "1"]) == 2
    assert "live host's cgroup layout is its own" in capsys.readouterr().err


@pytest.mark.live
@live
def test_inspect_live_prints_one_row_per_stack(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", "--live", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert [r["stack"] for r in d["rows"]] == list(stacks.PRESETS)
    view = "v1" if d["node"]["fstype"] == "tmpfs" else "v2"
    for r in d["rows"]:
        refuses = getattr(
            registry.get(stacks.parse(r["stack"]).kubelet.registry)(),
            "FAIL_CGROUP_V1_DEFAULT",
            False,
        )
        if view == "v1" and refuses:  # 1.35+: the kubelet would not start on this node
            assert "to not run on a host using cgroup v1" in r["error"] and r["usage_bytes"] is None
            continue
        assert r["view"] == view and r["error"] is None
        assert r["working_set_bytes"] > 0 and r["usage_bytes"] >= r["working_set_bytes"]
        assert r["kubectl_memory"].endswith("Mi")
    if view == "v1":
        assert "the v2 view cannot be read live" in d["note"]
    assert main(["inspect", "--live"]) == 0
    text = capsys.readouterr().out
    for name in stacks.PRESETS:
        assert sum(line.startswith(name + " ") for line in text.splitlines()) == 1


def test_inspect_a_capture_side_by_side(capsys: pytest.CaptureFixture[str]) -> None:
    cap = "builtin:v2-kernel6.18/2-exited"
    assert main(["inspect", "--capture", cap, "--json"]) == 0
    rows = {r["stack"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
    t = load_capture(cap)
    st = _kv(t.read(V2))
    meminfo = t.read("/proc/meminfo")
    used = (_meminfo_kb(meminfo, "MemTotal") - _meminfo_kb(meminfo, "MemFree")) * 1024
    # before runc #3933 (k8s-1.28.3): MemTotal - MemFree; after: anon + file
    assert rows["k8s-1.28.3"]["usage_bytes"] == used
    assert rows["k8s-1.28.3"]["working_set_bytes"] == used - st["inactive_file"]
    assert rows["k8s-1.29.0"]["usage_bytes"] == st["anon"] + st["file"]
    assert rows["k8s-1.29.0"]["working_set_bytes"] == expected_working_set(t)


def test_a_hostile_capture_exits_nonzero_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(bad, "w:gz") as tf:
        for name, data in (("fstype", b"tmpfs\n"), ("proc/meminfo", b"MemTotal: 1 kB\n")):
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            tf.addfile(ti, io.BytesIO(data))
        ti = tarfile.TarInfo("../../escape")
        ti.size = 1
        tf.addfile(ti, io.BytesIO(b"x"))
    before = sorted(p.name for p in tmp_path.parent.iterdir())
    for argv in (
        ["explain", "--stack", "k8s-1.28.3", "--capture", str(bad)],
        ["inspect", "--capture", str(bad)],
    ):
        assert main(argv) == 2  # bad input (sim.usage)
        err = capsys.readouterr().err
        assert "../../escape: path with '..' refused" in err
    assert sorted(p.name for p in tmp_path.parent.iterdir()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.tar.gz"]


def test_inspect_eviction_column(capsys: pytest.CaptureFixture[str]) -> None:
    """The mem.avail/evict columns: memory.available as the eviction manager observes it (the
    Summary's availableBytes), and a hard threshold between 1.28.3's and 1.29.0's values is met
    on the one (its inflated working set leaves less available) and not on the other."""
    cap = "builtin:v2-kernel6.18/2-exited"
    argv = ["inspect", "--capture", cap, "--stack", "k8s-1.28.3", "--stack", "k8s-1.29.0"]
    assert main([*argv, "--eviction-hard", "memory.available<128000Mi", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    old, new = rows
    assert old["memory_available_bytes"] < 128000 << 20 < new["memory_available_bytes"]
    assert (old["eviction_met"], new["eviction_met"]) == (True, False)
    assert old["eviction_threshold"] == "memory.available<125Gi"  # Quantity.String()
    assert main([*argv, "--eviction-hard", "memory.available<128000Mi"]) == 0
    out = capsys.readouterr().out
    assert "mem.avail" in out and " met" in out
    assert main([*argv, "--eviction-hard", "mem<1"]) == 2
    assert capsys.readouterr().err == (
        "memsim inspect: --eviction-hard: 'mem<1': unsupported eviction signal mem\n"
    )
