"""kubelet ports (k8s.io/kubernetes pkg/kubelet): kubelet@v1.28.3, @v1.29.0, @v1.30.0 ...
@v1.36.0 (one per minor), @master-95f08499; each later one subclasses the one before."""

from ports.kubelet import (
    master_95f08499,
    v1_28_3,
    v1_29_0,
    v1_30_0,
    v1_31_0,
    v1_32_0,
    v1_33_0,
    v1_34_0,
    v1_35_0,
    v1_36_0,
)

__all__ = [
    "master_95f08499",
    "v1_28_3",
    "v1_29_0",
    "v1_30_0",
    "v1_31_0",
    "v1_32_0",
    "v1_33_0",
    "v1_34_0",
    "v1_35_0",
    "v1_36_0",
]
