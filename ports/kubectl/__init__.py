"""kubectl ports (k8s.io/kubectl pkg/cmd/top, pkg/metricsutil): kubectl@v0.28.3, @v0.30.0 ...
@v0.36.0 (one per Kubernetes minor), @v0.36.3; each later tag subclasses the one before."""

from ports.kubectl import (
    v0_28_3,
    v0_30_0,
    v0_31_0,
    v0_32_0,
    v0_33_0,
    v0_34_0,
    v0_35_0,
    v0_36_0,
    v0_36_3,
)

__all__ = [
    "v0_28_3",
    "v0_30_0",
    "v0_31_0",
    "v0_32_0",
    "v0_33_0",
    "v0_34_0",
    "v0_35_0",
    "v0_36_0",
    "v0_36_3",
]
