"""Node capacity and allocatable memory (the MEMORY% denominator):
k8s.io/kubernetes@v1.28.3 pkg/kubelet/cadvisor/util.go CapacityFromMachineInfo,
pkg/kubelet/cm/node_container_manager_linux.go GetNodeAllocatableReservation and
pkg/kubelet/nodestatus/setters.go MachineInfo (allocatable = capacity - reservation, floor 0,
then each hugepages-<size> capacity taken off allocatable memory, floor 0), with the
pkg/apis/core/v1/helper hugepage resource names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ports.apimachinery.v0_28_3.pkg.api.resource import BinarySI, NewQuantity, Quantity
from ports.go.builtin import int64, uint64
from ports.kubelet.v1_28_3.pkg.kubelet.cm.helpers import ResourceMemory, hardEvictionReservation
from ports.kubelet.v1_28_3.pkg.kubelet.eviction.api import Threshold
from ports.kubelet.v1_28_3.pkg.kubelet.eviction.defaults_linux import DefaultEvictionHard
from ports.kubelet.v1_28_3.pkg.kubelet.eviction.helpers import ParseThresholdConfig
from ports.provenance import formula, upstream

Mi = 1 << 20

# k8s.io/api core/v1 types.go ResourceHugePagesPrefix
ResourceHugePagesPrefix = "hugepages-"


@upstream(
    "kubernetes/kubernetes@v1.28.3 pkg/apis/core/v1/helper/helpers.go:68-73",
    deviation="lines from the one stored copy of the file (commit 02abf341), not read at the tag",
)
def HugePageResourceName(pageSize: Quantity) -> str:
    return ResourceHugePagesPrefix + pageSize.String()


@upstream(
    "kubernetes/kubernetes@v1.28.3 pkg/apis/core/v1/helper/helpers.go:62-66",
    deviation="lines from the one stored copy of the file (commit 02abf341), not read at the tag",
)
def IsHugePageResourceName(name: str) -> bool:
    return name.startswith(ResourceHugePagesPrefix)


def _default_hard_thresholds() -> tuple[Threshold, ...]:
    thresholds, err = ParseThresholdConfig([], DefaultEvictionHard, None, None, None)
    assert err is None and thresholds is not None
    return tuple(thresholds)


DEFAULT_HARD_THRESHOLDS: tuple[Threshold, ...] = _default_hard_thresholds()


@dataclass(frozen=True)
class AllocatableConfig:
    """The kubelet flags that reserve memory: --system-reserved=memory=, --kube-reserved=memory=
    and the hard eviction thresholds (--eviction-hard, parsed as the kubelet parses it for
    the container manager: ParseThresholdConfig([], evictionHard, nil, nil, nil); by default
    DefaultEvictionHard, whose memory.available is 100Mi)."""

    system_reserved: int = 0
    kube_reserved: int = 0
    eviction_hard: tuple[Threshold, ...] = DEFAULT_HARD_THRESHOLDS
    # capacity -> the hard-eviction reservation (a pure function of the two: kept, so that the
    # simulator's hot path computes it once per capacity)
    _memo: dict[int, int] = field(default_factory=dict, compare=False, hash=False, repr=False)


class AllocatableMixin:
    @upstream(
        "kubernetes/kubernetes@v1.28.3 pkg/kubelet/cadvisor/util.go:35-54",
        deviation="memory and hugepages only; the cpu entry (NumCores) is not modelled",
    )
    @formula(
        "node capacity hugepages",
        "hugepages-<PageSize x 1024 as a BinarySI quantity> = PageSize x 1024 x NumPages, "
        "int64 = {pools}",
    )
    def CapacityFromMachineInfo(self, info: Any) -> dict[str, int]:
        """The node's capacity ResourceList (v1.ResourceList), name -> Quantity value."""
        # NewQuantity(int64(info.MemoryCapacity), BinarySI): the uint64 is converted, so a
        # MemoryCapacity of 2^63 or more is a negative capacity
        c = {ResourceMemory: int64(info.MemoryCapacity)}
        for hugepagesInfo in info.HugePages:
            # PageSize * 1024 is a uint64 product, converted; the total an int64 product
            pageSizeBytes = int64(uint64(hugepagesInfo.PageSize * 1024))
            hugePagesBytes = int64(pageSizeBytes * int64(hugepagesInfo.NumPages))
            pageSizeQuantity = NewQuantity(pageSizeBytes, BinarySI)
            c[HugePageResourceName(pageSizeQuantity)] = hugePagesBytes
        return c

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

    @upstream(
        "kubernetes/kubernetes@v1.28.3 pkg/kubelet/nodestatus/setters.go:336-372",
        deviation="memory only; the hugepage pass was read in the one stored copy of the file "
        "(commit 00267ac8), the same logic in every copy the index holds",
    )
    @formula(
        "node allocatable memory",
        "capacity - system-reserved - kube-reserved - evictionHard memory.available = "
        "{capacity} - {system_reserved} - {kube_reserved} - {eviction_hard}",
    )
    @formula(
        "node allocatable memory with hugepages",
        "capacity - system-reserved - kube-reserved - evictionHard memory.available, floored "
        "at 0, then minus each hugepages-<size> capacity, floored at 0 = "
        "({capacity} - {system_reserved} - {kube_reserved} - {eviction_hard}) - {hugepages}",
    )
    def allocatable_memory(
        self, capacity: int, cfg: AllocatableConfig, node_capacity: Mapping[str, int] | None = None
    ) -> int:
        """Allocatable memory from the memory capacity and, when given, the node's whole
        capacity ResourceList (its hugepages-<size> entries are taken off)."""
        value = capacity - self.GetNodeAllocatableReservation(cfg, capacity)
        value = max(value, 0)
        # the setter's second pass over Status.Capacity: every hugepage resource's capacity
        # comes off allocatable memory, the result floored at 0 after each. Go walks the map
        # in random order; with non-negative capacities the order does not change the result,
        # and memsim walks it sorted by name so that a wrapped (negative) one is deterministic.
        caps = node_capacity or {}
        for k in sorted(caps):
            if IsHugePageResourceName(k):
                value = max(value - caps[k], 0)
        return value
