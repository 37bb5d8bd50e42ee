"""The real upstream Go code (each Debian version) over small hand-made hostile trees.

Each expectation is a documented upstream value (/work/shared/reference/runc.md: §2 semantics,
§3 upstream unit-test fixtures, §3.4 table of verified edge cases), with the error texts the
real paths give: files under /sys/fs/cgroup are opened with openat2 (cgroups.OpenFile's
prepareOpenat2 handle), so a missing file reads "openat2 <path>: no such file or directory";
paths outside it fall back to os.OpenFile ("open <path>: ...").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from oracle_harness import U64, Harness, write_tree

pytestmark = pytest.mark.oracle

LABELS = ["runc-1.1.5", "runc-1.1.15", "cgroups-0.0.5"]
POST_FIX = {"runc-1.1.15", "cgroups-0.0.5"}  # >= 1.1.11: peak, SwapOnlyUsage, kmem.limit optional
M = 2**64
A = "/sys/fs/cgroup/a"
V1 = "/sys/fs/cgroup/memory"


def go_quote(s: str) -> str:
    """Go's %q for the printable-ASCII-plus-tab/newline strings used here."""
    return json.dumps(s, ensure_ascii=False)


def kv_format_error(label: str, line: str) -> str:
    # ParseKeyValue: SplitN in runc 1.1.x, strings.Cut (and a new message) in cgroups.
    if label.startswith("cgroups"):
        return f'line {go_quote(line)} is not in "key value" format'
    return f"line {go_quote(line)} is not in key value format"


def mdata(d: dict | None) -> tuple[int, int, int, int]:
    d = d or {}
    return (d.get("usage", 0), d.get("max_usage", 0), d["failcnt"], d["limit"])


@pytest.fixture
def run(harnesses: dict[str, Harness]):
    def _run(root: Path, cg: str | None = None, manager: bool = False) -> dict[str, dict]:
        return {label: harnesses[label].one(root, cg, manager=manager) for label in LABELS}

    return _run


def v2(tmp_path: Path, files: dict[str, str], **kw) -> Path:
    return write_tree(tmp_path / "t", "cgroup2fs", files, **kw)


BASE_A = {
    "a/memory.stat": "anon 100\nfile 200\n",
    "a/memory.current": "300\n",
    "a/memory.max": "max\n",
}

# ------------------------------------------------------------------ v2, non-root (§3.4)


def test_v2_no_swap_files(tmp_path: Path, run) -> None:
    for label, r in run(v2(tmp_path, BASE_A), A).items():
        ms = r["stats"]
        assert r["error"] is None
        assert mdata(ms["usage"]) == (300, 0, 0, U64)
        assert mdata(ms["swap_usage"]) == (300, 0, 0, U64)
        assert ms["cache"] == 200 and ms["use_hierarchy"] is True
        assert ms["stats"] == {"anon": 100, "file": 200}
        if label in POST_FIX:
            assert mdata(ms["swap_only_usage"]) == (0, 0, 0, 0)
        else:
            assert "swap_only_usage" not in ms


def test_v2_swap_max_unlimited(tmp_path: Path, run) -> None:
    files = {**BASE_A, "a/memory.swap.current": "50\n", "a/memory.swap.max": "max\n"}
    for label, r in run(v2(tmp_path, files), A).items():
        assert mdata(r["stats"]["swap_usage"]) == (350, 0, 0, U64)
        if label in POST_FIX:
            assert mdata(r["stats"]["swap_only_usage"]) == (50, 0, 0, U64)


def test_v2_swap_limit_wraps(tmp_path: Path, run) -> None:
    files = {**BASE_A, "a/memory.swap.current": "50\n", "a/memory.swap.max": "1000\n"}
    for label, r in run(v2(tmp_path, files), A).items():
        assert r["stats"]["swap_usage"]["limit"] == 999  # 1000 + MaxUint64
        if label in POST_FIX:
            assert r["stats"]["swap_only_usage"]["limit"] == 1000


def test_v2_peaks(tmp_path: Path, run) -> None:
    files = {
        **BASE_A,
        "a/memory.max": "4000\n",
        "a/memory.peak": "777\n",
        "a/memory.swap.current": "50\n",
        "a/memory.swap.max": "1000\n",
        "a/memory.swap.peak": "60\n",
    }
    for label, r in run(v2(tmp_path, files), A).items():
        ms = r["stats"]
        assert mdata(ms["swap_usage"]) == (350, 0, 0, 5000)
        if label in POST_FIX:
            assert mdata(ms["usage"]) == (300, 777, 0, 4000)
            assert mdata(ms["swap_only_usage"]) == (50, 60, 0, 1000)
        else:
            assert mdata(ms["usage"]) == (300, 0, 0, 4000)


def test_v2_swap_current_without_swap_max(tmp_path: Path, run) -> None:
    files = {**BASE_A, "a/memory.swap.current": "50\n"}
    for r in run(v2(tmp_path, files), A).values():
        assert r["error"] == f"openat2 {A}/memory.swap.max: no such file or directory"
        assert r["is_not_exist"] is True and r["is_enoent"] is True
        assert mdata(r["stats"]["usage"]) == (300, 0, 0, U64)  # already filled in
        assert mdata(r["stats"]["swap_usage"]) == (0, 0, 0, 0)


def test_v2_bad_peak(tmp_path: Path, run) -> None:
    files = {**BASE_A, "a/memory.peak": "bad\n"}
    for label, r in run(v2(tmp_path, files), A).items():
        if label in POST_FIX:
            assert (
                r["error"]
                == f'unable to parse {A}/memory.peak: strconv.ParseUint: parsing "bad": invalid syntax'
            )
            assert r["is_not_exist"] is False
            assert mdata(r["stats"]["usage"]) == (0, 0, 0, 0)
        else:
            assert r["error"] is None  # 1.1.5 never reads memory.peak
            assert mdata(r["stats"]["usage"]) == (300, 0, 0, U64)


def test_v2_bad_current(tmp_path: Path, run) -> None:
    files = {**BASE_A, "a/memory.current": "bad"}
    for r in run(v2(tmp_path, files), A).values():
        assert (
            r["error"]
            == f'unable to parse {A}/memory.current: strconv.ParseUint: parsing "bad": invalid syntax'
        )
        assert r["is_not_exist"] is False and r["is_enoent"] is False
        assert r["stats"]["cache"] == 200 and r["stats"]["use_hierarchy"] is True


def test_v2_missing_current(tmp_path: Path, run) -> None:
    files = {"a/memory.stat": "anon 100\nfile 200\n", "a/memory.max": "max\n"}
    for r in run(v2(tmp_path, files), A).values():
        assert r["error"] == f"openat2 {A}/memory.current: no such file or directory"
        assert r["is_not_exist"] is True and r["is_enoent"] is True


@pytest.mark.parametrize(
    ("content", "usage", "error"),
    [
        ("-5\n", 0, None),  # negative -> 0 (fscommon.ParseUint)
        ("-99999999999999999999\n", 0, None),  # below MinInt64 -> 0
        ("18446744073709551615\n", U64, None),
        ("9223372036854775808\n", 9223372036854775808, None),  # above MaxInt64: no clamp
        ("max\n", U64, None),
        (" 42 \n", 42, None),
        (
            "18446744073709551616\n",
            0,
            'parsing "18446744073709551616": value out of range',
        ),  # >= 2^64
        ("-0\n", 0, 'parsing "-0": invalid syntax'),  # quirk
        ("Max\n", 0, 'parsing "Max": invalid syntax'),
        ("42 43\n", 0, 'parsing "42 43": invalid syntax'),
        ("", 0, 'parsing "": invalid syntax'),
    ],
)
def test_v2_current_values(
    tmp_path: Path, run, content: str, usage: int, error: str | None
) -> None:
    files = {**BASE_A, "a/memory.current": content}
    for r in run(v2(tmp_path, files), A).values():
        if error is None:
            assert r["error"] is None
            assert r["stats"]["usage"].get("usage", 0) == usage
        else:
            assert r["error"] == f"unable to parse {A}/memory.current: strconv.ParseUint: {error}"
            assert mdata(r["stats"]["usage"]) == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("stat", "bad_line"),
    [
        ("anon 100\nfile\n", "file"),  # no value
        ("anon 100\n\nfile 200\n", ""),  # blank line
        ("anon 100\nfile\t200\n", "file\t200"),  # tab separator
        ("anon  100\n", "anon  100"),  # two spaces
    ],
)
def test_v2_bad_stat_lines(tmp_path: Path, run, stat: str, bad_line: str) -> None:
    files = {**BASE_A, "a/memory.stat": stat}
    for label, r in run(v2(tmp_path, files), A).items():
        if label.startswith("cgroups") and bad_line == "anon  100":
            # strings.Cut: key "anon", value " 100" -> a ParseUint syntax error instead
            assert (
                r["error"]
                == f'unable to parse {A}/memory.stat: strconv.ParseUint: parsing " 100": invalid syntax'
            )
        else:
            assert (
                r["error"] == f"unable to parse {A}/memory.stat: {kv_format_error(label, bad_line)}"
            )
        assert r["is_not_exist"] is False
        assert r["stats"]["use_hierarchy"] is False  # failed before UseHierarchy = true


def test_v2_stat_negative_and_duplicate_values(tmp_path: Path, run) -> None:
    files = {**BASE_A, "a/memory.stat": "a -3\nfile 7\nfile 9\n"}
    for r in run(v2(tmp_path, files), A).values():
        assert r["error"] is None
        assert r["stats"]["stats"] == {"a": 0, "file": 9}  # later duplicate wins
        assert r["stats"]["cache"] == 9


def test_v2_empty_key(tmp_path: Path, run) -> None:
    files = {**BASE_A, "a/memory.stat": " 5\n"}
    for label, r in run(v2(tmp_path, files), A).items():
        if label.startswith("cgroups"):
            assert r["error"] == f"unable to parse {A}/memory.stat: {kv_format_error(label, ' 5')}"
        else:
            assert r["error"] is None
            assert r["stats"]["stats"] == {"": 5}


# ------------------------------------------------------------------ v2 root (§2.2 meminfo emulation)

MEMINFO = "MemTotal:        1000 kB\nMemFree:          400 kB\nSwapTotal:        100 kB\nSwapFree:          40 kB\n"


def test_v2_root_formulas(tmp_path: Path, run) -> None:
    root = v2(tmp_path, {"memory.stat": "anon 100\nfile 200\n"}, meminfo=MEMINFO)
    for label, r in run(root).items():
        assert r["cgroup"] == "/sys/fs/cgroup" and r["error"] is None
        ms = r["stats"]
        if label in POST_FIX:
            assert mdata(ms["usage"]) == (300, 0, 0, U64)  # anon + file
            assert mdata(ms["swap_usage"]) == (60 * 1024 + 300, 0, 0, U64)
            assert mdata(ms["swap_only_usage"]) == (0, 0, 0, 0)
        else:
            assert mdata(ms["usage"]) == (600 * 1024, 0, 0, U64)  # (MemTotal - MemFree) * 1024
            assert mdata(ms["swap_usage"]) == (60 * 1024, 0, 0, U64)


def test_v2_root_memfree_above_memtotal_wraps(tmp_path: Path, run) -> None:
    meminfo = "MemTotal: 1000 kB\nMemFree: 2000 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n"
    root = v2(tmp_path, {"memory.stat": "anon 100\nfile 200\n"}, meminfo=meminfo)
    r = run(root)["runc-1.1.5"]
    assert r["stats"]["usage"]["usage"] == ((1000 - 2000) * 1024) % M


def test_v2_root_without_anon_and_file(tmp_path: Path, run) -> None:
    root = v2(tmp_path, {"memory.stat": "shmem 5\n"}, meminfo=MEMINFO)
    for label, r in run(root).items():
        if label in POST_FIX:
            assert mdata(r["stats"]["usage"]) == (0, 0, 0, U64)
            assert "cache" not in r["stats"]


def test_v2_root_trailing_slash_is_not_the_root(tmp_path: Path, run) -> None:
    root = v2(tmp_path, {"memory.stat": "anon 100\nfile 200\n"}, meminfo=MEMINFO)
    for r in run(root, "/sys/fs/cgroup/").values():
        assert r["error"] == "openat2 /sys/fs/cgroup/memory.current: no such file or directory"


def test_v2_root_with_memory_current(tmp_path: Path, run) -> None:
    """A future kernel with root memory.current: the files win over /proc/meminfo."""
    files = {
        "memory.stat": "anon 100\nfile 200\n",
        "memory.current": "12345\n",
        "memory.max": "max\n",
    }
    for r in run(v2(tmp_path, files, meminfo=MEMINFO)).values():
        assert mdata(r["stats"]["usage"]) == (12345, 0, 0, U64)


def test_v2_root_without_memory_stat(tmp_path: Path, run) -> None:
    root = v2(tmp_path, {"cgroup.procs": ""}, meminfo=MEMINFO)
    for r in run(root).values():
        assert r["error"] == "openat2 /sys/fs/cgroup/memory.stat: no such file or directory"
        assert r["is_not_exist"] is True
    # fs2 GetStats drops IsNotExist errors: the root's memory stats stay all zero (§1.3).
    for r in run(root, manager=True).values():
        assert r["error"] is None
        assert mdata(r["stats"]["usage"]) == (0, 0, 0, 0)


def test_v2_root_without_meminfo(tmp_path: Path, run) -> None:
    root = v2(tmp_path, {"memory.stat": "anon 100\nfile 200\n"}, meminfo=None)
    for r in run(root).values():
        assert r["error"] == "open /proc/meminfo: no such file or directory"
        assert r["is_not_exist"] is True and r["is_enoent"] is True


def test_v2_root_bad_meminfo(tmp_path: Path, run) -> None:
    meminfo = "MemTotal: 1000 kB\nMemFree: 400 kB\nSwapTotal: -1 kB\nSwapFree: 0 kB\n"
    root = v2(tmp_path, {"memory.stat": "anon 100\nfile 200\n"}, meminfo=meminfo)
    for r in run(root).values():
        # strconv.ParseUint, not fscommon: a negative is an error here
        assert r["error"] == "unable to parse /proc/meminfo: bad value for SwapTotal"


# ------------------------------------------------------------------ v1 (§2.3, §3.2, §3.4)

V1_BASE = {
    "memory/memory.stat": "cache 512\nrss 1024",
    "memory/memory.usage_in_bytes": "2048\n",
    "memory/memory.max_usage_in_bytes": "4096\n",
    "memory/memory.failcnt": "100\n",
    "memory/memory.limit_in_bytes": "8192\n",
    "memory/memory.use_hierarchy": "1\n",
}
NUMA = (
    "total=44611 N0=32631 N1=7501 N2=1982 N3=2497\n"
    "file=44428 N0=32614 N1=7335 N2=1982 N3=2497\n"
    "anon=183 N0=17 N1=166 N2=0 N3=0\n"
    "unevictable=0 N0=0 N1=0 N2=0 N3=0\n"
    "hierarchical_total=768133 N0=509113 N1=138887 N2=20464 N3=99669\n"
    "hierarchical_file=722017 N0=496516 N1=119997 N2=20181 N3=85323\n"
    "hierarchical_anon=46096 N0=12597 N1=18890 N2=283 N3=14326\n"
    "hierarchical_unevictable=20 N0=0 N1=0 N2=0 N3=20\n"
)
NUMA_EXTRA = "numa_locality 0 0 0 0 0 0 0 0 0 0\nnuma_exectime 0\nwhatever=100 N0=0\n"


def v1(tmp_path: Path, files: dict[str, str]) -> Path:
    return write_tree(tmp_path / "t", "tmpfs", files)


def test_v1_upstream_TestMemoryStats(tmp_path: Path, run) -> None:
    files = dict(V1_BASE)
    for mod in ("memsw", "kmem"):
        files |= {
            f"memory/memory.{mod}.usage_in_bytes": "2048\n",
            f"memory/memory.{mod}.max_usage_in_bytes": "4096\n",
            f"memory/memory.{mod}.failcnt": "100\n",
            f"memory/memory.{mod}.limit_in_bytes": "8192\n",
        }
    files["memory/memory.numa_stat"] = NUMA + NUMA_EXTRA
    for label, r in run(v1(tmp_path, files)).items():
        assert r["cgroup"] == V1 and r["error"] is None
        ms = r["stats"]
        assert ms["cache"] == 512 and ms["stats"] == {"cache": 512, "rss": 1024}
        assert ms["use_hierarchy"] is True
        for key in ("usage", "swap_usage", "kernel_usage"):
            assert mdata(ms[key]) == (2048, 4096, 100, 8192)
        assert mdata(ms["kernel_tcp_usage"]) == (0, 0, 0, 0)
        if label in POST_FIX:
            assert mdata(ms["swap_only_usage"]) == (0, 0, 0, 0)
        numa = ms["page_usage_by_numa"]
        assert numa["total"] == {
            "total": 44611,
            "nodes": {"0": 32631, "1": 7501, "2": 1982, "3": 2497},
        }
        assert numa["anon"] == {"total": 183, "nodes": {"0": 17, "1": 166, "2": 0, "3": 0}}
        assert numa["unevictable"] == {"nodes": {"0": 0, "1": 0, "2": 0, "3": 0}}  # total 0 omitted
        assert numa["hierarchical"]["unevictable"] == {
            "total": 20,
            "nodes": {"0": 0, "1": 0, "2": 0, "3": 20},
        }


def test_v1_no_memsw_no_kmem(tmp_path: Path, run) -> None:
    files = {**V1_BASE, "memory/memory.limit_in_bytes": "9223372036854771712\n"}
    for label, r in run(v1(tmp_path, files)).items():
        ms = r["stats"]
        assert r["error"] is None
        assert mdata(ms["usage"]) == (2048, 4096, 100, 9223372036854771712)
        assert mdata(ms["swap_usage"]) == (0, 0, 0, 0)
        if label in POST_FIX:  # SwapOnlyUsage = memsw - mem, uint64
            assert mdata(ms["swap_only_usage"]) == (
                18446744073709549568,
                0,
                18446744073709551516,
                0,
            )


def test_v1_kmem_without_limit(tmp_path: Path, run) -> None:
    files = {
        **V1_BASE,
        "memory/memory.kmem.usage_in_bytes": "10\n",
        "memory/memory.kmem.max_usage_in_bytes": "20\n",
        "memory/memory.kmem.failcnt": "0\n",
    }
    root = v1(tmp_path, files)
    for label, r in run(root).items():
        if label in POST_FIX:  # >= 1.1.10 tolerates the missing kmem.limit_in_bytes
            assert r["error"] is None
            assert mdata(r["stats"]["kernel_usage"]) == (10, 20, 0, 0)
        else:
            assert (
                r["error"] == f"openat2 {V1}/memory.kmem.limit_in_bytes: no such file or directory"
            )
            assert r["is_not_exist"] is True
    # The v1 manager aborts on the first error, with no stats at all.
    r = run(root, manager=True)["runc-1.1.5"]
    assert r["stats"] is None
    assert r["error"] == f"openat2 {V1}/memory.kmem.limit_in_bytes: no such file or directory"


def test_v1_missing_use_hierarchy(tmp_path: Path, run) -> None:
    files = {k: v for k, v in V1_BASE.items() if not k.endswith("use_hierarchy")}
    for r in run(v1(tmp_path, files)).values():
        assert r["error"] == f"openat2 {V1}/memory.use_hierarchy: no such file or directory"
        assert mdata(r["stats"]["usage"]) == (2048, 4096, 100, 8192)  # written before the failure


def test_v1_missing_failcnt(tmp_path: Path, run) -> None:
    files = {k: v for k, v in V1_BASE.items() if not k.endswith("failcnt")}
    for r in run(v1(tmp_path, files)).values():
        assert r["error"] == f"openat2 {V1}/memory.failcnt: no such file or directory"


def test_v1_negative_cache(tmp_path: Path, run) -> None:
    files = {**V1_BASE, "memory/memory.stat": "cache -5\nrss 1024\n"}
    for r in run(v1(tmp_path, files)).values():
        assert r["error"] is None
        assert r["stats"]["stats"]["cache"] == 0 and "cache" not in r["stats"]


def test_v1_blank_stat_line(tmp_path: Path, run) -> None:
    files = {**V1_BASE, "memory/memory.stat": "cache 512\n\nrss 1024\n"}
    for label, r in run(v1(tmp_path, files)).items():
        assert r["error"] == f"unable to parse {V1}/memory.stat: {kv_format_error(label, '')}"


def test_v1_without_memory_stat(tmp_path: Path, run) -> None:
    files = {k: v for k, v in V1_BASE.items() if not k.endswith("memory.stat")}
    for r in run(v1(tmp_path, files)).values():
        assert r["error"] is None  # the memory subsystem is silently skipped
        assert "stats" not in r["stats"] and mdata(r["stats"]["usage"]) == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("numa", "error"),
    [
        (
            "total=44611 N0=44611,\nfile=44428 Nx=0\n",
            'strconv.ParseUint: parsing "44611,": invalid syntax',
        ),
        ("total=44611 N333=444", 'strconv.ParseUint: parsing "333": value out of range'),
        ("total=44611 N0=123 N1=", 'strconv.ParseUint: parsing "": invalid syntax'),
        ("total=44611 N0=123 N1", "malformed line: total=44611 N0=123 N1"),
        ("total=44611 N0=1 \n", "malformed line: total=44611 N0=1 "),  # trailing space
    ],
)
def test_v1_bad_numa_stat(tmp_path: Path, run, numa: str, error: str) -> None:
    files = {**V1_BASE, "memory/memory.numa_stat": numa}
    for r in run(v1(tmp_path, files)).values():
        assert r["error"] == f"unable to parse {V1}/memory.numa_stat: {error}"


# ------------------------------------------------------------------ upstream fs2 fixtures (§3.1)

EXAMPLE_STAT_KEYS = 40


def test_fs2_upstream_pod_cgroup(tmp_path: Path, run) -> None:
    stat = (
        "".join(f"k{i} {i}\n" for i in range(EXAMPLE_STAT_KEYS - 2))
        + "anon 790425600\nfile 6502666240"
    )
    files = {
        "pod/memory.stat": stat,
        "pod/memory.current": "123456789",
        "pod/memory.max": "999999999",
        "pod/memory.peak": "987654321",
    }
    for label, r in run(v2(tmp_path, files), "/sys/fs/cgroup/pod").items():
        ms = r["stats"]
        assert r["error"] is None and len(ms["stats"]) == EXAMPLE_STAT_KEYS
        assert ms["cache"] == 6502666240
        peak = 987654321 if label in POST_FIX else 0
        assert mdata(ms["usage"]) == (123456789, peak, 0, 999999999)
        assert mdata(ms["swap_usage"]) == (123456789, 0, 0, 999999999)


def test_fs2_upstream_pod_cgroup_not_found(tmp_path: Path, run) -> None:
    for r in run(v2(tmp_path, {"pod/memory.stat": "anon 1\n"}), "/sys/fs/cgroup/pod").values():
        assert r["error"].endswith("memory.current: no such file or directory")


# ------------------------------------------------------------------ op names, manager aggregation


def test_op_names(tmp_path: Path, run) -> None:
    """openat2 under /sys/fs/cgroup/; the os.OpenFile fallback ("open") elsewhere."""
    root = v2(tmp_path, BASE_A)
    for r in run(root, "/sys/fs/cgroup/nope").values():
        assert r["error"] == "openat2 /sys/fs/cgroup/nope/memory.stat: no such file or directory"
    for r in run(root, "relative/a").values():
        assert r["error"] == "open relative/a/memory.stat: no such file or directory"
    for r in run(root, "/sys/fs/cgroup/a/memory.stat").values():  # a file as the directory
        assert r["error"] == "openat2 /sys/fs/cgroup/a/memory.stat/memory.stat: not a directory"
        assert r["is_not_exist"] is False and r["is_enoent"] is False


def test_v2_manager_aggregation(tmp_path: Path, run) -> None:
    files = {**BASE_A, "a/memory.stat": "anon 100\nfile\n", "a/cgroup.procs": "1\n2\n"}
    for label, r in run(v2(tmp_path, files), A, manager=True).items():
        assert (
            r["error"]
            == f"error while statting cgroup v2: [unable to parse {A}/memory.stat: {kv_format_error(label, 'file')}]"
        )
        assert r["is_not_exist"] is False and r["stats"] is not None
    # statPids has no IsNotExist filter: without cgroup.procs (and pids.current) the
    # manager fails even when memory is fine.
    for r in run(v2(tmp_path / "x", BASE_A), A, manager=True).values():
        assert (
            r["error"]
            == f"error while statting cgroup v2: [openat2 {A}/cgroup.procs: no such file or directory]"
        )
        assert mdata(r["stats"]["usage"]) == (300, 0, 0, U64)
    # A missing memory.current is dropped (os.IsNotExist) by the manager.
    files = {"a/memory.stat": "anon 1\n", "a/cgroup.procs": ""}
    for r in run(v2(tmp_path / "y", files), A, manager=True).values():
        assert r["error"] is None
