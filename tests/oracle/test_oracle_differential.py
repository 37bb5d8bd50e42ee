"""The ports against the real upstream Go code on generated and recorded states (sim.oracle).

`pytest -m oracle` runs the full tier: 10,000 generated states (synthetic and hostile: from
sim.states when the checkout has it, see oracle.planned) plus the recorded corpus through
each Debian build and its port (runc 1.1.5 ~
runc@v1.1.7, runc 1.1.15 ~ runc@v1.1.15, cgroups 0.0.5 ~ cgroups@v0.0.5), which must agree
on every case byte for byte. A plain `pytest` on a machine with the harness built runs a
smaller sample (MEMSIM_ORACLE_STATES overrides both).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import oracle_harness
import pytest
from oracle_harness import debian_src, patch_v2_root_usage_with_kernel

from fake_sysfs import load_builtin, random_world, render
from ports.go import errors, syscall
from ports.go import os as goos
from sim import oracle

pytestmark = pytest.mark.oracle

REPO = Path(__file__).resolve().parents[2]
FULL = 10_000
SAMPLE = 500
SEED = 20261127
DEBIAN = {
    "runc-1.1.5": "runc@v1.1.7",
    "runc-1.1.15": "runc@v1.1.15",
    "cgroups-0.0.5": "cgroups@v0.0.5",
}


def n_states(config: pytest.Config) -> int:
    return oracle_harness.n_states(config, FULL, SAMPLE)


def _describe(ms: list[oracle.Mismatch]) -> str:
    return "\n".join(
        f"{m.label} ~ {m.port} {m.family} {m.state} {m.cgroup!r}: "
        f"{'; '.join(f'{k}: {d}' for k, d in m.differences[:3])} "
        f"[memsim oracle {' '.join(m.replay)}] notes={m.notes}"
        for m in ms[:15]
    )


@pytest.fixture(scope="module")
def builds() -> list[oracle.Build]:
    b, why = oracle.load_builds()
    assert not why, why
    return b


def test_debian_builds_match_their_ports(
    builds: list[oracle.Build], request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    n = n_states(request.config)
    specs = oracle.planned(n, SEED) + oracle.recorded()
    report = oracle.compare(builds, specs, keep=tmp_path / "kept")
    assert {b.label: b.port for b in builds} == DEBIAN
    assert not report.mismatches, _describe(report.mismatches)
    assert report.families["recorded"] == 8
    assert report.families["hostile"] >= 0.05 * n
    assert report.families["synthetic"] >= 0.5 * n
    for label, v in report.versions.items():
        assert v.states == len(specs) >= n + 8, label
        assert v.cases > v.states  # recorded states compare every cgroup, some synthetic too
        assert v.mismatches == 0
    # the figures, for the log (pytest -s, or -rA)
    print(
        json.dumps(
            {
                "states": report.states,
                "seconds": round(report.seconds, 1),
                "phases": {k: round(x, 1) for k, x in report.phases.items()},
                "versions": {
                    k: {
                        "cases": v.cases,
                        "go_s": round(v.go_seconds, 1),
                        "port_s": round(v.port_seconds, 1),
                    }
                    for k, v in report.versions.items()
                },
            }
        )
    )


def test_the_kernel_lab_captures_match_their_ports(
    builds: list[oracle.Build], tmp_path: Path
) -> None:
    # every real-kernel capture the lab shipped (6.1, 6.12, 6.12 with CONFIG_MEMCG_V1, 7.2;
    # v1, v2 and v2 hosts without a v1 memory controller) through each Debian build and its
    # port: every cgroup of every capture, byte for byte
    from fake_sysfs.capture import lab_captures

    names = lab_captures()
    assert len(names) >= 200
    report = oracle.compare(builds, oracle.recorded(names), keep=tmp_path / "kept")
    assert not report.mismatches, _describe(report.mismatches)
    assert report.families["recorded"] == len(names)
    for label, v in report.versions.items():
        assert v.states == len(names), label
        assert v.cases > 2 * v.states, label  # the root and the workload's cgroups


def test_hostile_states_reach_the_error_paths(builds: list[oracle.Build]) -> None:
    """The hostile family is no decoration: the Go code errs on a good share of it, and the
    ports err alike (the comparison above), with every kind of error text upstream has."""
    states = [s.build() for s in oracle.planned(1500, SEED)]
    hostile = [s for s in states if s.notes]
    go = oracle.GoRunc("runc-1.1.15")
    res = go.batch([(s.tree, s.cgroups[0]) for s in hostile])
    errs = [r.error for r in res if r.error is not None]
    assert len(errs) > 0.25 * len(hostile)
    text = "\n".join(errs)
    for what in ("openat2 ", "invalid syntax", "value out of range", "no such file or directory"):
        assert what in text, what


def test_cli_json_and_exit_status(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim.cli",
            "oracle",
            "--states",
            "120",
            "--seed",
            "5",
            "-q",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert r.returncode == 0, r.stderr + r.stdout
    d = json.loads(out.read_text())
    n = len(oracle.planned(120, 5)) + 8
    assert set(d["versions"]) == set(DEBIAN)
    for label, v in d["versions"].items():
        assert (v["port"], v["states"], v["mismatches"]) == (DEBIAN[label], n, 0)
    assert d["states"]["total"] == n and d["mismatches"] == []
    assert "no mismatch" in r.stdout
    assert not (tmp_path / "oracle-mismatches").exists()
    # one state of a run, rebuilt from its replay arguments
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim.cli",
            "oracle",
            "--seed",
            "9",
            "--states",
            "40",
            "--pick",
            "7",
            "--no-recorded",
            "--only",
            "runc-1.1.5",
            "-q",
            "--json",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    d = json.loads(r.stdout[r.stdout.index("{") :])
    assert list(d["versions"]) == ["runc-1.1.5"] and d["states"]["total"] == 1


def test_runc_src_builds_a_tree_and_picks_its_port(tmp_path: Path) -> None:
    """Debian's own sources as if they were a reviewer's checkout (no VERSION file, no vendor/):
    detected by their memory code, built offline, and in agreement with their ports."""
    b = oracle.build_source(debian_src("runc-1.1.5", tmp_path))
    assert (b.flavor, b.port) == ("runc", "runc@v1.1.7")
    c = oracle.build_source(debian_src("cgroups-0.0.5", tmp_path))
    assert (c.flavor, c.port) == ("cgroups", "cgroups@v0.0.5")
    report = oracle.compare([b, c], oracle.planned(300, SEED + 1) + oracle.recorded())
    assert not report.mismatches, _describe(report.mismatches)
    # built once per content: the second call reuses the binary
    assert oracle.build_source(b.source).binary == b.binary


def test_a_patched_go_tree_is_caught_with_a_reproducer(tmp_path: Path) -> None:
    """A real Go patch against memsim's port of the unpatched code: every v2 root state
    differs in usage, and each mismatch replays from its kept tree and harness command."""
    src = debian_src("runc-1.1.15", tmp_path)
    patch_v2_root_usage_with_kernel(src)
    keep = tmp_path / "kept"
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim.cli",
            "oracle",
            "--runc-src",
            str(src),
            "--states",
            "150",
            "--seed",
            "1",
            "-q",
            "--keep",
            str(keep),
            "--json",
            str(tmp_path / "r.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 1, r.stderr + r.stdout
    d = json.loads((tmp_path / "r.json").read_text())
    ((_label, v),) = d["versions"].items()
    assert v["port"] == "runc@v1.1.15" and v["mismatches"] > 0
    ms = d["mismatches"]
    assert {tuple(m["kinds"]) for m in ms} == {("stats",)}
    assert all(m["cgroup"] == "/sys/fs/cgroup" for m in ms)
    assert all(any(x.startswith("stats: usage.usage:") for x in m["differences"]) for m in ms)
    assert "MISMATCH" in r.stdout and "replay:" in r.stdout
    m = ms[0]
    # the kept tree through the Go harness: the patched value
    go_line = subprocess.run(
        m["go_command"], shell=True, capture_output=True, text=True, check=True
    ).stdout
    got = json.loads(go_line)["stats"]
    assert got == json.loads(m["go"]["stats"])
    assert got["usage"]["usage"] != json.loads(m["port_side"]["stats"])["usage"]["usage"]
    # and the replay arguments rebuild the same mismatch
    r2 = subprocess.run(
        [sys.executable, "-m", "sim.cli", *m["replay"][1:], "-q", "--json", "-"],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # its kept tree goes to ./oracle-mismatches
        check=False,
    )
    assert r2.returncode == 1
    assert (tmp_path / "oracle-mismatches").is_dir()
    d2 = json.loads(r2.stdout[r2.stdout.index("{\n") :])
    assert d2["mismatches"][0]["differences"] == m["differences"]


def test_gorunc_batch_gives_port_structs(builds: list[oracle.Build]) -> None:
    trees = [render(random_world(s), None, scope="node") for s in range(20)]
    trees.append(load_builtin("v2-kernel6.18/2-exited"))
    for label, port in DEBIAN.items():
        g = oracle.GoRunc(label)
        assert g.build.port == port
        cases = [
            *trees,
            (trees[0], "/sys/fs/cgroup/missing"),
            (trees[-1], "/sys/fs/cgroup/system.slice"),
        ]
        res = g.batch(cases)
        assert len(res) == len(cases)
        for r in res:
            assert r.failure is None and r.panic is None
            assert isinstance(r.stats, g.MemoryStats)
            text, _ = g.port.marshal(r.stats, go_version=g.build.go_version)
            assert text == r.stats_json
        miss = res[-2]
        assert miss.error is not None and miss.error.startswith("openat2 /sys/fs/cgroup/missing/")
        assert goos.IsNotExist(miss.err) and errors.Is(miss.err, syscall.ENOENT)
        assert miss.err.Error() == miss.error
        ms, err = g.memory_stats(trees[0])
        assert err is None and ms.usage.usage > 0
    with pytest.raises(oracle.OracleError, match="neither a built version"):
        oracle.GoRunc("runc-9.9.9")


def test_memsim_runc_batch_prints_the_harness_lines(
    builds: list[oracle.Build], tmp_path: Path
) -> None:
    """`memsim runc --batch` (the port) and the harness (the Go) print the same line for the
    same case, byte for byte: the two can be diffed directly."""
    states = [s.build() for s in oracle.planned(150, SEED + 2)]
    cases = []
    for i, st in enumerate(states):
        if "/proc/meminfo" not in st.tree.files:  # memsim runc loads captures, which need it
            continue
        d = oracle.write_tree(st.tree, tmp_path / str(i))
        cases += [(d, cg) for cg in st.cgroups]
    text = "".join(f"{d}\t{cg}\n" for d, cg in cases)
    for b in builds:
        go = oracle.run_harness(b, cases)
        spelling = b.port.replace("runc@v", "").replace("cgroups@v", "cgroups-")
        r = subprocess.run(
            [sys.executable, "-m", "sim.cli", "runc", "--version", spelling, "--batch"],
            input=text,
            capture_output=True,
            text=True,
            check=True,
        )
        mine = r.stdout.splitlines()
        assert len(mine) == len(go)
        bad = [(a, g) for a, g in zip(mine, go, strict=True) if a != g]
        assert not bad, f"{b.label}: {len(bad)} lines differ, first:\n{bad[0][0]}\n{bad[0][1]}"
