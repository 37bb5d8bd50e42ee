"""github.com/google/cadvisor@v0.47.3 info/v1/machine.go: the MachineInfo fields memsim
models (memory, swap and the hugetlb pools); the CPU, topology, disk and network fields are
not."""

from __future__ import annotations

from dataclasses import dataclass, field

from ports.provenance import upstream

REF = "google/cadvisor@v0.47.3 info/v1/machine.go"


@upstream(f"{REF}:118-124")
@dataclass(frozen=True)
class HugePagesInfo:
    PageSize: int = 0  # kB, from the directory name
    NumPages: int = 0  # nr_hugepages


@upstream(f"{REF}:178-254", deviation="memory, swap and hugepages fields only")
@dataclass
class MachineInfo:
    MemoryCapacity: int = 0
    SwapCapacity: int = 0
    HugePages: list[HugePagesInfo] = field(default_factory=list)
