"""metrics-server@v0.7.0 (kubernetes-sigs/metrics-server ec346c63f9c20ad1847e0e85148817e980f140d4),
the Kubernetes v1.30 cluster add-on (CHANGELOG-1.30: #123504): v0.6.4 plus the hunks of
`git diff v0.6.4 v0.7.0 -- pkg/scraper/client/resource/decode.go pkg/storage/{types,node}.go`
(the StartTime check in resourceUsage, the parser that can fail)."""

from __future__ import annotations

from typing import Any, ClassVar

from ports import registry
from ports.metrics_server import v0_6_4
from ports.metrics_server.v0_6_4.pkg.storage.node import NodeStorageMixin
from ports.metrics_server.v0_7_0.pkg.scraper.client.resource.decode import DecodeMixin
from ports.metrics_server.v0_7_0.pkg.storage.types import TypesMixin


class Storage(NodeStorageMixin, TypesMixin):
    """node.go is unchanged."""


class Resource(DecodeMixin):
    pass


@registry.register("metrics-server@v0.7.0")
class MetricsServer(v0_6_4.MetricsServer):
    TAG = "v0.7.0"
    COMMIT = "ec346c63f9c20ad1847e0e85148817e980f140d4"
    Storage: ClassVar[type[Any]] = Storage
    Resource: ClassVar[type[Any]] = Resource
