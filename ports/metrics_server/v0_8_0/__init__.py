"""metrics-server@v0.8.0 (kubernetes-sigs/metrics-server d66279c6426c6581d9656fe3d42bc52db7c29597),
the release current at Kubernetes v1.34.0 and v1.35.0: v0.7.2 plus the "text/plain" parser call;
the other hunks of decode.go and types.go rename Cpu to CPU."""

from __future__ import annotations

from typing import Any, ClassVar

from ports import registry
from ports.metrics_server import v0_7_2
from ports.metrics_server.v0_8_0.pkg.scraper.client.resource.decode import DecodeMixin


class Resource(DecodeMixin):
    pass


@registry.register("metrics-server@v0.8.0")
class MetricsServer(v0_7_2.MetricsServer):
    TAG = "v0.8.0"
    COMMIT = "d66279c6426c6581d9656fe3d42bc52db7c29597"
    Resource: ClassVar[type[Any]] = Resource
