"""Issue 16 against the real Go: the errno of a cgroup path Go cannot open (a NUL: EINVAL; a
name over NAME_MAX or a path over PATH_MAX: ENAMETOOLONG in the harness's tmpfs) and the
harness's answer when json.Marshal refuses a PSI average (NaN, +Inf, -Inf) or a blank line
in memory.pressure panics: `memsim runc`'s line equals the harness's, field for field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from oracle_harness import Harness

from fake_sysfs import load_capture, write_capture
from ports import runc as runc_ports
from sim.commands import runc as cli

pytestmark = pytest.mark.oracle

PAIRS = [("runc-1.1.5", "1.1.7"), ("runc-1.1.15", "1.1.15"), ("cgroups-0.0.5", "cgroups-0.0.5")]
LONG = "a" * 256
DEEP = "/".join(["ab"] * 1400)


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    d = tmp_path_factory.mktemp("errno")
    out = {}
    for name in ("v1-kernel6.18/0-idle", "v2-kernel6.18/0-idle"):
        out[name[:2]] = str(write_capture(load_capture(f"builtin:{name}"), d / name[:2]))
    v2 = load_capture("builtin:v2-kernel6.18/0-idle")
    rest = "avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
    for token in ("nan", "inf", "-Infinity"):
        t = v2.with_file("/sys/fs/cgroup/memory.pressure", f"some avg10={token} {rest}".encode())
        out[f"psi-{token}"] = str(write_capture(t, d / f"psi{token}"))
    blank = b"some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n\n"
    out["psi-blank"] = str(
        write_capture(v2.with_file("/sys/fs/cgroup/memory.pressure", blank), d / "blank")
    )
    return out


def _cases(trees: dict[str, str], manager: bool) -> list[tuple[str, str | None]]:
    """With the manager, v1 only for the paths: the v2 manager's GetStats also reads pids,
    io, cpu, hugetlb, rdma and misc, whose (non-ENOENT) errors it joins in, and the ports
    model the memory controller only (docs/oracle.md, known limits)."""
    cases: list[tuple[str, str | None]] = []
    views = (
        (("v1", "/sys/fs/cgroup/memory"),)
        if manager
        else (("v1", "/sys/fs/cgroup/memory"), ("v2", "/sys/fs/cgroup"))
    )
    for view, base in views:
        root = trees[view]
        for cg in (
            f"{base}/a\x00b",
            f"/sys/fs/cgroup/{LONG}",
            f"{base}/{LONG}",
            f"{base}/{LONG}/x",
            f"/sys/fs/cgroup/nope/{LONG}",
            f"/sys/fs/cgroup/{DEEP}",
            base + "/" + "a" * 255,
        ):
            cases.append((root, cg))
    cases += [(trees[k], None) for k in trees if k.startswith("psi")]
    return cases


@pytest.mark.parametrize("manager", [False, True])
@pytest.mark.parametrize(("label", "version"), PAIRS)
def test_errno_and_marshal_failures_equal_the_harness(
    harnesses: dict[str, Harness], trees: dict[str, str], label: str, version: str, manager: bool
) -> None:
    if label not in harnesses:
        pytest.skip(f"{label} not built")
    cases = _cases(trees, manager)
    go = harnesses[label].run(cases, manager=manager)
    R = runc_ports.get(version)()
    ours = [json.loads(cli.run_case(R, root, cg, manager)) for root, cg in cases]
    assert len(go) == len(ours) == len(cases)
    for case, g, o in zip(cases, go, ours, strict=True):
        assert o == g, (label, manager, Path(case[0]).name, (case[1] or "")[:60])
    errors = " ".join(str(g.get("error")) + str(g.get("harness_error")) for g in go)
    assert "invalid argument" in errors and "file name too long" in errors
    if label.startswith("cgroups") and manager:
        assert "json: unsupported value: NaN" in errors and "index out of range" in errors
