"""metrics-server@v0.6.4 (kubernetes-sigs/metrics-server 6242212f633d50d6066d2fe95f221b052ef4e1ae),
the release current with Kubernetes 1.28. Decodes with prometheus v2.5.0's textparse."""

from __future__ import annotations

from typing import Any, ClassVar

from ports import registry
from ports.metrics_server.v0_6_4.pkg.scraper.client.resource.decode import DecodeMixin
from ports.metrics_server.v0_6_4.pkg.storage.node import (
    NodeMetrics,
    NodeStorageMixin,
    nodeStorage,
)
from ports.metrics_server.v0_6_4.pkg.storage.types import (
    MetricsBatch,
    MetricsPoint,
    TimeInfo,
    TypesMixin,
)

__all__ = [
    "MetricsBatch",
    "MetricsPoint",
    "MetricsServer",
    "NodeMetrics",
    "TimeInfo",
    "nodeStorage",
]


class Storage(NodeStorageMixin, TypesMixin):
    """package storage (types.go, node.go)."""


class Resource(DecodeMixin):
    """package resource (pkg/scraper/client/resource: decode.go)."""


@registry.register("metrics-server@v0.6.4")
class MetricsServer:
    TAG = "v0.6.4"
    COMMIT = "6242212f633d50d6066d2fe95f221b052ef4e1ae"
    Storage: ClassVar[type[Any]] = Storage
    Resource: ClassVar[type[Any]] = Resource

    def __init__(self) -> None:
        self.storage = self.Storage()
        self.resource = self.Resource()
