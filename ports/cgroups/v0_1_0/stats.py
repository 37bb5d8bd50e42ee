"""stats.go at opencontainers/cgroups v0.1.0: every omitempty became omitzero (cgroups PR #28,
v0.0.7; the io_cost_* entries came in v0.0.6, PR #43), and the Controller bitmask and
StatsOptions for Manager.Stats were added (PR #53). Every struct is redefined.

omitzero differs from omitempty in two ways that show in the JSON: a zero struct field is
omitted (omitempty never omits a struct), and a non-nil empty map is kept ("stats":{}).
"""

from __future__ import annotations

from dataclasses import dataclass

from ports.cgroups.v0_0_6 import stats as v0_0_6
from ports.go.json import field
from ports.provenance import upstream

_F = "opencontainers/cgroups@v0.1.0 stats.go"


@upstream(f"{_F}:3-10")
@dataclass(slots=True)
class ThrottlingData:
    periods: int = field("periods,omitzero", default=0)
    throttled_periods: int = field("throttled_periods,omitzero", default=0)
    throttled_time: int = field("throttled_time,omitzero", default=0)


@upstream(f"{_F}:12-18")
@dataclass(slots=True)
class BurstData:
    bursts_periods: int = field("bursts_periods,omitzero", default=0)
    burst_time: int = field("burst_time,omitzero", default=0)


@upstream(f"{_F}:22-41")
@dataclass(slots=True)
class CpuUsage:
    total_usage: int = field("total_usage,omitzero", default=0)
    percpu_usage: list[int] | None = field("percpu_usage,omitzero", default=None)
    percpu_usage_in_kernelmode: list[int] | None = field("percpu_usage_in_kernelmode", default=None)
    percpu_usage_in_usermode: list[int] | None = field("percpu_usage_in_usermode", default=None)
    usage_in_kernelmode: int = field("usage_in_kernelmode", default=0)
    usage_in_usermode: int = field("usage_in_usermode", default=0)


@upstream(f"{_F}:43-48")
@dataclass(slots=True)
class PSIData:
    avg10: float = field("avg10", default=0.0)
    avg60: float = field("avg60", default=0.0)
    avg300: float = field("avg300", default=0.0)
    total: int = field("total", default=0)


@upstream(f"{_F}:50-53")
@dataclass(slots=True)
class PSIStats:
    some: PSIData = field("some,omitzero", default_factory=PSIData)
    full: PSIData = field("full,omitzero", default_factory=PSIData)


@upstream(f"{_F}:55-60")
@dataclass(slots=True)
class CpuStats:
    cpu_usage: CpuUsage = field("cpu_usage,omitzero", default_factory=CpuUsage)
    throttling_data: ThrottlingData = field(
        "throttling_data,omitzero", default_factory=ThrottlingData
    )
    psi: PSIStats | None = field("psi,omitzero", default=None, ptr=True)
    burst_data: BurstData = field("burst_data,omitzero", default_factory=BurstData)


@upstream(f"{_F}:62-87")
@dataclass(slots=True)
class CPUSetStats:
    cpus: list[int] | None = field("cpus,omitzero", default=None)
    cpu_exclusive: int = field("cpu_exclusive", default=0)
    mems: list[int] | None = field("mems,omitzero", default=None)
    mem_hardwall: int = field("mem_hardwall", default=0)
    mem_exclusive: int = field("mem_exclusive", default=0)
    memory_migrate: int = field("memory_migrate", default=0)
    memory_spread_page: int = field("memory_spread_page", default=0)
    memory_spread_slab: int = field("memory_spread_slab", default=0)
    memory_pressure: int = field("memory_pressure", default=0)
    sched_load_balance: int = field("sched_load_balance", default=0)
    sched_relax_domain_level: int = field("sched_relax_domain_level", default=0)


@upstream(f"{_F}:89-94")
@dataclass(slots=True)
class MemoryData:
    usage: int = field("usage,omitzero", default=0)
    max_usage: int = field("max_usage,omitzero", default=0)
    failcnt: int = field("failcnt", default=0)
    limit: int = field("limit", default=0)


@upstream(f"{_F}:132-135")
@dataclass(slots=True)
class PageStats:
    total: int = field("total,omitzero", default=0)
    nodes: dict[int, int] | None = field("nodes,omitzero", default=None)  # map[uint8]uint64


@upstream(f"{_F}:125-130")
@dataclass(slots=True)
class PageUsageByNUMAInner:
    total: PageStats = field("total,omitzero", default_factory=PageStats)
    file: PageStats = field("file,omitzero", default_factory=PageStats)
    anon: PageStats = field("anon,omitzero", default_factory=PageStats)
    unevictable: PageStats = field("unevictable,omitzero", default_factory=PageStats)


@upstream(f"{_F}:119-123")
@dataclass(slots=True)
class PageUsageByNUMA:
    """Go embeds PageUsageByNUMAInner; its four fields are flattened in before
    `hierarchical` (same field access, same JSON, same zero-ness for omitzero)."""

    total: PageStats = field("total,omitzero", default_factory=PageStats)
    file: PageStats = field("file,omitzero", default_factory=PageStats)
    anon: PageStats = field("anon,omitzero", default_factory=PageStats)
    unevictable: PageStats = field("unevictable,omitzero", default_factory=PageStats)
    hierarchical: PageUsageByNUMAInner = field(
        "hierarchical,omitzero", default_factory=PageUsageByNUMAInner
    )


@upstream(f"{_F}:96-117")
@dataclass(slots=True)
class MemoryStats:
    cache: int = field("cache,omitzero", default=0)
    usage: MemoryData = field("usage,omitzero", default_factory=MemoryData)
    swap_usage: MemoryData = field("swap_usage,omitzero", default_factory=MemoryData)
    swap_only_usage: MemoryData = field("swap_only_usage,omitzero", default_factory=MemoryData)
    kernel_usage: MemoryData = field("kernel_usage,omitzero", default_factory=MemoryData)
    kernel_tcp_usage: MemoryData = field("kernel_tcp_usage,omitzero", default_factory=MemoryData)
    page_usage_by_numa: PageUsageByNUMA = field(
        "page_usage_by_numa,omitzero", default_factory=PageUsageByNUMA
    )
    use_hierarchy: bool = field("use_hierarchy", default=False)
    stats: dict[str, int] | None = field("stats,omitzero", default=None)
    psi: PSIStats | None = field("psi,omitzero", default=None, ptr=True)


@upstream(f"{_F}:137-142")
@dataclass(slots=True)
class PidsStats:
    current: int = field("current,omitzero", default=0)
    limit: int = field("limit,omitzero", default=0)


@upstream(f"{_F}:144-149")
@dataclass(slots=True)
class BlkioStatEntry:
    major: int = field("major,omitzero", default=0)
    minor: int = field("minor,omitzero", default=0)
    op: str = field("op,omitzero", default="")
    value: int = field("value,omitzero", default=0)


@upstream(f"{_F}:151-166")
@dataclass(slots=True)
class BlkioStats:
    io_service_bytes_recursive: list[BlkioStatEntry] | None = field(
        "io_service_bytes_recursive,omitzero", default=None
    )
    io_serviced_recursive: list[BlkioStatEntry] | None = field(
        "io_serviced_recursive,omitzero", default=None
    )
    io_queue_recursive: list[BlkioStatEntry] | None = field(
        "io_queue_recursive,omitzero", default=None
    )
    io_service_time_recursive: list[BlkioStatEntry] | None = field(
        "io_service_time_recursive,omitzero", default=None
    )
    io_wait_time_recursive: list[BlkioStatEntry] | None = field(
        "io_wait_time_recursive,omitzero", default=None
    )
    io_merged_recursive: list[BlkioStatEntry] | None = field(
        "io_merged_recursive,omitzero", default=None
    )
    io_time_recursive: list[BlkioStatEntry] | None = field(
        "io_time_recursive,omitzero", default=None
    )
    sectors_recursive: list[BlkioStatEntry] | None = field(
        "sectors_recursive,omitzero", default=None
    )
    psi: PSIStats | None = field("psi,omitzero", default=None, ptr=True)
    io_cost_usage: list[BlkioStatEntry] | None = field("io_cost_usage,omitzero", default=None)
    io_cost_wait: list[BlkioStatEntry] | None = field("io_cost_wait,omitzero", default=None)
    io_cost_indebt: list[BlkioStatEntry] | None = field("io_cost_indebt,omitzero", default=None)
    io_cost_indelay: list[BlkioStatEntry] | None = field("io_cost_indelay,omitzero", default=None)


@upstream(f"{_F}:168-175")
@dataclass(slots=True)
class HugetlbStats:
    usage: int = field("usage,omitzero", default=0)
    max_usage: int = field("max_usage,omitzero", default=0)
    failcnt: int = field("failcnt", default=0)


@upstream(f"{_F}:177-181")
@dataclass(slots=True)
class RdmaEntry:
    device: str = field("device,omitzero", default="")
    hca_handles: int = field("hca_handles,omitzero", default=0)
    hca_objects: int = field("hca_objects,omitzero", default=0)


@upstream(f"{_F}:183-186")
@dataclass(slots=True)
class RdmaStats:
    rdma_limit: list[RdmaEntry] | None = field("rdma_limit,omitzero", default=None)
    rdma_current: list[RdmaEntry] | None = field("rdma_current,omitzero", default=None)


@upstream(f"{_F}:188-193")
@dataclass(slots=True)
class MiscStats:
    usage: int = field("usage,omitzero", default=0)
    events: int = field("events,omitzero", default=0)


@upstream(f"{_F}:195-206")
@dataclass(slots=True)
class Stats:
    cpu_stats: CpuStats = field("cpu_stats,omitzero", default_factory=CpuStats)
    cpuset_stats: CPUSetStats = field("cpuset_stats,omitzero", default_factory=CPUSetStats)
    memory_stats: MemoryStats = field("memory_stats,omitzero", default_factory=MemoryStats)
    pids_stats: PidsStats = field("pids_stats,omitzero", default_factory=PidsStats)
    blkio_stats: BlkioStats = field("blkio_stats,omitzero", default_factory=BlkioStats)
    hugetlb_stats: dict[str, HugetlbStats] | None = field("hugetlb_stats,omitzero", default=None)
    rdma_stats: RdmaStats = field("rdma_stats,omitzero", default_factory=RdmaStats)
    misc_stats: dict[str, MiscStats] | None = field("misc_stats,omitzero", default=None)


# Controller represents a cgroup controller type for stats collection (l.216-228).
CPU = 1 << 0
Memory = 1 << 1
Pids = 1 << 2
IO = 1 << 3
HugeTLB = 1 << 4
RDMA = 1 << 5
Misc = 1 << 6
CPUSet = 1 << 7  # v1 only

# AllControllers is a bitmask of all available controllers (l.231).
AllControllers = CPU | Memory | Pids | IO | HugeTLB | RDMA | Misc | CPUSet


@upstream(f"{_F}:234-239")
@dataclass(slots=True)
class StatsOptions:
    """StatsOptions specifies which controllers to retrieve statistics for."""

    # Controllers is a bitmask of Controller values.
    # If 0, all available controllers are queried (default behavior).
    Controllers: int = 0


class StatsGo(v0_0_6.StatsGo):
    ThrottlingData = ThrottlingData  # type: ignore[assignment]
    BurstData = BurstData  # type: ignore[assignment]
    CpuUsage = CpuUsage  # type: ignore[assignment]
    PSIData = PSIData  # type: ignore[assignment]
    PSIStats = PSIStats  # type: ignore[assignment]
    CpuStats = CpuStats  # type: ignore[assignment]
    CPUSetStats = CPUSetStats  # type: ignore[assignment]
    MemoryData = MemoryData  # type: ignore[assignment]
    MemoryStats = MemoryStats  # type: ignore[assignment]
    PageUsageByNUMA = PageUsageByNUMA  # type: ignore[assignment]
    PageUsageByNUMAInner = PageUsageByNUMAInner  # type: ignore[assignment]
    PageStats = PageStats  # type: ignore[assignment]
    PidsStats = PidsStats  # type: ignore[assignment]
    BlkioStatEntry = BlkioStatEntry  # type: ignore[assignment]
    BlkioStats = BlkioStats  # type: ignore[assignment]
    HugetlbStats = HugetlbStats  # type: ignore[assignment]
    RdmaEntry = RdmaEntry  # type: ignore[assignment]
    RdmaStats = RdmaStats  # type: ignore[assignment]
    MiscStats = MiscStats  # type: ignore[assignment]
    Stats = Stats  # type: ignore[assignment]
    StatsOptions = StatsOptions

    CPU = CPU
    Memory = Memory
    Pids = Pids
    IO = IO
    HugeTLB = HugeTLB
    RDMA = RDMA
    Misc = Misc
    CPUSet = CPUSet
    AllControllers = AllControllers
