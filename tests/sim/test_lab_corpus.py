"""The shipped kernel-lab corpus (fake_sysfs/corpus/lab, docs/lab.md): what it holds, that the
model reproduces every capture within the stated tolerances, that one ground truth fitted on
one cgroup version's capture renders the other's, that memsim diff pairs its v1 and v2
captures, and that docs/lab.md's generated tables are the captures' (regenerated and compared)."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import pytest

import fake_sysfs
from fake_sysfs.capture import lab_root
from fake_sysfs.lab.fit import PAIR_TOLERANCES, TOLERANCES
from fake_sysfs.lab.workloads import MOMENTS
from sim import diff, lab, sides, states

DOC = Path(__file__).resolve().parents[2] / "docs" / "lab.md"
CAPS = lab.captures()
MiB = 1 << 20


def test_the_corpus_holds_pairs_from_three_kernels() -> None:
    kernels = Counter(c.kernel for c in CAPS)
    assert {"6.1", "6.12", "6.12-memcgv1", "7.2"} <= set(kernels)
    by = Counter((c.kernel, c.workload, c.mode) for c in CAPS)
    # every boot has its four moments
    assert set(by.values()) == {len(MOMENTS)}
    pairs = {(k, w) for (k, w, m) in by if m == "v1" and (k, w, "v2") in by}
    # v1/v2 pairs: 6.1 (Debian's own) and 6.12 (Debian's source, built with CONFIG_MEMCG_V1=y)
    for k in ("6.1", "6.12-memcgv1"):
        assert len({w for kk, w in pairs if kk == k}) >= 3
    # the v2-only kernels: v2 boots, and a v1 node without memory cgroups
    for k in ("6.12", "7.2"):
        modes = {m for (kk, _, m) in by if kk == k}
        assert modes == {"v2", "v1nomem"}
        assert len({w for (kk, w, m) in by if kk == k and m == "v2"}) >= 3


def test_manifests_name_package_cmdline_mode_workload_moment() -> None:
    for c in CAPS:
        m = c.manifest
        assert m["memsim"] == "lab" and m["moment"] == c.moment and m["label"] == c.mode
        assert m["kernel"]["name"] == c.kernel and m["kernel"]["packages"]
        assert m["workload"]["name"] == c.workload and "seed" in m["workload"]
        assert m["cmdline"].startswith("console=ttyS0") and f"kl.mode={m['mode']}" in m["cmdline"]
        assert m["pair"] == (None if c.mode == "v1nomem" else f"{c.kernel}/{c.workload}/{c.moment}")
        assert m["memory_controller"] == (c.mode != "v1nomem")
        errors = [
            e
            for e in m["errors"]
            if "no cgroup v1 memory controller" not in e and "Invalid argument" not in e
        ]
        assert errors == [], c.source


def test_package_data_stays_small() -> None:
    size = sum(p.stat().st_size for p in lab_root().rglob("*") if p.is_file())
    assert size < 4 << 20, f"the lab corpus is {size / MiB:.1f} MiB"


def test_v1nomem_captures_have_no_v1_memory_hierarchy() -> None:
    nomem = [c for c in CAPS if c.mode == "v1nomem"]
    assert nomem
    for c in nomem:
        t = fake_sysfs.load_capture(c.source)
        assert not t.is_v2 and "/sys/fs/cgroup/memory" not in t.mounts
        assert not [p for p in t.files if p.startswith("/sys/fs/cgroup/memory/")]
        # the memory controller is on the unified hierarchy, every task in its root
        assert t.read("/sys/fs/cgroup/unified/cgroup.controllers").split().count("memory") == 1
        assert "/sys/fs/cgroup/unified/memory.stat" in t.files


@pytest.fixture(scope="module")
def checks() -> list[tuple[lab.Capture, object]]:
    return lab.model_checks(CAPS)  # type: ignore[return-value]


def test_the_model_reproduces_every_capture_within_its_tolerance(checks: list) -> None:
    assert len(checks) == sum(1 for c in CAPS if c.mode != "v1nomem")
    bad = [
        (c.source, r.file, r.key, r.kernel, r.model, r.cls)
        for c, ch in checks
        for r in ch.failures()
    ]
    assert bad == []
    # the classes are exercised: every tolerance but root-usage on v2 is measured on every kernel
    seen = Counter(cls for _, ch in checks for cls in ch.worst())
    assert {"fitted", "counter", "lru", "meminfo", "available", "root-usage"} <= set(seen)
    for cls, (tol, why) in TOLERANCES.items():
        assert why and (tol >= 0 or cls == "unmodelled")


def test_one_truth_renders_the_other_version_of_each_pair() -> None:
    pcs = lab.pair_checks(CAPS)
    kernels = {src.kernel for src, _, _ in pcs}
    assert {"6.1", "6.12-memcgv1"} <= kernels
    rows = [r for _, _, rs in pcs for r in rs]
    assert len(rows) > 1000
    assert [(r.file, r.key, r.delta, r.cls) for r in rows if not r.ok] == []
    # most numbers are held to the model's own tolerance, not to the boots' noise
    assert sum(r.cls == "pair" for r in rows) > 0.7 * len(rows)


def test_memsim_diff_pairs_lab_captures_as_one_ground_truth() -> None:
    refs = states.plan(0, 0, corpus=["lab"])
    paired = [r for r in refs if r.truth]
    assert len(paired) == sum(1 for c in CAPS if c.mode != "v1nomem")
    # the v1 and the v2 capture of a pair are adjacent, v1 first
    for a, b in itertools.pairwise(refs):
        if a.truth and a.truth == b.truth:
            assert (a.view, b.view) == ("v1", "v2")
    assert states.describe(paired[0]).endswith(f"lab pair {paired[0].truth})")
    cfg = diff.DiffConfig(
        before=sides.parse("k8s-1.28.3"), after=sides.parse("k8s-1.29.0"), states=0, corpus=("lab",)
    )
    agree = diff.run(cfg).summary["invariants"]["v1_v2_agreement"]
    n_pairs = len({r.truth for r in paired if sum(x.truth == r.truth for x in paired) == 2})
    assert agree["before"]["pairs"] == agree["after"]["pairs"] == n_pairs > 0
    # before runc #3933 the v2 node includes the kernel's own memory: far from v1
    assert agree["before"]["abs_delta_working_set_mib"]["median"] > 20
    # after it, v2 reads the same statistics as v1: every pair within the tolerance
    assert agree["after"]["over_tolerance"] == 0
    # ... up to what two boots differ by (the swap workload's reclaim: fit.PAIR_TOLERANCES)
    assert (
        agree["after"]["abs_delta_working_set_mib"]["max"] * MiB <= PAIR_TOLERANCES["pair-swap"][0]
    )


def test_docs_lab_tables_are_generated_from_the_captures() -> None:
    text = DOC.read_text()
    assert lab.fill(text, lab.sections(CAPS)) == text, "run: memsim lab table --write docs/lab.md"


def test_memsim_lab_commands_that_need_no_qemu(capsys: pytest.CaptureFixture[str]) -> None:
    from sim.cli import main

    assert main(["lab", "workloads"]) == 0
    assert "mglru-off" in capsys.readouterr().out
    assert main(["lab", "list"]) == 0
    out = capsys.readouterr()
    modes = Counter((c.kernel, c.workload, c.moment) for c in CAPS if c.mode in ("v1", "v2"))
    pairs = sum(1 for n in modes.values() if n == 2)
    assert "builtin:lab/6.1/mix/loaded-v1" in out.out and f" {pairs} v1/v2 pairs" in out.err
    assert main(["lab", "table", "--check", str(DOC)]) == 0
    assert main(["lab", "run", "6.1", "nope"]) == 2
    assert "unknown workload 'nope'" in capsys.readouterr().err
    assert main(["lab", "kernels", "nope"]) == 2
    assert "unknown lab kernel 'nope'" in capsys.readouterr().err
    assert main(["lab"]) == 2
