"""k8s.io/kubernetes@v1.28.3 pkg/kubelet/cm/helpers.go: the part of the node allocatable
reservation that the hard eviction thresholds make."""

from __future__ import annotations

from ports.apimachinery.v0_28_3.pkg.api.resource import Quantity
from ports.kubelet.v1_28_3.pkg.kubelet.eviction.api import (
    GetThresholdQuantity,
    OpLessThan,
    SignalMemoryAvailable,
    SignalNodeFsAvailable,
    Threshold,
)
from ports.provenance import upstream

ResourceMemory = "memory"
ResourceEphemeralStorage = "ephemeral-storage"


@upstream("kubernetes/kubernetes@v1.28.3 pkg/kubelet/cm/helpers.go:31-54")
def hardEvictionReservation(
    thresholds: list[Threshold], capacity: dict[str, Quantity]
) -> dict[str, Quantity] | None:
    if len(thresholds) == 0:
        return None
    ret: dict[str, Quantity] = {}
    for threshold in thresholds:
        if threshold.Operator != OpLessThan:
            continue
        if threshold.Signal == SignalMemoryAvailable:
            # a missing key reads as the zero Quantity, as a Go map does
            ret[ResourceMemory] = GetThresholdQuantity(
                threshold.Value, capacity.get(ResourceMemory, Quantity())
            )
        elif threshold.Signal == SignalNodeFsAvailable:
            ret[ResourceEphemeralStorage] = GetThresholdQuantity(
                threshold.Value, capacity.get(ResourceEphemeralStorage, Quantity())
            )
    return ret
