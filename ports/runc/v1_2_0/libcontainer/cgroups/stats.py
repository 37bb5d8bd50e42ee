"""libcontainer/cgroups/stats.go at runc v1.2.0: PSI (PSIData, PSIStats; a PSI pointer at the
end of CpuStats, MemoryStats and BlkioStats, runc PR #3900) and misc stats (MiscStats,
Stats.MiscStats, PR #3972). Every struct that changed, and Stats which holds them, is
redefined; NewStats also allocates the MiscStats map."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ports.go.json import field
from ports.provenance import upstream
from ports.runc.v1_1_7.libcontainer.cgroups.stats import (
    BlkioStatEntry,
    CPUSetStats,
    CpuUsage,
    HugetlbStats,
    MemoryData,
    PageUsageByNUMA,
    PidsStats,
    RdmaStats,
    ThrottlingData,
)
from ports.runc.v1_1_11.libcontainer.cgroups import stats as v1_1_11

_F = "opencontainers/runc@v1.2.0 libcontainer/cgroups/stats.go"


@upstream(f"{_F}:35-40")
@dataclass(slots=True)
class PSIData:
    avg10: float = field("avg10", default=0.0)
    avg60: float = field("avg60", default=0.0)
    avg300: float = field("avg300", default=0.0)
    total: int = field("total", default=0)


@upstream(f"{_F}:42-45")
@dataclass(slots=True)
class PSIStats:
    some: PSIData = field("some,omitempty", default_factory=PSIData)
    full: PSIData = field("full,omitempty", default_factory=PSIData)


@upstream(f"{_F}:47-51")
@dataclass(slots=True)
class CpuStats:
    cpu_usage: CpuUsage = field("cpu_usage,omitempty", default_factory=CpuUsage)
    throttling_data: ThrottlingData = field(
        "throttling_data,omitempty", default_factory=ThrottlingData
    )
    psi: PSIStats | None = field("psi,omitempty", default=None, ptr=True)


@upstream(f"{_F}:87-108")
@dataclass(slots=True)
class MemoryStats:
    cache: int = field("cache,omitempty", default=0)
    usage: MemoryData = field("usage,omitempty", default_factory=MemoryData)
    swap_usage: MemoryData = field("swap_usage,omitempty", default_factory=MemoryData)
    swap_only_usage: MemoryData = field("swap_only_usage,omitempty", default_factory=MemoryData)
    kernel_usage: MemoryData = field("kernel_usage,omitempty", default_factory=MemoryData)
    kernel_tcp_usage: MemoryData = field("kernel_tcp_usage,omitempty", default_factory=MemoryData)
    page_usage_by_numa: PageUsageByNUMA = field(
        "page_usage_by_numa,omitempty", default_factory=PageUsageByNUMA
    )
    use_hierarchy: bool = field("use_hierarchy", default=False)
    stats: dict[str, int] | None = field("stats,omitempty", default=None)
    psi: PSIStats | None = field("psi,omitempty", default=None, ptr=True)


@upstream(f"{_F}:142-153")
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
    psi: PSIStats | None = field("psi,omitempty", default=None, ptr=True)


@upstream(f"{_F}:175-180")
@dataclass(slots=True)
class MiscStats:
    # current resource usage for a key in misc
    usage: int = field("usage,omitempty", default=0)
    # number of times the resource usage was about to go over the max boundary
    events: int = field("events,omitempty", default=0)


@upstream(f"{_F}:182-193")
@dataclass(slots=True)
class Stats:
    cpu_stats: CpuStats = field("cpu_stats,omitempty", default_factory=CpuStats)
    cpuset_stats: CPUSetStats = field("cpuset_stats,omitempty", default_factory=CPUSetStats)
    memory_stats: MemoryStats = field("memory_stats,omitempty", default_factory=MemoryStats)
    pids_stats: PidsStats = field("pids_stats,omitempty", default_factory=PidsStats)
    blkio_stats: BlkioStats = field("blkio_stats,omitempty", default_factory=BlkioStats)
    hugetlb_stats: dict[str, HugetlbStats] | None = field("hugetlb_stats,omitempty", default=None)
    rdma_stats: RdmaStats = field("rdma_stats,omitempty", default_factory=RdmaStats)
    # the map is in the format "misc resource name: stats of the key"
    misc_stats: dict[str, MiscStats] | None = field("misc_stats,omitempty", default=None)


class StatsGo(v1_1_11.StatsGo):
    PSIData = PSIData
    PSIStats = PSIStats
    CpuStats = CpuStats  # type: ignore[assignment]
    MemoryStats = MemoryStats  # type: ignore[assignment]
    BlkioStats = BlkioStats  # type: ignore[assignment]
    MiscStats = MiscStats
    Stats = Stats  # type: ignore[assignment]

    @upstream(f"{_F}:195-200")
    def new_stats(self) -> Any:
        memoryStats = self.MemoryStats(stats={})
        hugetlbStats: dict[str, HugetlbStats] = {}
        miscStats: dict[str, MiscStats] = {}
        return self.Stats(
            memory_stats=memoryStats, hugetlb_stats=hugetlbStats, misc_stats=miscStats
        )
