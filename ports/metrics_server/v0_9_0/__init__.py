"""metrics-server@v0.9.0 (kubernetes-sigs/metrics-server 2a7c4b2c7d46552ff47f4aeaa3a735c582587ecd),
the latest release: v0.8.1 plus the parser call of `git diff v0.8.1 v0.9.0 --
pkg/scraper/client/resource/decode.go` (its only hunk; storage is unchanged)."""

from __future__ import annotations

from typing import Any, ClassVar

from ports import registry
from ports.metrics_server import v0_8_1
from ports.metrics_server.v0_9_0.pkg.scraper.client.resource.decode import DecodeMixin


class Resource(DecodeMixin):
    pass


@registry.register("metrics-server@v0.9.0")
class MetricsServer(v0_8_1.MetricsServer):
    TAG = "v0.9.0"
    COMMIT = "2a7c4b2c7d46552ff47f4aeaa3a735c582587ecd"
    Resource: ClassVar[type[Any]] = Resource
