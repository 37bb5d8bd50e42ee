"""libcontainer/cgroups/stats.go at runc v1.1.11: MemoryStats gains SwapOnlyUsage (runc PR
#4010, backported as #4131), so MemoryStats and Stats (which holds it) are redefined."""

from __future__ import annotations

from dataclasses import dataclass

from ports.go.json import field
from ports.provenance import upstream
from ports.runc.v1_1_7.libcontainer.cgroups import stats as v1_1_7
from ports.runc.v1_1_7.libcontainer.cgroups.stats import (
    BlkioStats,
    CPUSetStats,
    CpuStats,
    HugetlbStats,
    MemoryData,
    PageUsageByNUMA,
    PidsStats,
    RdmaStats,
)

_F = "opencontainers/runc@v1.1.11 libcontainer/cgroups/stats.go"


@upstream(f"{_F}:74-94")
@dataclass(slots=True)
class MemoryStats:
    cache: int = field("cache,omitempty", default=0)
    usage: MemoryData = field("usage,omitempty", default_factory=MemoryData)
    swap_usage: MemoryData = field("swap_usage,omitempty", default_factory=MemoryData)
    # usage of swap only
    swap_only_usage: MemoryData = field("swap_only_usage,omitempty", default_factory=MemoryData)
    kernel_usage: MemoryData = field("kernel_usage,omitempty", default_factory=MemoryData)
    kernel_tcp_usage: MemoryData = field("kernel_tcp_usage,omitempty", default_factory=MemoryData)
    page_usage_by_numa: PageUsageByNUMA = field(
        "page_usage_by_numa,omitempty", default_factory=PageUsageByNUMA
    )
    use_hierarchy: bool = field("use_hierarchy", default=False)
    stats: dict[str, int] | None = field("stats,omitempty", default=None)


@upstream(f"{_F}:160-169")
@dataclass(slots=True)
class Stats:
    cpu_stats: CpuStats = field("cpu_stats,omitempty", default_factory=CpuStats)
    cpuset_stats: CPUSetStats = field("cpuset_stats,omitempty", default_factory=CPUSetStats)
    memory_stats: MemoryStats = field("memory_stats,omitempty", default_factory=MemoryStats)
    pids_stats: PidsStats = field("pids_stats,omitempty", default_factory=PidsStats)
    blkio_stats: BlkioStats = field("blkio_stats,omitempty", default_factory=BlkioStats)
    hugetlb_stats: dict[str, HugetlbStats] | None = field("hugetlb_stats,omitempty", default=None)
    rdma_stats: RdmaStats = field("rdma_stats,omitempty", default_factory=RdmaStats)


class StatsGo(v1_1_7.StatsGo):
    MemoryStats = MemoryStats  # type: ignore[assignment]
    Stats = Stats  # type: ignore[assignment]
