"""libcontainer/cgroups/fs2/memory_test.go (runc v1.1.9+, opencontainers/cgroups), ported, plus
the same scenarios on the versions upstream has no test for, the root branch at the real
/sys/fs/cgroup path with a fake /proc/meminfo, and the verified edge cases of runc.md §3.4."""

from __future__ import annotations

import pytest

from ports.go import errors, os, unix
from ports.go.math import MaxUint64
from tests.ports.runc.conftest import VERSIONS, before, runc, since, write_files

# exampleMemoryStatData (40 lines, no trailing newline)
exampleMemoryStatData = """anon 790425600
file 6502666240
kernel_stack 7012352
pagetables 8867840
percpu 2445520
sock 40960
shmem 6721536
file_mapped 656187392
file_dirty 1122304
file_writeback 0
swapcached 10
anon_thp 438304768
file_thp 0
shmem_thp 0
inactive_anon 892223488
active_anon 2973696
inactive_file 5307346944
active_file 1179316224
unevictable 31477760
slab_reclaimable 348866240
slab_unreclaimable 10099808
slab 358966048
workingset_refault_anon 0
workingset_refault_file 0
workingset_activate_anon 0
workingset_activate_file 0
workingset_restore_anon 0
workingset_restore_file 0
workingset_nodereclaim 0
pgfault 103216687
pgmajfault 6879
pgrefill 0
pgscan 0
pgsteal 0
pgactivate 1110217
pgdeactivate 292
pglazyfree 267
pglazyfreed 0
thp_fault_alloc 57411
thp_collapse_alloc 443"""

# A /proc/meminfo for the root tests (upstream's TestRootStatsFromMeminfo reads the host's).
MEMINFO = """MemTotal:       16305200 kB
MemFree:         2357016 kB
MemAvailable:   10567880 kB
Buffers:          403220 kB
Cached:          7345232 kB
SwapCached:            0 kB
Active:          4512040 kB
Inactive:        8043720 kB
SwapTotal:       2097148 kB
SwapFree:        1048572 kB
Dirty:               212 kB
"""
MEM_USED = (16305200 - 2357016) * 1024  # pre-fix root usage: (MemTotal - MemFree) * 1024
SWAP_USED = (2097148 - 1048572) * 1024  # (SwapTotal - SwapFree) * 1024
ANON_FILE = 790425600 + 6502666240  # post-fix root usage: anon + file = 7293091840


def md(usage=0, max_usage=0, failcnt=0, limit=0):
    return (usage, max_usage, failcnt, limit)


def as_tuple(d):
    return (d.usage, d.max_usage, d.failcnt, d.limit)


# ----------------------------------------------------------------------- upstream tests


@pytest.mark.parametrize("version", VERSIONS)
def test_stat_memory_pod_cgroup_not_found(fs, tempdir, version):
    """TestStatMemoryPodCgroupNotFound (upstream from v1.1.9; same result on v1.1.7)."""
    R = runc(version)
    fakeCgroupDir = tempdir

    # only write memory.stat to ensure pod cgroup usage
    # still reads memory.current.
    write_files(fs, fakeCgroupDir, {"memory.stat": exampleMemoryStatData})

    gotStats = R.cgroups.new_stats()

    # use a fake root path to mismatch the file we wrote.
    # this triggers the non-root path which should fail to find memory.current.
    err = R.fs2.stat_memory(fakeCgroupDir, gotStats)
    assert err is not None, "expected error when statting memory for cgroupv2 root, but was nil"
    assert "memory.current: no such file or directory" in err.Error()
    # the whole text, and its classes: the fallback open's *PathError
    assert err.Error() == f"open {fakeCgroupDir}/memory.current: no such file or directory"
    assert os.IsNotExist(err) and errors.Is(err, unix.ENOENT)


@pytest.mark.parametrize("version", VERSIONS)
def test_stat_memory_pod_cgroup(fs, tempdir, version):
    """TestStatMemoryPodCgroup. memory.peak is written (and asserted) from v1.1.11, where
    upstream's test gained it; the table runs every version on both fixtures."""
    R = runc(version)
    fakeCgroupDir = tempdir
    write_files(
        fs,
        fakeCgroupDir,
        {
            "memory.stat": exampleMemoryStatData,
            "memory.current": "123456789",
            "memory.max": "999999999",
        },
    )
    peak = version in since("runc@v1.1.11")
    if peak:
        write_files(fs, fakeCgroupDir, {"memory.peak": "987654321"})

    gotStats = R.cgroups.new_stats()

    # use a fake root path to trigger the pod cgroup lookup.
    err = R.fs2.stat_memory(fakeCgroupDir, gotStats)
    assert err is None

    # result should be "memory.current"
    assert gotStats.memory_stats.usage.usage == 123456789
    if peak:
        # result should be "memory.max"
        assert gotStats.memory_stats.usage.limit == 999999999
        # result should be "memory.peak"
        assert gotStats.memory_stats.usage.max_usage == 987654321

    # derived values, not asserted upstream (runc.md §3.1; verified on the Go code)
    ms = gotStats.memory_stats
    assert ms.cache == 6502666240
    assert ms.use_hierarchy is True
    assert len(ms.stats) == 40
    assert as_tuple(ms.swap_usage) == md(123456789, 0, 0, 999999999)
    if version in since("runc@v1.1.11"):
        assert as_tuple(ms.swap_only_usage) == md()


@pytest.mark.parametrize(
    ("version", "peak_file", "max_usage"),
    [(v, False, 0) for v in VERSIONS]
    + [(v, True, 0) for v in before("runc@v1.1.11")]  # v1.1.5..v1.1.10 ignore memory.peak
    + [(v, True, 987654321) for v in since("runc@v1.1.11")],
)
def test_stat_memory_pod_cgroup_peak_side_by_side(fs, tempdir, version, peak_file, max_usage):
    R = runc(version)
    files = {"memory.stat": exampleMemoryStatData, "memory.current": "123456789"}
    files["memory.max"] = "999999999"
    if peak_file:
        files["memory.peak"] = "987654321"
    write_files(fs, tempdir, files)
    st = R.cgroups.new_stats()
    assert R.fs2.stat_memory(tempdir, st) is None
    assert as_tuple(st.memory_stats.usage) == md(123456789, max_usage, 0, 999999999)


@pytest.mark.parametrize("version", since("runc@v1.1.9"))
def test_root_stats_from_meminfo(fs, version):
    """TestRootStatsFromMeminfo, with a pyfakefs /proc/meminfo instead of the host's."""
    fs.create_file("/proc/meminfo", contents=MEMINFO)
    R = runc(version)
    stats = R.cgroups.Stats(
        memory_stats=R.cgroups.MemoryStats(stats={"anon": 790425600, "file": 6502666240})
    )

    err = R.fs2.root_stats_from_meminfo(stats)
    assert err is None

    # result is anon + file
    assert stats.memory_stats.usage.usage == 7293091840

    # swap is adjusted to mem+swap
    assert stats.memory_stats.swap_usage.usage >= stats.memory_stats.usage.usage
    assert stats.memory_stats.swap_usage.limit >= stats.memory_stats.usage.limit

    # the exact values with this meminfo
    assert as_tuple(stats.memory_stats.usage) == md(7293091840, 0, 0, MaxUint64)
    assert as_tuple(stats.memory_stats.swap_usage) == md(SWAP_USED + 7293091840, 0, 0, MaxUint64)


def test_stats_from_meminfo_pre_fix(fs):
    """The same input on v1.1.7's statsFromMeminfo: (MemTotal - MemFree) * 1024, unrelated to
    the memory.stat numbers; v1.1.9 renamed the function."""
    fs.create_file("/proc/meminfo", contents=MEMINFO)
    R = runc("runc@v1.1.7")
    stats = R.cgroups.Stats(
        memory_stats=R.cgroups.MemoryStats(stats={"anon": 790425600, "file": 6502666240})
    )
    assert R.fs2.stats_from_meminfo(stats) is None
    assert as_tuple(stats.memory_stats.usage) == md(MEM_USED, 0, 0, MaxUint64)
    assert as_tuple(stats.memory_stats.swap_usage) == md(SWAP_USED, 0, 0, MaxUint64)
    assert not hasattr(R.fs2, "root_stats_from_meminfo")
    assert not hasattr(runc("runc@v1.1.9").fs2, "stats_from_meminfo")


# ------------------------------------------------------- the root branch at /sys/fs/cgroup

ROOT_USAGE = {v: (MEM_USED, SWAP_USED) for v in before("runc@v1.1.9")} | {
    v: (ANON_FILE, SWAP_USED + ANON_FILE) for v in since("runc@v1.1.9")
}


@pytest.mark.parametrize("openat2", [True, False], ids=["openat2", "fallback"])
@pytest.mark.parametrize("version", VERSIONS)
def test_root_cgroup_stat_memory(fs, fake_host, version, openat2):
    """statMemory("/sys/fs/cgroup"): memory.current is missing at the root, so the exact
    "/sys/fs/cgroup" compare sends it to the meminfo emulation, before and after the fix."""
    fs.create_file("/proc/meminfo", contents=MEMINFO)
    fs.create_file("/sys/fs/cgroup/memory.stat", contents=exampleMemoryStatData)
    fs.create_file("/sys/fs/cgroup/cgroup.controllers", contents="cpu memory pids\n")
    with fake_host_openat2(fake_host, openat2):
        R = runc(version, test_mode=False)
        st = R.cgroups.new_stats()
        assert R.fs2.stat_memory("/sys/fs/cgroup", st) is None
    usage, swap = ROOT_USAGE[version]
    ms = st.memory_stats
    assert as_tuple(ms.usage) == md(usage, 0, 0, MaxUint64)
    assert as_tuple(ms.swap_usage) == md(swap, 0, 0, MaxUint64)
    assert ms.cache == 6502666240 and ms.use_hierarchy is True
    if version in since("runc@v1.1.11"):
        assert as_tuple(ms.swap_only_usage) == md()  # not set at the root


def fake_host_openat2(fake_host, openat2):
    from ports.go import host

    return host.use(host.FakeHost(fake_host.mounts, openat2=openat2))


@pytest.mark.parametrize(
    ("openat2", "op"), [(True, "openat2"), (False, "open")], ids=["openat2", "fallback"]
)
@pytest.mark.parametrize("version", VERSIONS)
def test_root_cgroup_with_trailing_slash_is_not_root(fs, fake_host, version, openat2, op):
    """The root check is an exact string compare: "/sys/fs/cgroup/" gets the ENOENT."""
    fs.create_file("/proc/meminfo", contents=MEMINFO)
    fs.create_file("/sys/fs/cgroup/memory.stat", contents=exampleMemoryStatData)
    with fake_host_openat2(fake_host, openat2):
        R = runc(version, test_mode=False)
        st = R.cgroups.new_stats()
        err = R.fs2.stat_memory("/sys/fs/cgroup/", st)
    assert err.Error() == f"{op} /sys/fs/cgroup/memory.current: no such file or directory"
    assert os.IsNotExist(err) and errors.Is(err, unix.ENOENT)
    assert st.memory_stats.usage.usage == 0


@pytest.mark.parametrize("version", VERSIONS)
def test_root_cgroup_elsewhere_is_not_root(fs, version):
    """A host cgroupfs mounted elsewhere (/rootfs/sys/fs/cgroup) is not the root either."""
    fs.create_file("/rootfs/sys/fs/cgroup/memory.stat", contents="anon 1\nfile 2\n")
    R = runc(version)
    st = R.cgroups.new_stats()
    err = R.fs2.stat_memory("/rootfs/sys/fs/cgroup", st)
    assert err.Error() == "open /rootfs/sys/fs/cgroup/memory.current: no such file or directory"


@pytest.mark.parametrize("version", VERSIONS)
def test_root_cgroup_without_memory_stat(fs, version):
    """Old kernels have no root memory.stat: statMemory fails before the fallback (ENOENT,
    through openat2), and the manager's GetStats drops it: all-zero memory stats."""
    fs.create_file("/proc/meminfo", contents=MEMINFO)
    fs.create_file("/sys/fs/cgroup/cgroup.controllers", contents="memory\n")
    R = runc(version, test_mode=False)
    st = R.cgroups.new_stats()
    err = R.fs2.stat_memory("/sys/fs/cgroup", st)
    assert err.Error() == "openat2 /sys/fs/cgroup/memory.stat: no such file or directory"
    ms, err = R.memory_stats("/sys/fs/cgroup", manager=True)
    assert err is None
    assert as_tuple(ms.usage) == md() and ms.stats == {}


@pytest.mark.parametrize("version", VERSIONS)
def test_root_cgroup_parse_error_in_memory_current_is_not_emulated(fs, version):
    """Only ENOENT falls back: a broken root memory.current is returned as it is."""
    fs.create_file("/proc/meminfo", contents=MEMINFO)
    fs.create_file("/sys/fs/cgroup/memory.stat", contents="anon 1\nfile 2\n")
    fs.create_file("/sys/fs/cgroup/memory.current", contents="bad\n")
    R = runc(version, test_mode=False)
    st = R.cgroups.new_stats()
    err = R.fs2.stat_memory("/sys/fs/cgroup", st)
    assert err.Error() == (
        'unable to parse /sys/fs/cgroup/memory.current: strconv.ParseUint: parsing "bad": '
        "invalid syntax"
    )
    assert not os.IsNotExist(err) and not errors.Is(err, unix.ENOENT)


@pytest.mark.parametrize("version", VERSIONS)
def test_root_cgroup_memory_max_missing_falls_back(fs, version):
    """memory.current present but memory.max missing at the root: ENOENT from the limit read
    also falls back (the commit checks "cgroup files first, as future kernels might add it")."""
    fs.create_file("/proc/meminfo", contents=MEMINFO)
    fs.create_file("/sys/fs/cgroup/memory.stat", contents=exampleMemoryStatData)
    fs.create_file("/sys/fs/cgroup/memory.current", contents="5\n")
    R = runc(version, test_mode=False)
    st = R.cgroups.new_stats()
    assert R.fs2.stat_memory("/sys/fs/cgroup", st) is None
    assert st.memory_stats.usage.usage == ROOT_USAGE[version][0]


# --------------------------------------------------------------- the meminfo parser

PRE, POST = "runc@v1.1.7", "runc@v1.1.9"


def _root(fs, version, meminfo, stat="anon 100\nfile 200\n"):
    if meminfo is not None:
        fs.create_file("/proc/meminfo", contents=meminfo)
    fs.create_file("/sys/fs/cgroup/memory.stat", contents=stat)
    R = runc(version, test_mode=False)
    st = R.cgroups.new_stats()
    err = R.fs2.stat_memory("/sys/fs/cgroup", st)
    return st.memory_stats, err


@pytest.mark.parametrize(
    ("meminfo", "pre", "post"),
    [
        # (meminfo, (usage, swap) or error v1.1.7, (usage, swap) or error v1.1.9+)
        (
            "MemTotal: 10 kB\nMemFree: 4 kB\nSwapTotal: 3 kB\nSwapFree: 1 kB\n",
            (6144, 2048),
            (300, 2048 + 300),
        ),
        # missing keys stay 0, no error
        ("MemTotal: 10 kB\n", (10240, 0), (300, 300)),
        ("", (0, 0), (300, 300)),
        # no " kB" suffix: still parsed after TrimSpace
        ("MemTotal: 10\nMemFree: 4\nSwapTotal: 3\nSwapFree: 1\n", (6144, 2048), (300, 2348)),
        # "kB" without the space is not stripped: a bad value
        (
            "MemTotal: 10kB\nSwapTotal: 3kB\n",
            "unable to parse /proc/meminfo: bad value for MemTotal",
            "unable to parse /proc/meminfo: bad value for SwapTotal",
        ),
        # strconv.ParseUint, not fscommon: a negative value is an error
        (
            "SwapTotal: -1 kB\n",
            "unable to parse /proc/meminfo: bad value for SwapTotal",
            "unable to parse /proc/meminfo: bad value for SwapTotal",
        ),
        # the key is not trimmed; lines with no colon or two colons are skipped
        (" MemTotal: x\nMemTotal:: 5\nMemFree 3\nSwapTotal: 8 kB\n", (0, 8192), (300, 8492)),
        # SwapFree > SwapTotal wraps (uint64)
        ("SwapTotal: 1 kB\nSwapFree: 2 kB\n", (0, 2**64 - 1024), (300, 2**64 - 1024 + 300)),
        (
            "MemTotal: 1 kB\nMemFree: 2 kB\n",
            (2**64 - 1024, 0),
            (300, 300),
        ),
        # early break once every wanted key was found (duplicates count again): post-fix
        # wants 2 keys and stops before the bad SwapFree; pre-fix wants 4 and reads it
        (
            "SwapTotal: 1 kB\nSwapTotal: 2 kB\nSwapFree: x\n",
            "unable to parse /proc/meminfo: bad value for SwapFree",
            (300, 2048 + 300),
        ),
        (
            "MemTotal: 8 kB\nMemFree: 1 kB\nSwapTotal: 5 kB\nSwapFree: 1 kB\nMemTotal: bad\n",
            (7168, 4096),
            (300, 4096 + 300),
        ),
    ],
)
def test_meminfo_parsing_side_by_side(fs, meminfo, pre, post):
    for version, want in ((PRE, pre), (POST, post)):
        fs.reset()
        ms, err = _root(fs, version, meminfo)
        if isinstance(want, str):
            assert err is not None and err.Error() == want, version
        else:
            assert err is None, (version, err and err.Error())
            assert (ms.usage.usage, ms.swap_usage.usage) == want, version
            assert ms.usage.limit == ms.swap_usage.limit == MaxUint64


@pytest.mark.parametrize("version", VERSIONS)
def test_meminfo_missing(fs, version):
    _ms, err = _root(fs, version, None)
    assert err.Error() == "open /proc/meminfo: no such file or directory"
    assert os.IsNotExist(err)


@pytest.mark.parametrize("version", since("runc@v1.1.9"))
def test_root_without_anon_and_file(fs, version):
    ms, err = _root(fs, version, "SwapTotal: 1 kB\nSwapFree: 1 kB\n", stat="shmem 5\n")
    assert err is None
    assert as_tuple(ms.usage) == md(0, 0, 0, MaxUint64)
    assert as_tuple(ms.swap_usage) == md(0, 0, 0, MaxUint64)


# ------------------------------------------------------------ runc.md §3.4 (cgroup v2)

STAT = "anon 100\nfile 200\n"


def _stat(fs, tempdir, version, files):
    write_files(fs, tempdir, {"memory.stat": STAT, **files})
    R = runc(version)
    st = R.cgroups.new_stats()
    err = R.fs2.stat_memory(tempdir, st)
    return st.memory_stats, err


@pytest.mark.parametrize("version", VERSIONS)
def test_v2_no_swap_files(fs, tempdir, version):
    ms, err = _stat(fs, tempdir, version, {"memory.current": "300\n", "memory.max": "max\n"})
    assert err is None
    assert as_tuple(ms.usage) == md(300, 0, 0, MaxUint64)
    assert as_tuple(ms.swap_usage) == md(300, 0, 0, MaxUint64)
    assert ms.cache == 200
    if version in since("runc@v1.1.11"):
        assert as_tuple(ms.swap_only_usage) == md()


@pytest.mark.parametrize("version", VERSIONS)
def test_v2_swap_max_unlimited(fs, tempdir, version):
    files = {"memory.current": "300\n", "memory.max": "max\n"}
    files |= {"memory.swap.current": "50\n", "memory.swap.max": "max\n"}
    ms, err = _stat(fs, tempdir, version, files)
    assert err is None
    assert as_tuple(ms.swap_usage) == md(350, 0, 0, MaxUint64)
    if version in since("runc@v1.1.11"):
        assert as_tuple(ms.swap_only_usage) == md(50, 0, 0, MaxUint64)


@pytest.mark.parametrize("version", VERSIONS)
def test_v2_swap_limit_wraps(fs, tempdir, version):
    """swap.max 1000 + memory.max "max" (MaxUint64) = 999 in uint64."""
    files = {"memory.current": "300\n", "memory.max": "max"}
    files |= {"memory.swap.current": "50\n", "memory.swap.max": "1000\n"}
    ms, err = _stat(fs, tempdir, version, files)
    assert err is None
    assert ms.swap_usage.limit == 999
    assert ms.usage.limit == MaxUint64
    if version in since("runc@v1.1.11"):
        assert ms.swap_only_usage.limit == 1000


@pytest.mark.parametrize(
    ("version", "usage", "swap", "swap_only"),
    [(v, md(300, 0, 0, 4000), md(350, 0, 0, 5000), None) for v in before("runc@v1.1.11")]
    + [
        (v, md(300, 777, 0, 4000), md(350, 0, 0, 5000), md(50, 60, 0, 1000))
        for v in since("runc@v1.1.11")
    ],
)
def test_v2_peaks(fs, tempdir, version, usage, swap, swap_only):
    files = {"memory.current": "300\n", "memory.max": "4000\n", "memory.peak": "777\n"}
    files |= {"memory.swap.current": "50\n", "memory.swap.max": "1000\n"}
    files |= {"memory.swap.peak": "60\n"}
    ms, err = _stat(fs, tempdir, version, files)
    assert err is None
    assert as_tuple(ms.usage) == usage
    assert as_tuple(ms.swap_usage) == swap
    if swap_only is not None:
        assert as_tuple(ms.swap_only_usage) == swap_only


@pytest.mark.parametrize("version", VERSIONS)
def test_v2_swap_current_without_swap_max(fs, tempdir, version):
    files = {"memory.current": "300\n", "memory.max": "max\n", "memory.swap.current": "50\n"}
    ms, err = _stat(fs, tempdir, version, files)
    assert err.Error() == f"open {tempdir}/memory.swap.max: no such file or directory"
    assert os.IsNotExist(err)
    assert as_tuple(ms.usage) == md(300, 0, 0, MaxUint64)  # Usage already filled
    assert as_tuple(ms.swap_usage) == md()


@pytest.mark.parametrize(
    ("version", "error"),
    [(v, None) for v in before("runc@v1.1.11")]
    + [
        (v, 'unable to parse {}/memory.peak: strconv.ParseUint: parsing "bad": invalid syntax')
        for v in since("runc@v1.1.11")
    ],
)
def test_v2_bad_memory_peak(fs, tempdir, version, error):
    files = {"memory.current": "300\n", "memory.max": "max\n", "memory.peak": "bad\n"}
    ms, err = _stat(fs, tempdir, version, files)
    if error is None:
        assert err is None and ms.usage.usage == 300
    else:
        assert err.Error() == error.format(tempdir)
        assert as_tuple(ms.usage) == md()  # getMemoryDataV2 failed: Usage stays zero


@pytest.mark.parametrize("version", VERSIONS)
def test_v2_bad_memory_current(fs, tempdir, version):
    ms, err = _stat(fs, tempdir, version, {"memory.current": "bad\n", "memory.max": "max\n"})
    assert err.Error() == (
        f'unable to parse {tempdir}/memory.current: strconv.ParseUint: parsing "bad": '
        "invalid syntax"
    )
    assert not os.IsNotExist(err)
    assert ms.cache == 200 and ms.use_hierarchy is True


@pytest.mark.parametrize(
    ("version", "message"),
    [(v, 'line "file" is not in key value format') for v in since(VERSIONS[0], "runc@v1.2.0")]
    + [(v, 'line "file" is not in "key value" format') for v in since("cgroups@v0.0.1")],
)
def test_v2_stat_line_without_value(fs, tempdir, version, message):
    write_files(fs, tempdir, {"memory.stat": "anon 1\nfile\n"})
    R = runc(version)
    st = R.cgroups.new_stats()
    err = R.fs2.stat_memory(tempdir, st)
    assert err.Error() == f"unable to parse {tempdir}/memory.stat: {message}"
    assert st.memory_stats.use_hierarchy is False
    assert st.memory_stats.stats == {"anon": 1}


@pytest.mark.parametrize(
    ("version", "error"),
    [(v, None) for v in since(VERSIONS[0], "runc@v1.2.0")]
    + [
        (v, 'unable to parse {}/memory.stat: line " 5" is not in "key value" format')
        for v in since("cgroups@v0.0.1")
    ],
)
def test_v2_stat_line_with_empty_key(fs, tempdir, version, error):
    """runc's SplitN accepts an empty key; opencontainers/cgroups' Cut rejects it."""
    write_files(
        fs, tempdir, {"memory.stat": " 5\nfile 7\n", "memory.current": "1", "memory.max": "2"}
    )
    R = runc(version)
    st = R.cgroups.new_stats()
    err = R.fs2.stat_memory(tempdir, st)
    if error is None:
        assert err is None and st.memory_stats.stats == {"": 5, "file": 7}
    else:
        assert err.Error() == error.format(tempdir)


@pytest.mark.parametrize("version", VERSIONS)
def test_v2_stat_duplicates_negative_and_scanner_error(fs, tempdir, version):
    write_files(fs, tempdir, {"memory.stat": "file 1\nfile 9\nanon -5\n", "memory.current": "1"})
    write_files(fs, tempdir, {"memory.max": "2"})
    ms, err = _stat_raw(fs, tempdir, version)
    assert err is None
    assert ms.stats == {"file": 9, "anon": 0} and ms.cache == 9
    # a line of 64 KiB stops the scanner: bufio.ErrTooLong as a ParseError
    write_files(fs, tempdir, {"memory.stat": "file 1\n" + "x" * 65536 + " 1\n"})
    ms, err = _stat_raw(fs, tempdir, version)
    assert err.Error() == f"unable to parse {tempdir}/memory.stat: bufio.Scanner: token too long"
    assert ms.stats == {"file": 1} and ms.use_hierarchy is False


def _stat_raw(fs, tempdir, version):
    R = runc(version)
    st = R.cgroups.new_stats()
    return st.memory_stats, R.fs2.stat_memory(tempdir, st)


@pytest.mark.parametrize("version", VERSIONS)
def test_v2_memory_max_missing(fs, tempdir, version):
    _ms, err = _stat(fs, tempdir, version, {"memory.current": "300\n"})
    assert err.Error() == f"open {tempdir}/memory.max: no such file or directory"
    assert os.IsNotExist(err)


@pytest.mark.parametrize("version", VERSIONS)
def test_v2_memory_stat_is_a_directory(fs, tempdir, version):
    fs.create_dir(tempdir + "/memory.stat")
    R = runc(version)
    st = R.cgroups.new_stats()
    err = R.fs2.stat_memory(tempdir, st)
    assert (
        err.Error()
        == f"unable to parse {tempdir}/memory.stat: read {tempdir}/memory.stat: is a directory"
    )
    assert not os.IsNotExist(err)
