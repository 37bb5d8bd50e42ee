"""stats.go at opencontainers/cgroups v0.0.6: BlkioStats gains the io_cost_* entries (cgroups
PR #43), so BlkioStats and Stats are redefined. JSON tags are still omitempty."""

from __future__ import annotations

from dataclasses import dataclass

from ports.cgroups.v0_0_3 import stats as v0_0_3
from ports.cgroups.v0_0_3.stats import CpuStats
from ports.go.json import field
from ports.provenance import upstream
from ports.runc.v1_1_7.libcontainer.cgroups.stats import (
    BlkioStatEntry,
    CPUSetStats,
    HugetlbStats,
    PidsStats,
    RdmaStats,
)
from ports.runc.v1_2_0.libcontainer.cgroups.stats import MemoryStats, MiscStats, PSIStats

_F = "opencontainers/cgroups@v0.0.6 stats.go"


@upstream(f"{_F}:151-166")
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
    io_cost_usage: list[BlkioStatEntry] | None = field("io_cost_usage,omitempty", default=None)
    io_cost_wait: list[BlkioStatEntry] | None = field("io_cost_wait,omitempty", default=None)
    io_cost_indebt: list[BlkioStatEntry] | None = field("io_cost_indebt,omitempty", default=None)
    io_cost_indelay: list[BlkioStatEntry] | None = field("io_cost_indelay,omitempty", default=None)


@upstream(f"{_F}:195-206")
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


class StatsGo(v0_0_3.StatsGo):
    BlkioStats = BlkioStats  # type: ignore[assignment]
    Stats = Stats  # type: ignore[assignment]
