"""metrics-server@v0.7.1 (kubernetes-sigs/metrics-server e78ebc4ffc86b2809f8831947562ac55ac3940eb),
the release current at Kubernetes v1.30.0 and v1.31.0. pkg/scraper/client/resource/decode.go and pkg/storage/{node,types}.go are unchanged from v0.7.0
(`git diff` over them is empty), so this class only names the version."""

from __future__ import annotations

from ports import registry
from ports.metrics_server import v0_7_0


@registry.register("metrics-server@v0.7.1")
class MetricsServer(v0_7_0.MetricsServer):
    TAG = "v0.7.1"
    COMMIT = "e78ebc4ffc86b2809f8831947562ac55ac3940eb"
