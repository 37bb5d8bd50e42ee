"""metrics-server@v0.8.1 (kubernetes-sigs/metrics-server 9ce65a47f9262e19e482c259ace815f01135a898),
the release current at Kubernetes v1.36.0. pkg/scraper/client/resource/decode.go and pkg/storage/{node,types}.go are unchanged from v0.8.0
(`git diff` over them is empty), so this class only names the version."""

from __future__ import annotations

from ports import registry
from ports.metrics_server import v0_8_0


@registry.register("metrics-server@v0.8.1")
class MetricsServer(v0_8_0.MetricsServer):
    TAG = "v0.8.1"
    COMMIT = "9ce65a47f9262e19e482c259ace815f01135a898"
