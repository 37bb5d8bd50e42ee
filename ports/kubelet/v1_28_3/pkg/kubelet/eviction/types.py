"""k8s.io/kubernetes@v1.28.3 pkg/kubelet/eviction/types.go: what the eviction manager observes
for a signal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ports.apimachinery.v0_28_3.pkg.api.resource import Quantity
from ports.go import time
from ports.provenance import upstream


@upstream("kubernetes/kubernetes@v1.28.3 pkg/kubelet/eviction/types.go:115-123")
@dataclass
class signalObservation:
    capacity: Quantity | None = None
    available: Quantity | None = None
    time: int = time.ZERO


# signalObservations (types.go:125-126): Signal -> signalObservation
signalObservations = dict[str, signalObservation]
# statsFunc (types.go:109-110): a pod (anything with .UID) -> (PodStats, found)
statsFunc = Callable[[Any], tuple[Any, bool]]
