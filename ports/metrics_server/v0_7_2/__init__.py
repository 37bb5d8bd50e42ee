"""metrics-server@v0.7.2 (kubernetes-sigs/metrics-server 096960107da4a1b2e2ec83b2ac3424248cfc0ad5),
the release current at Kubernetes v1.32.0 and v1.33.0. pkg/scraper/client/resource/decode.go and pkg/storage/{node,types}.go are unchanged from v0.7.1
(`git diff` over them is empty), so this class only names the version."""

from __future__ import annotations

from ports import registry
from ports.metrics_server import v0_7_1


@registry.register("metrics-server@v0.7.2")
class MetricsServer(v0_7_1.MetricsServer):
    TAG = "v0.7.2"
    COMMIT = "096960107da4a1b2e2ec83b2ac3424248cfc0ad5"
