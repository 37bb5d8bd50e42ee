"""github.com/google/cadvisor info/v1 container.go: the structs setMemoryStats fills.

One MemoryStats carries the fields of every pinned version (v0.47.3's, plus KernelUsage from
v0.48.0, TotalActiveFile/TotalInactiveFile from v0.50.0, PSI from v0.52.0, Events and the extra
v2 counters from v0.57/v0.60); an older version leaves the newer fields at zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ports.go import time
from ports.provenance import upstream

REF = "google/cadvisor@v0.47.3 info/v1/container.go"


@dataclass
class MemoryNumaStats:
    File: dict[int, int] = field(default_factory=dict)
    Anon: dict[int, int] = field(default_factory=dict)
    Unevictable: dict[int, int] = field(default_factory=dict)


@upstream(f"{REF}:412-416")
@dataclass
class MemoryStatsMemoryData:
    Pgfault: int = 0
    Pgmajfault: int = 0
    NumaStats: MemoryNumaStats = field(default_factory=MemoryNumaStats)


@dataclass
class PSIData:
    Total: int = 0
    Avg10: float = 0.0
    Avg60: float = 0.0
    Avg300: float = 0.0


@dataclass
class PSIStats:
    Full: PSIData = field(default_factory=PSIData)
    Some: PSIData = field(default_factory=PSIData)


@dataclass
class MemoryEvents:
    High: int = 0
    Max: int = 0


@upstream(f"{REF}:365-400")
@dataclass
class MemoryStats:
    Usage: int = 0
    MaxUsage: int = 0
    Cache: int = 0
    RSS: int = 0
    Swap: int = 0
    MappedFile: int = 0
    WorkingSet: int = 0
    Failcnt: int = 0
    ContainerData: MemoryStatsMemoryData = field(default_factory=MemoryStatsMemoryData)
    HierarchicalData: MemoryStatsMemoryData = field(default_factory=MemoryStatsMemoryData)
    # v0.48.0+
    KernelUsage: int = 0
    # v0.50.0+
    TotalActiveFile: int = 0
    TotalInactiveFile: int = 0
    # v0.52.0+
    PSI: PSIStats = field(default_factory=PSIStats)
    # v0.57.0+ / v0.60.0+
    Events: MemoryEvents = field(default_factory=MemoryEvents)
    FileDirty: int = 0
    FileWriteback: int = 0
    Pgscan: int = 0
    Pgsteal: int = 0
    WorkingsetRefaultFile: int = 0
    WorkingsetRefaultAnon: int = 0


@dataclass
class CpuUsage:
    Total: int = 0


@dataclass
class CpuStats:
    Usage: CpuUsage = field(default_factory=CpuUsage)


@upstream(f"{REF}:929-968")
@dataclass
class ContainerStats:
    """v1.ContainerStats, memory and cumulative CPU only. In v0.47.3 Cpu/Memory are values;
    from v0.60.2 they are pointers (None until set)."""

    Timestamp: int = time.ZERO
    Cpu: CpuStats | None = field(default_factory=CpuStats)
    Memory: MemoryStats | None = field(default_factory=MemoryStats)


@upstream(f"{REF}:30-42")
@dataclass
class MemorySpec:
    Limit: int = 0
    Reservation: int = 0
    SwapLimit: int = 0


@dataclass
class ContainerSpec:
    CreationTime: int = time.ZERO
    HasCpu: bool = False
    HasMemory: bool = False
    HasNetwork: bool = False
    Memory: MemorySpec = field(default_factory=MemorySpec)
