"""Node capacity and allocatable memory (the MEMORY% denominator):
k8s.io/kubernetes@v1.28.3 pkg/kubelet/cadvisor/util.go CapacityFromMachineInfo,
pkg/kubelet/cm/node_container_manager_linux.go GetNodeAllocatableReservation and
pkg/kubelet/nodestatus/setters.go MachineInfo (allocatable = capacity - reservation, floor 0)."""

from __future__ import annotations

from dataclasses import dataclass

from ports.go.builtin import int64
from ports.provenance import formula, upstream

Mi = 1 << 20


@dataclass(frozen=True)
class AllocatableConfig:
    """The kubelet flags that reserve memory: --system-reserved=memory=, --kube-reserved=memory=
    and the hard eviction threshold memory.available (kubelet default 100Mi)."""

    system_reserved: int = 0
    kube_reserved: int = 0
    eviction_hard_memory_available: int = 100 * Mi


class AllocatableMixin:
    @upstream(
        "kubernetes/kubernetes@v1.28.3 pkg/kubelet/cadvisor/util.go:35-54",
        deviation="memory only; hugepages are not modelled",
    )
    def CapacityFromMachineInfo(self, memoryCapacity: int) -> int:
        # NewQuantity(int64(info.MemoryCapacity), BinarySI): the uint64 is converted, so a
        # MemoryCapacity of 2^63 or more is a negative capacity
        return int64(memoryCapacity)

    @upstream(
        "kubernetes/kubernetes@v1.28.3 pkg/kubelet/cm/node_container_manager_linux.go:228-247",
        deviation="memory only; a percentage eviction threshold is not modelled",
    )
    def GetNodeAllocatableReservation(self, cfg: AllocatableConfig) -> int:
        return cfg.system_reserved + cfg.kube_reserved + cfg.eviction_hard_memory_available

    @upstream("kubernetes/kubernetes@v1.28.3 pkg/kubelet/nodestatus/setters.go:336-359")
    @formula(
        "node allocatable memory",
        "capacity - system-reserved - kube-reserved - evictionHard memory.available = "
        "{capacity} - {system_reserved} - {kube_reserved} - {eviction_hard}",
    )
    def allocatable_memory(self, capacity: int, cfg: AllocatableConfig) -> int:
        value = capacity - self.GetNodeAllocatableReservation(cfg)
        return max(value, 0)
