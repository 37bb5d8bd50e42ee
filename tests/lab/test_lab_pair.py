"""One real v1/v2 pair, booted here: 6.1 (bookworm's kernel) x the mix workload x v1 and v2.

What .ci/run runs of the lab (two boots, about a minute under TCG with the kernel cached). The
full matrix is `memsim lab matrix --out DIR` (docs/lab.md). Expectations come from the shipped
corpus and the stated tolerances, not from numbers written here. One test, so that a tier that
cannot run says so in one line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fake_sysfs import load_capture, read_manifest
from fake_sysfs.lab.fit import pair_check
from fake_sysfs.lab.matrix import SMALL, Cell, run
from fake_sysfs.lab.workloads import MOMENTS
from sim import lab

pytestmark = pytest.mark.lab

MiB = 1 << 20


def test_one_pair_booted_here(lab_cache: Path, tmp_path: Path) -> None:
    ((kernel, workload),) = SMALL
    run([Cell(kernel, workload, m) for m in ("v1", "v2")], lab_cache, tmp_path, log=lambda _m: None)
    caps = lab.captures(tmp_path)
    assert sorted((c.moment, c.mode) for c in caps) == sorted(
        (m, mode) for m in MOMENTS for mode in ("v1", "v2")
    )
    manifests_say_what_made_each_capture(caps)
    the_fresh_pair_reproduces_the_shipped_one(caps)
    v1_v2_parity_before_and_after_the_runc_fix(caps)
    the_model_reproduces_both_captures(caps)


def manifests_say_what_made_each_capture(pair: list[lab.Capture]) -> None:
    for c in pair:
        m = read_manifest(c.source)
        assert m is not None and m["memsim"] == "lab"
        assert m["pair"] == f"6.1/mix/{c.moment}" and m["mode"] == c.mode
        assert m["kernel"]["packages"][0][0].startswith("linux-image-6.1.")
        assert f"kl.mode={c.mode}" in m["cmdline"] and m["moment"] == c.moment
        assert m["workload"]["name"] == "mix" and m["errors"] == []
        assert load_capture(c.source).kernel == m["kernel"]["release"]


def the_fresh_pair_reproduces_the_shipped_one(pair: list[lab.Capture]) -> None:
    rows = lab.reproduce(pair)
    assert len(rows) == 12  # 4 moments: v1 (one stack) + v2 (before and after #3933)
    assert [(r.name, r.stack, r.delta, r.tolerance) for r in rows if not r.ok] == []
    # read from the statistics (v1, and v2 after #3933), two boots of mix agree to 1 MiB
    assert all(r.tolerance == MiB for r in rows if r.cls == "pair") and len(rows) > 8


def v1_v2_parity_before_and_after_the_runc_fix(pair: list[lab.Capture]) -> None:
    loaded = next(r for r in lab.parity(pair) if r.moment == "loaded")
    assert loaded.delta_before is not None and loaded.delta_after is not None
    # before: v2 reads MemTotal - MemFree, which holds the kernel's own memory
    assert loaded.delta_before > 20 * MiB
    # after: anon + file from the root memory.stat, the same statistics v1's root reads
    assert abs(loaded.delta_after) < 4 * MiB


def the_model_reproduces_both_captures(pair: list[lab.Capture]) -> None:
    checks = lab.model_checks(pair)
    assert len(checks) == 8
    assert [(c.source, r.file, r.key) for c, ch in checks for r in ch.failures()] == []
    for c in pair:
        if c.mode != "v1":
            continue
        other = next(x for x in pair if x.moment == c.moment and x.mode == "v2")
        rows = pair_check(
            load_capture(other.source), load_capture(c.source), lab.lab_profile(c), c.workload
        )
        assert rows and [(r.file, r.key, r.delta) for r in rows if not r.ok] == []
