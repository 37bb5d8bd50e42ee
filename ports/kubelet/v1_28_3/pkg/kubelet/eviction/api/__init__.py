"""k8s.io/kubernetes@v1.28.3 pkg/kubelet/eviction/api (package api)."""

from ports.kubelet.v1_28_3.pkg.kubelet.eviction.api.types import (
    GetThresholdQuantity,
    OpForSignal,
    OpLessThan,
    SignalAllocatableMemoryAvailable,
    SignalImageFsAvailable,
    SignalImageFsInodesFree,
    SignalMemoryAvailable,
    SignalNodeFsAvailable,
    SignalNodeFsInodesFree,
    SignalPIDAvailable,
    Threshold,
    ThresholdValue,
    float32,
)

__all__ = [
    "GetThresholdQuantity",
    "OpForSignal",
    "OpLessThan",
    "SignalAllocatableMemoryAvailable",
    "SignalImageFsAvailable",
    "SignalImageFsInodesFree",
    "SignalMemoryAvailable",
    "SignalNodeFsAvailable",
    "SignalNodeFsInodesFree",
    "SignalPIDAvailable",
    "Threshold",
    "ThresholdValue",
    "float32",
]
