"""libcontainer/cgroups/fs/memory_test.go (every version; the stats and NUMA tests), ported,
with the verified error texts and the cgroup v1 edge cases of runc.md §3.4. The Set tests
(TestMemorySet*, TestMemorySetOomControl) exercise MemoryGroup.Set, which memsim does not
port."""

from __future__ import annotations

import pytest

from ports.go import errors, os, unix
from ports.go.math import MaxUint64
from tests.ports.runc.conftest import VERSIONS, before, runc, since, write_files

memoryStatContents = """cache 512
rss 1024"""
memoryUsageContents = "2048\n"
memoryMaxUsageContents = "4096\n"
memoryFailcnt = "100\n"
memoryLimitContents = "8192\n"
memoryUseHierarchyContents = "1\n"
memoryNUMAStatContents = """total=44611 N0=32631 N1=7501 N2=1982 N3=2497
file=44428 N0=32614 N1=7335 N2=1982 N3=2497
anon=183 N0=17 N1=166 N2=0 N3=0
unevictable=0 N0=0 N1=0 N2=0 N3=0
hierarchical_total=768133 N0=509113 N1=138887 N2=20464 N3=99669
hierarchical_file=722017 N0=496516 N1=119997 N2=20181 N3=85323
hierarchical_anon=46096 N0=12597 N1=18890 N2=283 N3=14326
hierarchical_unevictable=20 N0=0 N1=0 N2=0 N3=20
"""
memoryNUMAStatNoHierarchyContents = """total=44611 N0=32631 N1=7501 N2=1982 N3=2497
file=44428 N0=32614 N1=7335 N2=1982 N3=2497
anon=183 N0=17 N1=166 N2=0 N3=0
unevictable=0 N0=0 N1=0 N2=0 N3=0
"""
# Some custom kernels has extra fields that should be ignored
memoryNUMAStatExtraContents = """numa_locality 0 0 0 0 0 0 0 0 0 0
numa_exectime 0
whatever=100 N0=0
"""


@pytest.fixture
def path(fs, tempdir):
    """tempDir(t, "memory")"""
    p = tempdir + "/memory"
    fs.create_dir(p)
    return p


def md(usage=0, max_usage=0, failcnt=0, limit=0):
    return (usage, max_usage, failcnt, limit)


def as_tuple(d):
    return (d.usage, d.max_usage, d.failcnt, d.limit)


def ps(total, nodes):
    return (total, nodes)


def numa(p):
    """A PageUsageByNUMA as ((total, nodes) x 4, hierarchical (total, nodes) x 4)."""

    def one(s):
        return (s.total, s.nodes)

    h = p.hierarchical
    return (
        (one(p.total), one(p.file), one(p.anon), one(p.unevictable)),
        (one(h.total), one(h.file), one(h.anon), one(h.unevictable)),
    )


EXPECTED_NUMA = (
    (
        ps(44611, {0: 32631, 1: 7501, 2: 1982, 3: 2497}),
        ps(44428, {0: 32614, 1: 7335, 2: 1982, 3: 2497}),
        ps(183, {0: 17, 1: 166, 2: 0, 3: 0}),
        ps(0, {0: 0, 1: 0, 2: 0, 3: 0}),
    ),
    (
        ps(768133, {0: 509113, 1: 138887, 2: 20464, 3: 99669}),
        ps(722017, {0: 496516, 1: 119997, 2: 20181, 3: 85323}),
        ps(46096, {0: 12597, 1: 18890, 2: 283, 3: 14326}),
        ps(20, {0: 0, 1: 0, 2: 0, 3: 20}),
    ),
)
NO_HIERARCHY = ((0, None),) * 4


def expect_memory_stat_equals(expected, actual):
    """fs/stats_util_test.go expectMemoryStatEquals: Usage, SwapUsage, KernelUsage,
    PageUsageByNUMA, UseHierarchy and every expected Stats key (not Cache, KernelTCPUsage,
    SwapOnlyUsage)."""
    assert as_tuple(actual.usage) == expected["usage"]
    assert as_tuple(actual.swap_usage) == expected["swap_usage"]
    assert as_tuple(actual.kernel_usage) == expected["kernel_usage"]
    assert numa(actual.page_usage_by_numa) == expected["page_usage_by_numa"]
    assert actual.use_hierarchy == expected["use_hierarchy"]
    for key, expValue in expected["stats"].items():
        assert key in actual.stats, f"Expected memory stat key {key} not found"
        assert actual.stats[key] == expValue


def get_stats(R, path):
    memory = R.fs.MemoryGroup(R.fs)
    actualStats = R.cgroups.new_stats()
    err = memory.get_stats(path, actualStats)
    return actualStats, err


@pytest.mark.parametrize("version", VERSIONS)
def test_memory_stats(fs, path, version):
    """TestMemoryStats (from v1.1.11 the expected struct also lists SwapOnlyUsage{0,0,0,0},
    which expectMemoryStatEquals does not compare; it is asserted below as derived)."""
    write_files(
        fs,
        path,
        {
            "memory.stat": memoryStatContents,
            "memory.usage_in_bytes": memoryUsageContents,
            "memory.limit_in_bytes": memoryLimitContents,
            "memory.max_usage_in_bytes": memoryMaxUsageContents,
            "memory.failcnt": memoryFailcnt,
            "memory.memsw.usage_in_bytes": memoryUsageContents,
            "memory.memsw.max_usage_in_bytes": memoryMaxUsageContents,
            "memory.memsw.failcnt": memoryFailcnt,
            "memory.memsw.limit_in_bytes": memoryLimitContents,
            "memory.kmem.usage_in_bytes": memoryUsageContents,
            "memory.kmem.max_usage_in_bytes": memoryMaxUsageContents,
            "memory.kmem.failcnt": memoryFailcnt,
            "memory.kmem.limit_in_bytes": memoryLimitContents,
            "memory.use_hierarchy": memoryUseHierarchyContents,
            "memory.numa_stat": memoryNUMAStatContents + memoryNUMAStatExtraContents,
        },
    )
    R = runc(version)
    actualStats, err = get_stats(R, path)
    assert err is None
    expectedStats = {
        "cache": 512,
        "usage": md(2048, 4096, 100, 8192),
        "swap_usage": md(2048, 4096, 100, 8192),
        "kernel_usage": md(2048, 4096, 100, 8192),
        "stats": {"cache": 512, "rss": 1024},
        "use_hierarchy": True,
        "page_usage_by_numa": EXPECTED_NUMA,
    }
    expect_memory_stat_equals(expectedStats, actualStats.memory_stats)
    # derived (runc.md §3.2): Cache, and KernelTCPUsage zero as the kmem.tcp files are absent
    assert actualStats.memory_stats.cache == 512
    assert as_tuple(actualStats.memory_stats.kernel_tcp_usage) == md()
    if version in since("runc@v1.1.11"):
        assert as_tuple(actualStats.memory_stats.swap_only_usage) == md(0, 0, 0, 0)


@pytest.mark.parametrize("version", VERSIONS)
def test_memory_stats_no_stat_file(fs, path, version):
    """TestMemoryStatsNoStatFile: no memory.stat, no error (GetStats returns early)."""
    write_files(
        fs,
        path,
        {
            "memory.usage_in_bytes": memoryUsageContents,
            "memory.max_usage_in_bytes": memoryMaxUsageContents,
            "memory.limit_in_bytes": memoryLimitContents,
        },
    )
    actualStats, err = get_stats(runc(version), path)
    assert err is None
    assert as_tuple(actualStats.memory_stats.usage) == md()


# TestMemoryStats{No,Bad}* : every one expects an error; here with the verified text
# (runc.md §3.2 cases 6-12; the missing memory.failcnt is read before the limit)
CASES = {
    "test_memory_stats_no_usage_file": (
        {
            "memory.stat": memoryStatContents,
            "memory.max_usage_in_bytes": memoryMaxUsageContents,
            "memory.limit_in_bytes": memoryLimitContents,
        },
        "open {}/memory.usage_in_bytes: no such file or directory",
    ),
    "test_memory_stats_no_max_usage_file": (
        {
            "memory.stat": memoryStatContents,
            "memory.usage_in_bytes": memoryUsageContents,
            "memory.limit_in_bytes": memoryLimitContents,
        },
        "open {}/memory.max_usage_in_bytes: no such file or directory",
    ),
    "test_memory_stats_no_limit_in_bytes_file": (
        {
            "memory.stat": memoryStatContents,
            "memory.usage_in_bytes": memoryUsageContents,
            "memory.max_usage_in_bytes": memoryMaxUsageContents,
        },
        "open {}/memory.failcnt: no such file or directory",
    ),
    "test_memory_stats_bad_stat_file": (
        {
            "memory.stat": "rss rss",
            "memory.usage_in_bytes": memoryUsageContents,
            "memory.max_usage_in_bytes": memoryMaxUsageContents,
            "memory.limit_in_bytes": memoryLimitContents,
        },
        'unable to parse {}/memory.stat: strconv.ParseUint: parsing "rss": invalid syntax',
    ),
    "test_memory_stats_bad_usage_file": (
        {
            "memory.stat": memoryStatContents,
            "memory.usage_in_bytes": "bad",
            "memory.max_usage_in_bytes": memoryMaxUsageContents,
            "memory.limit_in_bytes": memoryLimitContents,
        },
        'unable to parse {}/memory.usage_in_bytes: strconv.ParseUint: parsing "bad": invalid syntax',
    ),
    "test_memory_stats_bad_max_usage_file": (
        {
            "memory.stat": memoryStatContents,
            "memory.usage_in_bytes": memoryUsageContents,
            "memory.max_usage_in_bytes": "bad",
            "memory.limit_in_bytes": memoryLimitContents,
        },
        'unable to parse {}/memory.max_usage_in_bytes: strconv.ParseUint: parsing "bad": invalid syntax',
    ),
    "test_memory_stats_bad_limit_in_bytes_file": (
        {
            "memory.stat": memoryStatContents,
            "memory.usage_in_bytes": memoryUsageContents,
            "memory.max_usage_in_bytes": memoryMaxUsageContents,
            "memory.limit_in_bytes": "bad",
        },
        "open {}/memory.failcnt: no such file or directory",
    ),
}


def _expect_failure(fs, path, version, name):
    files, text = CASES[name]
    write_files(fs, path, files)
    _, err = get_stats(runc(version), path)
    assert err is not None, "Expected failure"
    assert err.Error() == text.format(path)
    assert os.IsNotExist(err) == text.startswith("open ")


@pytest.mark.parametrize("version", VERSIONS)
def test_memory_stats_no_usage_file(fs, path, version):
    _expect_failure(fs, path, version, "test_memory_stats_no_usage_file")


@pytest.mark.parametrize("version", VERSIONS)
def test_memory_stats_no_max_usage_file(fs, path, version):
    _expect_failure(fs, path, version, "test_memory_stats_no_max_usage_file")


@pytest.mark.parametrize("version", VERSIONS)
def test_memory_stats_no_limit_in_bytes_file(fs, path, version):
    _expect_failure(fs, path, version, "test_memory_stats_no_limit_in_bytes_file")


@pytest.mark.parametrize("version", VERSIONS)
def test_memory_stats_bad_stat_file(fs, path, version):
    _expect_failure(fs, path, version, "test_memory_stats_bad_stat_file")


@pytest.mark.parametrize("version", VERSIONS)
def test_memory_stats_bad_usage_file(fs, path, version):
    _expect_failure(fs, path, version, "test_memory_stats_bad_usage_file")


@pytest.mark.parametrize("version", VERSIONS)
def test_memory_stats_bad_max_usage_file(fs, path, version):
    _expect_failure(fs, path, version, "test_memory_stats_bad_max_usage_file")


@pytest.mark.parametrize("version", VERSIONS)
def test_memory_stats_bad_limit_in_bytes_file(fs, path, version):
    _expect_failure(fs, path, version, "test_memory_stats_bad_limit_in_bytes_file")


@pytest.mark.parametrize("version", VERSIONS)
def test_no_hierarchical_numa_stat(fs, path, version):
    """TestNoHierarchicalNumaStat"""
    write_files(
        fs,
        path,
        {"memory.numa_stat": memoryNUMAStatNoHierarchyContents + memoryNUMAStatExtraContents},
    )
    R = runc(version)
    actualStats, err = R.fs.get_page_usage_by_numa(path)
    assert err is None
    assert numa(actualStats) == (EXPECTED_NUMA[0], NO_HIERARCHY)


# TestBadNumaStat: (desc, contents, verified error after "unable to parse <dir>/memory.numa_stat: ")
BAD_NUMA = [
    (
        "Nx where x is not a number",
        "total=44611 N0=44611,\nfile=44428 Nx=0\n",
        'strconv.ParseUint: parsing "44611,": invalid syntax',
    ),
    (
        "Nx where x > 255",
        "total=44611 N333=444",
        'strconv.ParseUint: parsing "333": value out of range',
    ),
    (
        "Nx argument missing",
        "total=44611 N0=123 N1=",
        'strconv.ParseUint: parsing "": invalid syntax',
    ),
    (
        "Nx argument is not a number",
        "total=44611 N0=123 N1=a",
        'strconv.ParseUint: parsing "a": invalid syntax',
    ),
    ("Missing = after Nx", "total=44611 N0=123 N1", "malformed line: total=44611 N0=123 N1"),
    (
        "No Nx at non-first position",
        "total=44611 N0=32631\nfile=44428 N0=32614\nanon=183 N0=12 badone\n",
        "malformed line: anon=183 N0=12 badone",
    ),
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("desc", "contents", "error"), BAD_NUMA, ids=[c[0] for c in BAD_NUMA])
def test_bad_numa_stat(fs, path, version, desc, contents, error):
    """TestBadNumaStat: one directory, memory.numa_stat rewritten per case."""
    write_files(fs, path, {"memory.numa_stat": contents})
    R = runc(version)
    _, err = R.fs.get_page_usage_by_numa(path)
    assert err is not None, f"case {desc!r}: expected error, got nil"
    assert err.Error() == f"unable to parse {path}/memory.numa_stat: {error}"


@pytest.mark.parametrize("version", VERSIONS)
def test_without_numa_stat(fs, path, version):
    """TestWithoutNumaStat"""
    R = runc(version)
    actualStats, err = R.fs.get_page_usage_by_numa(path)
    assert err is None
    assert numa(actualStats) == (NO_HIERARCHY, NO_HIERARCHY)


# ----------------------------------------------------- numa_stat details (runc.md §2.3)


@pytest.mark.parametrize("version", VERSIONS)
def test_numa_stat_details(fs, path, version):
    R = runc(version)

    def parse(contents):
        write_files(fs, path, {"memory.numa_stat": contents})
        st, err = R.fs.get_page_usage_by_numa(path)
        return st, (None if err is None else err.Error().split(": ", 1)[1])

    # the total is parsed with base 0: 0x10 is 16; node values are base 10
    st, err = parse("total=0x10 N0=1\n")
    assert err is None and (st.total.total, st.total.nodes) == (16, {0: 1})
    _, err = parse("total=1 N0=0x10\n")
    assert err == 'strconv.ParseUint: parsing "0x10": invalid syntax'
    # a repeated key: the later line wins, its Nodes map is reset
    st, err = parse("file=1 N0=1 N1=2\nfile=5 N3=7\n")
    assert err is None and (st.file.total, st.file.nodes) == (5, {3: 7})
    # a trailing space makes an empty last column: malformed
    _, err = parse("total=1 N0=1 \n")
    assert err == "malformed line: total=1 N0=1 "
    # node ids are uint8: N255 is fine, N256 a range error
    st, err = parse("total=1 N255=3\n")
    assert err is None and st.total.nodes == {255: 3}
    _, err = parse("total=1 N256=3\n")
    assert err == 'strconv.ParseUint: parsing "256": value out of range'
    # "N" alone (len < 2) or another letter: malformed
    _, err = parse("total=1 N=3\n")
    assert err == "malformed line: total=1 N=3"
    _, err = parse("total=1 X0=3\n")
    assert err == "malformed line: total=1 X0=3"
    # negative values are errors here (strconv, not fscommon.ParseUint)
    _, err = parse("total=-1 N0=1\n")
    assert err == 'strconv.ParseUint: parsing "-1": invalid syntax'
    # more than 255 node columns: the 256th column holds the rest, spaces included
    line = "total=1 " + " ".join(f"N{i}=1" for i in range(256)) + "\n"
    _, err = parse(line)
    assert err == 'strconv.ParseUint: parsing "1 N255=1": invalid syntax'
    # an unknown first column skips the line, whatever follows
    st, err = parse("whatever=100 garbage\ntotal=2\n")
    assert err is None and (st.total.total, st.total.nodes) == (2, {})


# ------------------------------------------------------------ runc.md §3.4 (cgroup v1)

BASE = {
    "memory.stat": "cache 512\nrss 1024\n",
    "memory.usage_in_bytes": "2048\n",
    "memory.max_usage_in_bytes": "4096\n",
    "memory.failcnt": "100\n",
    "memory.use_hierarchy": "1\n",
}


@pytest.mark.parametrize("version", VERSIONS)
def test_v1_without_memsw_and_kmem(fs, path, version):
    """No swap accounting: SwapUsage is zero; from v1.1.11 SwapOnlyUsage = 0 - mem wraps."""
    write_files(fs, path, {**BASE, "memory.limit_in_bytes": "9223372036854771712\n"})
    st, err = get_stats(runc(version), path)
    assert err is None
    ms = st.memory_stats
    assert as_tuple(ms.usage) == md(2048, 4096, 100, 9223372036854771712)
    assert as_tuple(ms.swap_usage) == md()
    if version in since("runc@v1.1.11"):
        assert as_tuple(ms.swap_only_usage) == md(18446744073709549568, 0, 18446744073709551516, 0)


@pytest.mark.parametrize(
    ("version", "ok"),
    [(v, False) for v in before("runc@v1.1.10")] + [(v, True) for v in since("runc@v1.1.10")],
)
def test_v1_kmem_without_limit(fs, path, version, ok):
    kmem = {
        "memory.kmem.usage_in_bytes": "10\n",
        "memory.kmem.max_usage_in_bytes": "20\n",
        "memory.kmem.failcnt": "0\n",
    }
    write_files(fs, path, {**BASE, "memory.limit_in_bytes": "8192\n", **kmem})
    st, err = get_stats(runc(version), path)
    if ok:
        assert err is None
        assert as_tuple(st.memory_stats.kernel_usage) == md(10, 20, 0, 0)
    else:
        assert err.Error() == f"open {path}/memory.kmem.limit_in_bytes: no such file or directory"
        assert as_tuple(st.memory_stats.kernel_usage) == md()


@pytest.mark.parametrize("version", VERSIONS)
def test_v1_missing_use_hierarchy(fs, path, version):
    files = {**BASE, "memory.limit_in_bytes": "8192\n"}
    del files["memory.use_hierarchy"]
    write_files(fs, path, files)
    st, err = get_stats(runc(version), path)
    assert err.Error() == f"open {path}/memory.use_hierarchy: no such file or directory"
    # stats written before the failure stay written
    assert st.memory_stats.cache == 512
    assert as_tuple(st.memory_stats.usage) == md(2048, 4096, 100, 8192)


@pytest.mark.parametrize("version", VERSIONS)
def test_v1_negative_cache(fs, path, version):
    files = {**BASE, "memory.limit_in_bytes": "8192\n", "memory.stat": "cache -5\n"}
    write_files(fs, path, files)
    st, err = get_stats(runc(version), path)
    assert err is None
    assert st.memory_stats.stats == {"cache": 0} and st.memory_stats.cache == 0


@pytest.mark.parametrize("version", VERSIONS)
def test_v1_blank_stat_line_is_an_error(fs, path, version):
    """No scanner.Err() check on v1, but a blank line fails ParseKeyValue."""
    files = {**BASE, "memory.limit_in_bytes": "8192\n", "memory.stat": "cache 1\n\nrss 2\n"}
    write_files(fs, path, files)
    _, err = get_stats(runc(version), path)
    msg = 'line "" is not in key value format'
    if version in since("cgroups@v0.0.1"):
        msg = 'line "" is not in "key value" format'
    assert err.Error() == f"unable to parse {path}/memory.stat: {msg}"


@pytest.mark.parametrize("version", VERSIONS)
def test_v1_use_hierarchy_values(fs, path, version):
    for value, want in (("1\n", True), ("0\n", False), ("2\n", False), ("max\n", False)):
        write_files(fs, path, {**BASE, "memory.limit_in_bytes": "8192\n"})
        write_files(fs, path, {"memory.use_hierarchy": value})
        st, err = get_stats(runc(version), path)
        assert err is None and st.memory_stats.use_hierarchy is want


@pytest.mark.parametrize("version", VERSIONS)
def test_v1_memsw_max_is_maxuint64(fs, path, version):
    files = {**BASE, "memory.limit_in_bytes": "max\n"}
    files |= {
        "memory.memsw.usage_in_bytes": "3000\n",
        "memory.memsw.max_usage_in_bytes": "5000\n",
        "memory.memsw.failcnt": "101\n",
        "memory.memsw.limit_in_bytes": "max\n",
    }
    write_files(fs, path, files)
    st, err = get_stats(runc(version), path)
    assert err is None
    assert as_tuple(st.memory_stats.swap_usage) == md(3000, 5000, 101, MaxUint64)
    if version in since("runc@v1.1.11"):
        assert as_tuple(st.memory_stats.swap_only_usage) == md(952, 0, 1, 0)


@pytest.mark.parametrize("version", VERSIONS)
def test_v1_memory_stat_not_exist_vs_other_open_errors(fs, path, version):
    """A missing memory.stat skips the subsystem (os.IsNotExist); a directory in its place is
    opened, and reading it is not checked on v1 (no scanner.Err): the stats go on."""
    fs.create_dir(path + "/memory.stat")
    write_files(fs, path, {k: v for k, v in BASE.items() if k != "memory.stat"})
    write_files(fs, path, {"memory.limit_in_bytes": "1\n"})
    st, err = get_stats(runc(version), path)
    assert err is None
    assert st.memory_stats.stats == {} and st.memory_stats.usage.usage == 2048


@pytest.mark.parametrize("version", VERSIONS)
def test_v1_errors_classes(fs, path, version):
    write_files(fs, path, {"memory.stat": "cache 1\n"})
    _, err = get_stats(runc(version), path)
    assert os.IsNotExist(err) and errors.Is(err, unix.ENOENT)
