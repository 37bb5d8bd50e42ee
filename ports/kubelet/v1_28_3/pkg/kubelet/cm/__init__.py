"""Node capacity and allocatable memory (the MEMORY% denominator):
k8s.io/kubernetes@v1.28.3 pkg/kubelet/cadvisor/util.go CapacityFromMachineInfo,
pkg/kubelet/cm/node_container_manager_linux.go GetNodeAllocatableReservation and
pkg/kubelet/nodestatus/setters.go MachineInfo (allocatable = capacity - reservation, floor 0)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ports.apimachinery.v0_28_3.pkg.api.resource import BinarySI, NewQuantity
from ports.go.builtin import int64
from ports.kubelet.v1_28_3.pkg.kubelet.cm.helpers import ResourceMemory, hardEvictionReservation
from ports.kubelet.v1_28_3.pkg.kubelet.eviction.api import Threshold
from ports.kubelet.v1_28_3.pkg.kubelet.eviction.defaults_linux import DefaultEvictionHard
from ports.kubelet.v1_28_3.pkg.kubelet.eviction.helpers import ParseThresholdConfig
from ports.provenance import formula, upstream

Mi = 1 << 20


@dataclass(frozen=True)
class AllocatableConfig:
    """The kubelet flags that reserve memory: --system-reserved=memory=, --kube-reserved=memory=
    and the hard eviction thresholds (--eviction-hard, parsed as the kubelet parses it for
    the container manager: ParseThresholdConfig([], evictionHard, nil, nil, nil); by default
    DefaultEvictionHard, whose memory.available is 100Mi)."""

    system_reserved: int = 0
    kube_reserved: int = 0
    eviction_hard: tuple[Threshold, ...] = field(default_factory=lambda: _default_hard())
    # capacity -> the hard-eviction reservation (a pure function of the two: kept, so that the
    # simulator's hot path computes it once per capacity)
    _memo: dict[int, int] = field(default_factory=dict, compare=False, hash=False, repr=False)


def _default_hard_thresholds() -> tuple[Threshold, ...]:
    thresholds, err = ParseThresholdConfig([], DefaultEvictionHard, None, None, None)
    assert err is None and thresholds is not None
    return tuple(thresholds)


DEFAULT_HARD_THRESHOLDS: tuple[Threshold, ...] = _default_hard_thresholds()


def _default_hard() -> tuple[Threshold, ...]:
    return DEFAULT_HARD_THRESHOLDS


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
        deviation="memory only",
    )
    def GetNodeAllocatableReservation(self, cfg: AllocatableConfig, capacity: int) -> int:
        return cfg.system_reserved + cfg.kube_reserved + self.eviction_reservation(cfg, capacity)

    def eviction_reservation(self, cfg: AllocatableConfig, capacity: int) -> int:
        """hardEvictionReservation's memory entry (0 when no memory.available threshold)."""
        memo = cfg._memo
        v = memo.get(capacity)
        if v is None:
            ret = hardEvictionReservation(
                list(cfg.eviction_hard), {ResourceMemory: NewQuantity(capacity, BinarySI)}
            )
            q = (ret or {}).get(ResourceMemory)
            v = q.Value() if q is not None else 0
            if len(memo) >= 4096:
                memo.clear()
            memo[capacity] = v
        return v

    @upstream("kubernetes/kubernetes@v1.28.3 pkg/kubelet/nodestatus/setters.go:336-359")
    @formula(
        "node allocatable memory",
        "capacity - system-reserved - kube-reserved - evictionHard memory.available = "
        "{capacity} - {system_reserved} - {kube_reserved} - {eviction_hard}",
    )
    def allocatable_memory(self, capacity: int, cfg: AllocatableConfig) -> int:
        value = capacity - self.GetNodeAllocatableReservation(cfg, capacity)
        return max(value, 0)
