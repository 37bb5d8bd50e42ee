"""libcontainer/cgroups/stats.go at runc v1.1.7: the Stats structs and NewStats.

Go structs are dataclasses whose fields are named by their json tags and carry the Go tag
(ports.go.json.field). Go zero values: 0, nil (None) for maps and slices, the zero struct for
struct fields. Go copies structs on assignment; a port that assigns one struct and then
changes it copies explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ports.go.json import field
from ports.provenance import upstream
from ports.runc.api import Package

_F = "opencontainers/runc@v1.1.7 libcontainer/cgroups/stats.go"


@upstream(f"{_F}:3-10")
@dataclass(slots=True)
class ThrottlingData:
    periods: int = field("periods,omitempty", default=0)
    throttled_periods: int = field("throttled_periods,omitempty", default=0)
    throttled_time: int = field("throttled_time,omitempty", default=0)


@upstream(f"{_F}:14-33")
@dataclass(slots=True)
class CpuUsage:
    total_usage: int = field("total_usage,omitempty", default=0)
    percpu_usage: list[int] | None = field("percpu_usage,omitempty", default=None)
    percpu_usage_in_kernelmode: list[int] | None = field("percpu_usage_in_kernelmode", default=None)
    percpu_usage_in_usermode: list[int] | None = field("percpu_usage_in_usermode", default=None)
    usage_in_kernelmode: int = field("usage_in_kernelmode", default=0)
    usage_in_usermode: int = field("usage_in_usermode", default=0)


@upstream(f"{_F}:35-38")
@dataclass(slots=True)
class CpuStats:
    cpu_usage: CpuUsage = field("cpu_usage,omitempty", default_factory=CpuUsage)
    throttling_data: ThrottlingData = field(
        "throttling_data,omitempty", default_factory=ThrottlingData
    )


@upstream(f"{_F}:40-65")
@dataclass(slots=True)
class CPUSetStats:
    cpus: list[int] | None = field("cpus,omitempty", default=None)
    cpu_exclusive: int = field("cpu_exclusive", default=0)
    mems: list[int] | None = field("mems,omitempty", default=None)
    mem_hardwall: int = field("mem_hardwall", default=0)
    mem_exclusive: int = field("mem_exclusive", default=0)
    memory_migrate: int = field("memory_migrate", default=0)
    memory_spread_page: int = field("memory_spread_page", default=0)
    memory_spread_slab: int = field("memory_spread_slab", default=0)
    memory_pressure: int = field("memory_pressure", default=0)
    sched_load_balance: int = field("sched_load_balance", default=0)
    sched_relax_domain_level: int = field("sched_relax_domain_level", default=0)


@upstream(f"{_F}:67-72")
@dataclass(slots=True)
class MemoryData:
    usage: int = field("usage,omitempty", default=0)
    max_usage: int = field("max_usage,omitempty", default=0)
    failcnt: int = field("failcnt", default=0)
    limit: int = field("limit", default=0)


@upstream(f"{_F}:107-110")
@dataclass(slots=True)
class PageStats:
    total: int = field("total,omitempty", default=0)
    nodes: dict[int, int] | None = field("nodes,omitempty", default=None)  # map[uint8]uint64


@upstream(f"{_F}:100-105")
@dataclass(slots=True)
class PageUsageByNUMAInner:
    total: PageStats = field("total,omitempty", default_factory=PageStats)
    file: PageStats = field("file,omitempty", default_factory=PageStats)
    anon: PageStats = field("anon,omitempty", default_factory=PageStats)
    unevictable: PageStats = field("unevictable,omitempty", default_factory=PageStats)


@upstream(f"{_F}:94-98")
@dataclass(slots=True)
class PageUsageByNUMA:
    """Go embeds PageUsageByNUMAInner (untagged, so its fields are promoted into the JSON
    object); here its four fields are flattened in before `hierarchical`, which gives the
    same field access (stats.total) and the same JSON."""

    total: PageStats = field("total,omitempty", default_factory=PageStats)
    file: PageStats = field("file,omitempty", default_factory=PageStats)
    anon: PageStats = field("anon,omitempty", default_factory=PageStats)
    unevictable: PageStats = field("unevictable,omitempty", default_factory=PageStats)
    hierarchical: PageUsageByNUMAInner = field(
        "hierarchical,omitempty", default_factory=PageUsageByNUMAInner
    )


@upstream(f"{_F}:74-92")
@dataclass(slots=True)
class MemoryStats:
    cache: int = field("cache,omitempty", default=0)
    usage: MemoryData = field("usage,omitempty", default_factory=MemoryData)
    swap_usage: MemoryData = field("swap_usage,omitempty", default_factory=MemoryData)
    kernel_usage: MemoryData = field("kernel_usage,omitempty", default_factory=MemoryData)
    kernel_tcp_usage: MemoryData = field("kernel_tcp_usage,omitempty", default_factory=MemoryData)
    page_usage_by_numa: PageUsageByNUMA = field(
        "page_usage_by_numa,omitempty", default_factory=PageUsageByNUMA
    )
    use_hierarchy: bool = field("use_hierarchy", default=False)
    stats: dict[str, int] | None = field("stats,omitempty", default=None)


@upstream(f"{_F}:112-117")
@dataclass(slots=True)
class PidsStats:
    current: int = field("current,omitempty", default=0)
    limit: int = field("limit,omitempty", default=0)


@upstream(f"{_F}:119-124")
@dataclass(slots=True)
class BlkioStatEntry:
    major: int = field("major,omitempty", default=0)
    minor: int = field("minor,omitempty", default=0)
    op: str = field("op,omitempty", default="")
    value: int = field("value,omitempty", default=0)


@upstream(f"{_F}:126-136")
@dataclass(slots=True)
class BlkioStats:
    io_service_bytes_recursive: list[BlkioStatEntry] | None = field(
        "io_service_bytes_recursive,omitempty", default=None
    )
    io_serviced_recursive: list[BlkioStatEntry] | None = field(
        "io_serviced_recursive,omitempty", default=None
    )
    io_queue_recursive: list[BlkioStatEntry] | None = field(
        "io_queue_recursive,omitempty", default=None
    )
    io_service_time_recursive: list[BlkioStatEntry] | None = field(
        "io_service_time_recursive,omitempty", default=None
    )
    io_wait_time_recursive: list[BlkioStatEntry] | None = field(
        "io_wait_time_recursive,omitempty", default=None
    )
    io_merged_recursive: list[BlkioStatEntry] | None = field(
        "io_merged_recursive,omitempty", default=None
    )
    io_time_recursive: list[BlkioStatEntry] | None = field(
        "io_time_recursive,omitempty", default=None
    )
    sectors_recursive: list[BlkioStatEntry] | None = field(
        "sectors_recursive,omitempty", default=None
    )


@upstream(f"{_F}:138-145")
@dataclass(slots=True)
class HugetlbStats:
    usage: int = field("usage,omitempty", default=0)
    max_usage: int = field("max_usage,omitempty", default=0)
    failcnt: int = field("failcnt", default=0)


@upstream(f"{_F}:147-151")
@dataclass(slots=True)
class RdmaEntry:
    device: str = field("device,omitempty", default="")
    hca_handles: int = field("hca_handles,omitempty", default=0)
    hca_objects: int = field("hca_objects,omitempty", default=0)


@upstream(f"{_F}:153-156")
@dataclass(slots=True)
class RdmaStats:
    rdma_limit: list[RdmaEntry] | None = field("rdma_limit,omitempty", default=None)
    rdma_current: list[RdmaEntry] | None = field("rdma_current,omitempty", default=None)


@upstream(f"{_F}:158-167")
@dataclass(slots=True)
class Stats:
    cpu_stats: CpuStats = field("cpu_stats,omitempty", default_factory=CpuStats)
    cpuset_stats: CPUSetStats = field("cpuset_stats,omitempty", default_factory=CPUSetStats)
    memory_stats: MemoryStats = field("memory_stats,omitempty", default_factory=MemoryStats)
    pids_stats: PidsStats = field("pids_stats,omitempty", default_factory=PidsStats)
    blkio_stats: BlkioStats = field("blkio_stats,omitempty", default_factory=BlkioStats)
    hugetlb_stats: dict[str, HugetlbStats] | None = field("hugetlb_stats,omitempty", default=None)
    rdma_stats: RdmaStats = field("rdma_stats,omitempty", default_factory=RdmaStats)


class StatsGo(Package):
    """stats.go's types and functions, as members of package cgroups (so that a version
    that redefines a struct is seen by every package that allocates one)."""

    ThrottlingData = ThrottlingData
    CpuUsage = CpuUsage
    CpuStats = CpuStats
    CPUSetStats = CPUSetStats
    MemoryData = MemoryData
    MemoryStats = MemoryStats
    PageUsageByNUMA = PageUsageByNUMA
    PageUsageByNUMAInner = PageUsageByNUMAInner
    PageStats = PageStats
    PidsStats = PidsStats
    BlkioStatEntry = BlkioStatEntry
    BlkioStats = BlkioStats
    HugetlbStats = HugetlbStats
    RdmaEntry = RdmaEntry
    RdmaStats = RdmaStats
    Stats = Stats

    @upstream(f"{_F}:169-173")
    def new_stats(self) -> Any:
        memoryStats = self.MemoryStats(stats={})
        hugetlbStats: dict[str, HugetlbStats] = {}
        return self.Stats(memory_stats=memoryStats, hugetlb_stats=hugetlbStats)
