"""google/cadvisor container/libcontainer/handler.go: setMemoryStats, setMemoryNumaStats and
setMemoryEvents.

TestSetMemoryStats, TestSetMemoryEvents and TestSetMemoryEventsFileNotFound are ported from
v0.60.5 lib/container/libcontainer/handler_test.go (L165-199, L392-437, L439-445) with their
fixtures. The other cases are derived by hand from the Go of each version (the derivation is
in each test's comment); where versions disagree, they are asserted side by side.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ports import registry
from ports.cadvisor.v0_47_3.info import v1
from ports.go import host

CADVISORS = [
    "cadvisor@v0.47.3",
    "cadvisor@v0.48.1",
    "cadvisor@v0.49.0",
    "cadvisor@v0.51.0",
    "cadvisor@v0.52.1",
    "cadvisor@v0.53.0",
    "cadvisor@v0.56.2",
    "cadvisor@v0.60.5",
]
# TotalActiveFile/TotalInactiveFile are kept from v0.51.0 (PR #3495), the memory PSI from v0.52.1
FILE_COUNTERS = CADVISORS[3:]
MEMORY_PSI = CADVISORS[4:]
V2 = {"/sys/fs/cgroup": "cgroup2fs"}
V1 = {"/sys/fs/cgroup": "tmpfs", "/sys/fs/cgroup/memory": "cgroup"}
# statfs needs the mount point to exist: the least tree that has it
V2_DIRS = {"/sys/fs/cgroup/cgroup.controllers": b"memory\n"}
V1_DIRS = {"/sys/fs/cgroup/memory/cgroup.procs": b""}


def cadvisor(name: str, runc: str = "cgroups@v0.1.0") -> Any:
    return registry.get(name)(registry.get(runc)())


@pytest.fixture(params=["v1", "v2"])
def any_host(request: pytest.FixtureRequest) -> Iterator[str]:
    with host.use(
        host.FakeHost(V1, files=V1_DIRS)
        if request.param == "v1"
        else host.FakeHost(V2, files=V2_DIRS)
    ):
        yield request.param


# ---- setMemoryStats

EXTRA_V2_KEYS = {
    "file_dirty": 19,
    "file_writeback": 20,
    "pgscan": 21,
    "pgsteal": 22,
    "workingset_refault_file": 23,
    "workingset_refault_anon": 24,
}
EXTRA_FIELDS = (
    "FileDirty",
    "FileWriteback",
    "Pgscan",
    "Pgsteal",
    "WorkingsetRefaultFile",
    "WorkingsetRefaultAnon",
)


def test_set_memory_stats(any_host):
    """TestSetMemoryStats (v0.60.5): the extra memory.stat keys are copied whatever the host
    (the test has no Usage and no inactive key, so the working set is Usage = 0)."""
    C = cadvisor("cadvisor@v0.60.5")
    cg = C.runc.cgroups
    s = cg.Stats(memory_stats=cg.MemoryStats(stats=dict(EXTRA_V2_KEYS)))
    ret = v1.ContainerStats(Memory=None)  # `var ret info.ContainerStats`: Memory is a nil pointer
    C.libcontainer.setMemoryStats(s, ret)
    assert ret.Memory is not None
    assert [getattr(ret.Memory, f) for f in EXTRA_FIELDS] == [19, 20, 21, 22, 23, 24]
    assert (ret.Memory.Usage, ret.Memory.WorkingSet, ret.Memory.Swap) == (0, 0, 0)


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("cadvisor@v0.47.3", [0, 0, 0, 0, 0, 0]),  # the fields do not exist yet
        ("cadvisor@v0.48.1", [0, 0, 0, 0, 0, 0]),
        ("cadvisor@v0.52.1", [0, 0, 0, 0, 0, 0]),
        ("cadvisor@v0.56.2", [0, 0, 0, 0, 0, 0]),
        ("cadvisor@v0.60.5", [19, 20, 21, 22, 23, 24]),  # commit 19585807, v0.60.0
    ],
)
def test_set_memory_stats_extra_keys_by_version(any_host, version, expected):
    C = cadvisor(version)
    cg = C.runc.cgroups
    s = cg.Stats(memory_stats=cg.MemoryStats(stats=dict(EXTRA_V2_KEYS)))
    ret = v1.ContainerStats()
    C.libcontainer.setMemoryStats(s, ret)
    assert [getattr(ret.Memory, f) for f in EXTRA_FIELDS] == expected


def _stats(C: Any, usage: int, swap: int, kernel: int, st: dict[str, int], hier: bool) -> Any:
    cg = C.runc.cgroups
    m = cg.MemoryStats(stats=dict(st), use_hierarchy=hier)
    m.usage.usage, m.usage.max_usage, m.usage.failcnt = usage, usage + 1, 7
    m.swap_usage.usage = swap
    m.kernel_usage.usage = kernel
    return cg.Stats(memory_stats=m)


V1_STAT = {
    "cache": 100,
    "rss": 200,
    "swap": 3,
    "mapped_file": 40,
    "total_cache": 1000,
    "total_rss": 2000,
    "total_swap": 30,
    "total_mapped_file": 400,
    "pgfault": 11,
    "pgmajfault": 12,
    "inactive_file": 90,  # the local key: not the one v1 subtracts
    "total_inactive_file": 900,
    "total_active_file": 800,
}


@pytest.mark.parametrize("version", CADVISORS)
@pytest.mark.parametrize("hier", [True, False])
def test_set_memory_stats_v1_by_hand(version, hier):
    """v1 (handler.go v0.47.3 L801-845): Cache/RSS/Swap/MappedFile from the total_* keys when
    use_hierarchy, else the local ones; the working set always subtracts total_inactive_file:
    Usage 5000 - 900 = 4100. KernelUsage (v0.48.0+) is memory.kmem.usage_in_bytes;
    TotalActiveFile/TotalInactiveFile (v0.50.0+) are total_active_file/total_inactive_file."""
    with host.use(host.FakeHost(V1, files=V1_DIRS)):
        C = cadvisor(version)
        ret = v1.ContainerStats()
        C.libcontainer.setMemoryStats(_stats(C, 5000, 6000, 77, V1_STAT, hier), ret)
    m = ret.Memory
    local = (100, 200, 3, 40)
    total = (1000, 2000, 30, 400)
    assert (m.Cache, m.RSS, m.Swap, m.MappedFile) == (total if hier else local)
    assert (m.Usage, m.MaxUsage, m.Failcnt, m.WorkingSet) == (5000, 5001, 7, 4100)
    assert (m.ContainerData.Pgfault, m.ContainerData.Pgmajfault) == (11, 12)
    assert (m.HierarchicalData.Pgfault, m.HierarchicalData.Pgmajfault) == (11, 12)
    newer = version != "cadvisor@v0.47.3"
    counters = version in FILE_COUNTERS
    assert m.KernelUsage == (77 if newer else 0)
    assert (m.TotalActiveFile, m.TotalInactiveFile) == ((800, 900) if counters else (0, 0))


@pytest.mark.parametrize("version", CADVISORS)
def test_set_memory_stats_v2_by_hand(version):
    """v2: Cache = file, RSS = anon, MappedFile = file_mapped, Swap = SwapUsage - Usage in
    uint64 (runc's v2 SwapUsage is mem+swap; a swap-only SwapUsage below Usage wraps, as the
    pre-1.1.9 root's does); WorkingSet = Usage - inactive_file, floored at 0."""
    st = {"file": 10, "anon": 20, "file_mapped": 5, "inactive_file": 9000, "active_file": 4}
    with host.use(host.FakeHost(V2, files=V2_DIRS)):
        C = cadvisor(version)
        ret = v1.ContainerStats()
        C.libcontainer.setMemoryStats(_stats(C, 8000, 3000, 0, st, True), ret)
    m = ret.Memory
    assert (m.Cache, m.RSS, m.MappedFile) == (10, 20, 5)
    assert m.Swap == 2**64 - 5000
    assert m.WorkingSet == 0  # 8000 < 9000: floored, not negative
    counters = version in FILE_COUNTERS
    assert (m.TotalActiveFile, m.TotalInactiveFile) == ((4, 9000) if counters else (0, 0))


@pytest.mark.parametrize("version", CADVISORS)
def test_set_memory_stats_no_inactive_key(any_host, version):
    """No inactive key at all: the working set is the whole Usage."""
    C = cadvisor(version)
    ret = v1.ContainerStats()
    C.libcontainer.setMemoryStats(_stats(C, 4096, 4096, 0, {"anon": 1}, True), ret)
    assert ret.Memory.WorkingSet == 4096


# ---- setMemoryNumaStats (cgroup v1)

NUMA_STAT = """total=300 N0=200 N1=100
file=120 N0=100 N1=20
anon=170 N0=95 N1=75
unevictable=10 N0=5 N1=5
hierarchical_total=3000 N0=2000 N1=1000
hierarchical_file=1200 N0=1000 N1=200
hierarchical_anon=1700 N0=950 N1=750
hierarchical_unevictable=100 N0=50 N1=50
"""


def v1_root(numa_stat: str | None) -> dict[str, bytes]:
    base = "/sys/fs/cgroup/memory/"
    files = {
        "/proc/meminfo": b"MemTotal: 1000 kB\nMemFree: 400 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n",
        base + "memory.stat": b"total_cache 0\ntotal_rss 0\ntotal_inactive_file 1000\n",
        base + "memory.usage_in_bytes": b"5000\n",
        base + "memory.max_usage_in_bytes": b"6000\n",
        base + "memory.failcnt": b"0\n",
        base + "memory.limit_in_bytes": b"9223372036854771712\n",
        base + "memory.use_hierarchy": b"1\n",
    }
    if numa_stat is not None:
        files[base + "memory.numa_stat"] = numa_stat.encode()
    return files


def numa_of(m: v1.MemoryStats) -> tuple[Any, ...]:
    c, h = m.ContainerData.NumaStats, m.HierarchicalData.NumaStats
    return (c.File, c.Anon, c.Unevictable, h.File, h.Anon, h.Unevictable)


def root_stats(C: Any, metrics: set[str]) -> v1.ContainerStats:
    C.INCLUDED_METRICS = frozenset(metrics)
    handler, err = C.root_handler()
    assert err is None
    stats, err = handler.GetStats()
    assert err is None
    return stats  # type: ignore[no-any-return]


@pytest.mark.parametrize("version", CADVISORS)
@pytest.mark.parametrize("runc", ["runc@v1.1.7", "cgroups@v0.1.0"])
def test_set_memory_numa_stats_v1(version, runc):
    """memory.numa_stat -> runc's PageUsageByNUMA -> setMemoryNumaStats (v0.47.3 L859-867):
    file/anon/unevictable per node into ContainerData, the hierarchical_* lines into
    HierarchicalData; total= is not copied. Only when the MemoryNumaMetrics metric is
    included (newContainerStats L922-924), which the kubelet does not ask for."""
    with host.use(host.FakeHost(V1, files=v1_root(NUMA_STAT))):
        on = root_stats(cadvisor(version, runc), {"memory", "cpu", "memory_numa"})
        off = root_stats(cadvisor(version, runc), {"memory", "cpu"})
    assert numa_of(on.Memory) == (
        {0: 100, 1: 20},
        {0: 95, 1: 75},
        {0: 5, 1: 5},
        {0: 1000, 1: 200},
        {0: 950, 1: 750},
        {0: 50, 1: 50},
    )
    assert numa_of(off.Memory) == ({}, {}, {}, {}, {}, {})
    assert on.Memory.WorkingSet == off.Memory.WorkingSet == 4000


@pytest.mark.parametrize("version", CADVISORS)
def test_set_memory_numa_stats_v1_without_hierarchical_lines(version):
    """A kernel whose numa_stat has no hierarchical_* lines: runc leaves Hierarchical's node
    maps nil, and getNumaStats(nil) makes an empty map."""
    no_hier = "".join(ln + "\n" for ln in NUMA_STAT.splitlines()[:4])
    with host.use(host.FakeHost(V1, files=v1_root(no_hier))):
        on = root_stats(cadvisor(version, "runc@v1.1.7"), {"memory", "memory_numa"})
    assert numa_of(on.Memory) == ({0: 100, 1: 20}, {0: 95, 1: 75}, {0: 5, 1: 5}, {}, {}, {})


@pytest.mark.parametrize("version", CADVISORS)
def test_set_memory_numa_stats_v2_is_empty(version):
    """fs2 never fills PageUsageByNUMA: on v2 the maps are empty even with the metric on."""
    files = {
        "/proc/meminfo": b"MemTotal: 1000 kB\nMemFree: 400 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n",
        "/sys/fs/cgroup/memory.stat": b"anon 1\nfile 2\ninactive_file 1\n",
        "/sys/fs/cgroup/memory.numa_stat": b"anon N0=1\nfile N0=2\n",
    }
    with host.use(host.FakeHost(V2, files=files)):
        on = root_stats(cadvisor(version), {"memory", "memory_numa"})
    assert numa_of(on.Memory) == ({}, {}, {}, {}, {}, {})


# ---- setMemoryEvents (v0.60.5, cgroup v2)

EVENTS_DIR = "/tmp/TestSetMemoryEvents/001"


def set_memory_events(content: str | None, runc: str = "cgroups@v0.1.0") -> tuple[int, int]:
    files = dict(V2_DIRS)
    if content is not None:
        files[EVENTS_DIR + "/memory.events"] = content.encode()
    with host.use(host.FakeHost(V2, files=files)):
        C = cadvisor("cadvisor@v0.60.5", runc)
        C.runc.cgroups.TestMode = True
        ret = v1.ContainerStats(Memory=None)
        C.libcontainer.setMemoryEvents(EVENTS_DIR, ret)
    assert ret.Memory is not None
    return ret.Memory.Events.High, ret.Memory.Events.Max


@pytest.mark.parametrize(
    ("content", "high", "max_"),
    [
        ("low 0\nhigh 42\nmax 5\noom 1\noom_kill 0\noom_group_kill 0\n", 42, 5),  # all counters
        ("low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n", 0, 0),  # zeros
        ("low 0\nhigh 238\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n", 238, 0),  # high only
        ("", 0, 0),  # empty file
    ],
    ids=["all counters", "zeros", "high only", "empty file"],
)
def test_set_memory_events(content, high, max_):
    """TestSetMemoryEvents (v0.60.5 handler_test.go L392-437)."""
    assert set_memory_events(content) == (high, max_)


def test_set_memory_events_file_not_found():
    """TestSetMemoryEventsFileNotFound: the read error is ignored, the counters stay 0."""
    with host.use(host.FakeHost(V2, files=V2_DIRS)):
        C = cadvisor("cadvisor@v0.60.5")
        ret = v1.ContainerStats(Memory=None)
        C.libcontainer.setMemoryEvents("/nonexistent/path", ret)
    assert (ret.Memory.Events.High, ret.Memory.Events.Max) == (0, 0)


@pytest.mark.parametrize(
    ("content", "runc_1_1", "cgroups"),
    [
        # fscommon.ParseUint: a negative integer is 0 with no error (both libraries)
        ("high -3\nmax 2\n", (0, 2), (0, 2)),
        # >= 2^64: ParseUint's range error -> the field is left alone (0)
        ("high 18446744073709551616\nmax 18446744073709551615\n", (0, 2**64 - 1), (0, 2**64 - 1)),
        # no trailing newline; keys in any order
        ("max 9\nhigh 1", (1, 9), (1, 9)),
        # a key that is only a prefix of another ("high_x") or has no value is not the key
        ("high_x 5\nhigh\nmax 1\n", (0, 1), (0, 1)),
        # runc 1.1 GetValueByKey splits on " " and skips a line that is not two fields, so the
        # second "high" is found; cgroups' CutPrefix("high ") takes the first line, whose
        # value "5 6" is a ParseUint error, so High stays 0
        ("high 5 6\nhigh 7\nmax 1\n", (7, 1), (0, 1)),
        # a tab is not the separator in either
        ("high\t42\nmax 1\n", (0, 1), (0, 1)),
    ],
)
def test_set_memory_events_by_hand(content, runc_1_1, cgroups):
    """Derived from fscommon.GetValueByKey (runc v1.1.7 fscommon/utils.go L78-97,
    opencontainers/cgroups v0.1.0 fscommon/utils.go L78-97) and setMemoryEvents, which sets a
    field only when GetValueByKey returns no error. cAdvisor v0.60.5 vendors
    opencontainers/cgroups; the runc 1.1 column is the same cAdvisor on a swapped stack."""
    assert set_memory_events(content, "runc@v1.1.7") == runc_1_1
    assert set_memory_events(content, "cgroups@v0.1.0") == cgroups


def test_set_memory_events_directory_is_ignored():
    """memory.events that is a directory: the read fails (EISDIR), the error is ignored."""
    files = {**V2_DIRS, EVENTS_DIR + "/memory.events/x": b""}
    with host.use(host.FakeHost(V2, files=files)):
        C = cadvisor("cadvisor@v0.60.5")
        ret = v1.ContainerStats(Memory=None)
        C.libcontainer.setMemoryEvents(EVENTS_DIR, ret)
    assert (ret.Memory.Events.High, ret.Memory.Events.Max) == (0, 0)


@pytest.mark.parametrize(
    ("version", "events"), [("cadvisor@v0.48.1", (0, 0)), ("cadvisor@v0.60.5", (3, 4))]
)
def test_get_stats_reads_memory_events_on_v2(version, events):
    """Handler.GetStats (v0.60.5 L95-97) calls setMemoryEvents on the manager's path on v2,
    after the root's ignored stat errors; v0.48.1 has no memory.events."""
    files = {
        "/proc/meminfo": b"MemTotal: 1000 kB\nMemFree: 400 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n",
        "/sys/fs/cgroup/memory.stat": b"anon 1\nfile 2\ninactive_file 1\n",
        "/sys/fs/cgroup/memory.events": b"low 0\nhigh 3\nmax 4\noom 0\n",
    }
    with host.use(host.FakeHost(V2, files=files)):
        stats = root_stats(cadvisor(version), {"memory", "cpu"})
    assert (stats.Memory.Events.High, stats.Memory.Events.Max) == events


# ---- setPSIStats (v0.52.1+)


def _psi(cg: Any) -> Any:
    # TestSetCPUStats' PSI fixture (handler_test.go at v0.52.1 L113-126; v0.56.2 the same)
    return cg.PSIStats(
        full=cg.PSIData(avg10=0.3, avg60=0.2, avg300=0.1, total=100),
        some=cg.PSIData(avg10=0.6, avg60=0.4, avg300=0.2, total=200),
    )


@pytest.mark.parametrize("version", MEMORY_PSI)
def test_set_psi_stats(version):
    """TestSetCPUStats (v0.52.1 handler_test.go L100-160), its PSI part: setPSIStats copies Full
    and Some field by field (expected L140-153). The CPU usage half is not ported (memsim's CPU
    is synthetic)."""
    C = cadvisor(version)
    ret = v1.PSIStats()
    C.libcontainer.setPSIStats(_psi(C.runc.cgroups), ret)
    assert (ret.Full.Avg10, ret.Full.Avg60, ret.Full.Avg300, ret.Full.Total) == (0.3, 0.2, 0.1, 100)
    assert (ret.Some.Avg10, ret.Some.Avg60, ret.Some.Avg300, ret.Some.Total) == (0.6, 0.4, 0.2, 200)
    C.libcontainer.setPSIStats(None, ret)  # a nil *PSIStats leaves ret alone
    assert ret.Some.Total == 200


@pytest.mark.parametrize("version", CADVISORS)
def test_set_memory_stats_psi_by_version(any_host, version):
    """setMemoryStats copies the memory PSI from v0.52.1 (handler.go:804); before, it stays 0."""
    C = cadvisor(version)
    cg = C.runc.cgroups
    s = cg.Stats(memory_stats=cg.MemoryStats(stats={}, psi=_psi(cg)))
    ret = v1.ContainerStats()
    C.libcontainer.setMemoryStats(s, ret)
    assert ret.Memory is not None
    assert ret.Memory.PSI.Full.Total == (100 if version in MEMORY_PSI else 0)
