"""metrics-server@v0.9.0 (kubernetes-sigs/metrics-server 2a7c4b2c7d46552ff47f4aeaa3a735c582587ecd),
the latest release: v0.6.4 plus the behaviour hunks of
`git diff v0.6.4 v0.9.0 -- pkg/scraper/client/resource/decode.go pkg/storage/{types,node}.go`."""

from __future__ import annotations

from ports import registry
from ports.metrics_server import v0_6_4
from ports.metrics_server.v0_6_4.pkg.storage.node import NodeStorageMixin
from ports.metrics_server.v0_9_0.pkg.scraper.client.resource.decode import DecodeMixin
from ports.metrics_server.v0_9_0.pkg.storage.types import TypesMixin


class Storage(NodeStorageMixin, TypesMixin):
    """node.go is unchanged (v0.9.0 renames Ready to NodeReady in storage.go)."""


class Resource(DecodeMixin):
    pass


@registry.register("metrics-server@v0.9.0")
class MetricsServer(v0_6_4.MetricsServer):
    TAG = "v0.9.0"
    COMMIT = "2a7c4b2c7d46552ff47f4aeaa3a735c582587ecd"
    Storage = Storage
    Resource = Resource
