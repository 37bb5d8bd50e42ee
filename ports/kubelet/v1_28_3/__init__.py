"""kubelet@v1.28.3 (kubernetes/kubernetes v1.28.3 = a8a1abc25cad87333840cd7d54be2efaf31a3177;
files read from the blob-identical v1.28.0/v1.28.7 source copies, reference §0)."""

from __future__ import annotations

from ports import registry
from ports.kubelet.v1_28_3.pkg.kubelet.cm import AllocatableConfig, AllocatableMixin
from ports.kubelet.v1_28_3.pkg.kubelet.eviction import EvictionMixin
from ports.kubelet.v1_28_3.pkg.kubelet.metrics.collectors import ResourceMetricsMixin
from ports.kubelet.v1_28_3.pkg.kubelet.server.stats import SummaryMixin
from ports.kubelet.v1_28_3.pkg.kubelet.stats import StatsMixin

__all__ = ["AllocatableConfig", "Kubelet"]


@registry.register("kubelet@v1.28.3")
class Kubelet(StatsMixin, SummaryMixin, ResourceMetricsMixin, AllocatableMixin, EvictionMixin):
    TAG = "v1.28.3"
    COMMIT = "a8a1abc25cad87333840cd7d54be2efaf31a3177"
    VERSION = "v1.28.3"
