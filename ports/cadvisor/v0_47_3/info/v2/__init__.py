"""github.com/google/cadvisor@v0.47.3 info/v2: ContainerInfo as ContainerInfoV2 returns it to
the kubelet, and the v1 -> v2 conversion of its memory part (conversion.go)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ports.cadvisor.v0_47_3.info import v1
from ports.go import time
from ports.provenance import upstream


@dataclass
class ContainerSpec:
    CreationTime: int = time.ZERO
    HasCpu: bool = False
    HasMemory: bool = False
    HasNetwork: bool = False
    Memory: v1.MemorySpec = field(default_factory=v1.MemorySpec)


@dataclass
class CpuInstStats:
    Total: int = 0


@dataclass
class ContainerStats:
    Timestamp: int = time.ZERO
    Cpu: v1.CpuStats | None = None
    CpuInst: CpuInstStats | None = None
    Memory: v1.MemoryStats | None = None


@dataclass
class ContainerInfo:
    Spec: ContainerSpec = field(default_factory=ContainerSpec)
    Stats: list[ContainerStats | None] = field(default_factory=list)


@upstream(
    "google/cadvisor@v0.47.3 info/v2/conversion.go:100-169",
    deviation="memory and cumulative CPU only; CpuInst (needs two samples' CPU) is not "
    "computed since memsim models no CPU",
)
def ContainerStatsFromV1(
    spec: v1.ContainerSpec, stats: list[v1.ContainerStats]
) -> list[ContainerStats | None]:
    out: list[ContainerStats | None] = []
    for val in stats:
        s = ContainerStats(Timestamp=val.Timestamp)
        if spec.HasCpu:
            s.Cpu = val.Cpu
        if spec.HasMemory:
            s.Memory = val.Memory
        out.append(s)
    return out


@upstream("google/cadvisor@v0.47.3 info/v2/conversion.go:285-316")
def ContainerSpecFromV1(specV1: v1.ContainerSpec) -> ContainerSpec:
    return ContainerSpec(
        CreationTime=specV1.CreationTime,
        HasCpu=specV1.HasCpu,
        HasMemory=specV1.HasMemory,
        HasNetwork=specV1.HasNetwork,
        Memory=specV1.Memory,
    )
