"""stats.go at opencontainers/cgroups v0.0.3 (unchanged through v0.0.5): CpuStats gains BurstData
(cgroups PR #11), so CpuStats and Stats are redefined. JSON tags are still omitempty (omitzero
came in v0.0.7)."""

from __future__ import annotations

from dataclasses import dataclass

from ports.go.json import field
from ports.provenance import upstream
from ports.runc.v1_1_7.libcontainer.cgroups.stats import (
    CPUSetStats,
    CpuUsage,
    HugetlbStats,
    PidsStats,
    RdmaStats,
    ThrottlingData,
)
from ports.runc.v1_2_0.libcontainer.cgroups import stats as runc_v1_2_0
from ports.runc.v1_2_0.libcontainer.cgroups.stats import (
    BlkioStats,
    MemoryStats,
    MiscStats,
    PSIStats,
)

_F = "opencontainers/cgroups@v0.0.3 stats.go"


@upstream(f"{_F}:12-18")
@dataclass(slots=True)
class BurstData:
    # Number of periods bandwidth burst occurs
    bursts_periods: int = field("bursts_periods,omitempty", default=0)
    # Cumulative wall-time that any cpus has used above quota in respective periods
    burst_time: int = field("burst_time,omitempty", default=0)


@upstream(f"{_F}:55-60")
@dataclass(slots=True)
class CpuStats:
    cpu_usage: CpuUsage = field("cpu_usage,omitempty", default_factory=CpuUsage)
    throttling_data: ThrottlingData = field(
        "throttling_data,omitempty", default_factory=ThrottlingData
    )
    psi: PSIStats | None = field("psi,omitempty", default=None, ptr=True)
    burst_data: BurstData = field("burst_data,omitempty", default_factory=BurstData)


@upstream(f"{_F}:191-202")
@dataclass(slots=True)
class Stats:
    cpu_stats: CpuStats = field("cpu_stats,omitempty", default_factory=CpuStats)
    cpuset_stats: CPUSetStats = field("cpuset_stats,omitempty", default_factory=CPUSetStats)
    memory_stats: MemoryStats = field("memory_stats,omitempty", default_factory=MemoryStats)
    pids_stats: PidsStats = field("pids_stats,omitempty", default_factory=PidsStats)
    blkio_stats: BlkioStats = field("blkio_stats,omitempty", default_factory=BlkioStats)
    hugetlb_stats: dict[str, HugetlbStats] | None = field("hugetlb_stats,omitempty", default=None)
    rdma_stats: RdmaStats = field("rdma_stats,omitempty", default_factory=RdmaStats)
    misc_stats: dict[str, MiscStats] | None = field("misc_stats,omitempty", default=None)


class StatsGo(runc_v1_2_0.StatsGo):
    BurstData = BurstData
    CpuStats = CpuStats  # type: ignore[assignment]
    Stats = Stats  # type: ignore[assignment]
