"""k8s.io/kubernetes@v1.28.3 pkg/kubelet/eviction (package eviction): thresholds from the
kubelet's flags, the signals the eviction manager observes, the thresholds they meet."""

from ports.kubelet.v1_28_3.pkg.kubelet.eviction.defaults_linux import DefaultEvictionHard
from ports.kubelet.v1_28_3.pkg.kubelet.eviction.helpers import (
    EvictionMixin,
    ParseThresholdConfig,
    makeSignalObservations,
    thresholdsMet,
)

__all__ = [
    "DefaultEvictionHard",
    "EvictionMixin",
    "ParseThresholdConfig",
    "makeSignalObservations",
    "thresholdsMet",
]
