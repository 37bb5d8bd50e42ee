"""The real upstream Go code (each Debian version) over the recorded corpus.

Expectations are computed here from the capture files by the upstream formulas, written out
(docs: /work/shared/reference/runc.md §2.2, §2.3, §4), never taken from the harness itself.
The corpus is the one packaged with fake_sysfs (fake_sysfs/corpus/recorded).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from oracle_harness import U64, Harness

from fake_sysfs.capture import corpus_root

CORPUS = corpus_root()
pytestmark = pytest.mark.oracle

LABELS = ["runc-1.1.5", "runc-1.1.15", "cgroups-0.0.5"]
# Versions with the v2 root fix (anon+file), memory.peak and SwapOnlyUsage (>= 1.1.11).
POST_FIX = {"runc-1.1.15", "cgroups-0.0.5"}
M = 2**64


def states(kind: str) -> list[Path]:
    d = CORPUS / kind
    return sorted(p for p in d.iterdir() if (p / "fstype").exists()) if d.is_dir() else []


V2_STATES = states("v2-kernel6.18")
V1_STATES = states("v1-kernel6.18")
if not (V2_STATES and V1_STATES):
    pytest.skip(f"recorded corpus not found under {CORPUS}", allow_module_level=True)


def meminfo(state: Path) -> dict[str, int]:
    out = {}
    for line in (state / "proc" / "meminfo").read_text().splitlines():
        k, _, v = line.partition(":")
        out[k] = int(v.split()[0])
    return out


def kv(path: Path) -> dict[str, int]:
    out = {}
    for line in path.read_text().splitlines():
        k, v = line.split(" ")
        out[k] = max(int(v), 0)
    return out


def num(path: Path) -> int:
    s = path.read_text().strip()
    return U64 if s == "max" else max(int(s), 0)


def mdata(d: dict | None) -> tuple[int, int, int, int]:
    """MemoryData as (usage, max_usage, failcnt, limit); omitempty fields read as 0."""
    d = d or {}
    return (d.get("usage", 0), d.get("max_usage", 0), d["failcnt"], d["limit"])


def cgroup_dirs(state: Path, sub: str, marker: str) -> list[tuple[Path, str]]:
    base = state / "sys" / "fs" / "cgroup"
    out = []
    top = base / sub
    for d in [top, *sorted(p for p in top.rglob("*") if p.is_dir())]:
        if (d / marker).exists():
            out.append((d, str(Path("/sys/fs/cgroup") / d.relative_to(base))))
    return out


@pytest.fixture(scope="module", params=LABELS)
def h(request: pytest.FixtureRequest, harnesses: dict[str, Harness]) -> Harness:
    return harnesses[request.param]


def test_v2_root(h: Harness) -> None:
    results = h.run([(s, None) for s in V2_STATES])
    for state, r in zip(V2_STATES, results, strict=True):
        assert r["cgroup"] == "/sys/fs/cgroup"
        assert r["error"] is None, r
        mi = meminfo(state)
        stat = kv(state / "sys/fs/cgroup/memory.stat")
        ms = r["stats"]
        assert ms["stats"] == stat
        assert ms.get("cache", 0) == stat["file"]
        assert ms["use_hierarchy"] is True
        swap = (mi["SwapTotal"] - mi["SwapFree"]) * 1024
        if h.label in POST_FIX:
            usage = stat["anon"] + stat["file"]  # rootStatsFromMeminfo
            assert mdata(ms["usage"]) == (usage, 0, 0, U64)
            assert mdata(ms["swap_usage"]) == (swap + usage, 0, 0, U64)
            assert mdata(ms["swap_only_usage"]) == (0, 0, 0, 0)
        else:
            usage = (mi["MemTotal"] - mi["MemFree"]) * 1024  # statsFromMeminfo
            assert mdata(ms["usage"]) == (usage, 0, 0, U64)
            assert mdata(ms["swap_usage"]) == (swap, 0, 0, U64)
            assert "swap_only_usage" not in ms


def test_v2_root_working_set_gap_matches_the_corpus_readme(harnesses: dict[str, Harness]) -> None:
    """README table: node working set, MiB, pre-fix vs post-fix formula."""
    readme = {
        "0-idle": (332, 55),
        "2-exited": (921, 569),
        "3-reparented": (926, 569),
        "4-cleaned": (348, 57),
    }
    pre = harnesses["runc-1.1.5"].run([(s, None) for s in V2_STATES])
    post = harnesses["runc-1.1.15"].run([(s, None) for s in V2_STATES])
    for state, a, b in zip(V2_STATES, pre, post, strict=True):
        if state.name not in readme:
            continue
        inactive = a["stats"]["stats"]["inactive_file"]
        got = (
            round((a["stats"]["usage"]["usage"] - inactive) / 2**20),
            round((b["stats"]["usage"]["usage"] - inactive) / 2**20),
        )
        assert got == readme[state.name], state.name


def test_v2_non_root(h: Harness) -> None:
    cases = [(s, cg, d) for s in V2_STATES for d, cg in cgroup_dirs(s, "", "memory.current")]
    assert cases, "no non-root v2 cgroups in the corpus"
    results = h.run([(s, cg) for s, cg, _ in cases])
    for (_, cg, d), r in zip(cases, results, strict=True):
        assert r["cgroup"] == cg
        assert r["error"] is None, r
        ms = r["stats"]
        stat = kv(d / "memory.stat")
        assert ms["stats"] == stat
        assert ms.get("cache", 0) == stat["file"]
        post = h.label in POST_FIX
        usage, limit = num(d / "memory.current"), num(d / "memory.max")
        peak = num(d / "memory.peak") if post and (d / "memory.peak").exists() else 0
        assert mdata(ms["usage"]) == (usage, peak, 0, limit)
        if (d / "memory.swap.current").exists():
            s_usage, s_limit = num(d / "memory.swap.current"), num(d / "memory.swap.max")
            s_peak = (
                num(d / "memory.swap.peak") if post and (d / "memory.swap.peak").exists() else 0
            )
        else:
            s_usage = s_limit = s_peak = 0
        combined_limit = s_limit if s_limit == U64 else (s_limit + limit) % M
        assert mdata(ms["swap_usage"]) == (s_usage + usage, 0, 0, combined_limit)
        if post:
            assert mdata(ms["swap_only_usage"]) == (s_usage, s_peak, 0, s_limit)
        assert mdata(ms["kernel_usage"]) == (0, 0, 0, 0)


def test_v1(h: Harness) -> None:
    cases = [
        (s, cg, d) for s in V1_STATES for d, cg in cgroup_dirs(s, "memory", "memory.usage_in_bytes")
    ]
    root_cases = [c for c in cases if c[1] == "/sys/fs/cgroup/memory"]
    assert root_cases, "the v1 corpus has no memory root"
    results = h.run([(s, cg) for s, cg, _ in cases])
    # A line without a path defaults to /sys/fs/cgroup/memory for fstype tmpfs.
    default = h.run([(s, None) for s in V1_STATES])
    assert [r["stats"] for r in default] == [
        r["stats"]
        for (_, cg, _), r in zip(cases, results, strict=True)
        if cg == "/sys/fs/cgroup/memory"
    ]

    def md(d: Path, prefix: str) -> tuple[int, int, int, int]:
        if not (d / f"{prefix}.usage_in_bytes").exists():
            return (0, 0, 0, 0)
        return (
            num(d / f"{prefix}.usage_in_bytes"),
            num(d / f"{prefix}.max_usage_in_bytes"),
            num(d / f"{prefix}.failcnt"),
            num(d / f"{prefix}.limit_in_bytes"),
        )

    for (_, _, d), r in zip(cases, results, strict=True):
        assert r["error"] is None, r
        ms = r["stats"]
        stat = kv(d / "memory.stat")
        assert ms["stats"] == stat
        assert ms.get("cache", 0) == stat["cache"]
        assert ms["use_hierarchy"] is (num(d / "memory.use_hierarchy") == 1)
        mem, memsw = md(d, "memory"), md(d, "memory.memsw")
        assert mdata(ms["usage"]) == mem
        assert mdata(ms["swap_usage"]) == memsw
        assert mdata(ms["kernel_usage"]) == md(d, "memory.kmem")
        assert mdata(ms["kernel_tcp_usage"]) == md(d, "memory.kmem.tcp")
        if h.label in POST_FIX:
            swap_only = ((memsw[0] - mem[0]) % M, 0, (memsw[2] - mem[2]) % M, 0)
            assert mdata(ms["swap_only_usage"]) == swap_only
        numa = {}
        for line in (d / "memory.numa_stat").read_text().splitlines():
            name, _, rest = line.partition("=")
            numa[name] = int(rest.split()[0])
        pages = ms.get("page_usage_by_numa", {})
        for name in ("total", "file", "anon", "unevictable"):
            assert pages.get(name, {}).get("total", 0) == numa[name], (d, name)
            hier = pages.get("hierarchical", {}).get(name, {}).get("total", 0)
            assert hier == numa["hierarchical_" + name], (d, name)


def test_versions_agree_where_upstream_did_not_change(harnesses: dict[str, Harness]) -> None:
    """The memory.stat map, Cache and the v1 numbers are the same code in all three."""
    cases = [(s, None) for s in V1_STATES + V2_STATES]
    outs = {label: harnesses[label].run(cases) for label in LABELS}
    for i in range(len(cases)):
        ref = outs["runc-1.1.5"][i]["stats"]
        for label in LABELS[1:]:
            got = outs[label][i]["stats"]
            for key in ("stats", "cache", "use_hierarchy", "page_usage_by_numa", "kernel_usage"):
                assert got.get(key) == ref.get(key), (cases[i], label, key)
