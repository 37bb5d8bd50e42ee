"""k8s.io/kubernetes@v1.28.3 pkg/kubelet/eviction/api/types.go: eviction signals, the one
threshold operator, threshold values (a quantity or a fraction of capacity) and
GetThresholdQuantity."""

from __future__ import annotations

import struct
from dataclasses import dataclass

from ports.apimachinery.v0_28_3.pkg.api.resource import BinarySI, NewQuantity, Quantity
from ports.go.builtin import int_from_float64
from ports.provenance import upstream

REF = "kubernetes/kubernetes@v1.28.3 pkg/kubelet/eviction/api/types.go"

# type Signal string (types.go:25-43)
SignalMemoryAvailable = "memory.available"
SignalNodeFsAvailable = "nodefs.available"
SignalNodeFsInodesFree = "nodefs.inodesFree"
SignalImageFsAvailable = "imagefs.available"
SignalImageFsInodesFree = "imagefs.inodesFree"
SignalAllocatableMemoryAvailable = "allocatableMemory.available"
SignalPIDAvailable = "pid.available"

# type ThresholdOperator string (types.go:45-51)
OpLessThan = "LessThan"

# OpForSignal (types.go:60-68): every signal is compared with "less than"
OpForSignal = {
    SignalMemoryAvailable: OpLessThan,
    SignalNodeFsAvailable: OpLessThan,
    SignalNodeFsInodesFree: OpLessThan,
    SignalImageFsAvailable: OpLessThan,
    SignalImageFsInodesFree: OpLessThan,
    SignalAllocatableMemoryAvailable: OpLessThan,
    SignalPIDAvailable: OpLessThan,
}


def float32(x: float) -> float:
    """Go's float32(x): x rounded to the nearest float32 (held in a Python float, exactly)."""
    return float(struct.unpack("f", struct.pack("f", x))[0])


@upstream(f"{REF}:71-78")
@dataclass(frozen=True)
class ThresholdValue:
    """Quantity (when not None) or Percentage (a float32 fraction: 0.1 is 10%)."""

    Quantity: Quantity | None = None
    Percentage: float = 0.0


@upstream(f"{REF}:81-92")
@dataclass(frozen=True)
class Threshold:
    Signal: str = ""
    Operator: str = ""
    Value: ThresholdValue = ThresholdValue()
    GracePeriod: int = 0  # time.Duration, nanoseconds
    MinReclaim: ThresholdValue | None = None


@upstream(f"{REF}:95-101")
def GetThresholdQuantity(value: ThresholdValue, capacity: Quantity | None) -> Quantity:
    if value.Quantity is not None:
        return value.Quantity.DeepCopy()
    # a nil capacity dereferenced here is a Go panic; the callers always pass one with a
    # percentage threshold
    assert capacity is not None
    return NewQuantity(
        int_from_float64(float(capacity.Value()) * float(value.Percentage)), BinarySI
    )
