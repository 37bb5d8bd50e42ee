"""kubectl@v0.35.0 (kubernetes/kubectl a64ceaeab69eed1f11a9e1bd91cf2c1446de811c), as Kubernetes
v1.35.0 ships it. pkg/cmd/top/top_node.go and pkg/metricsutil/metrics_printer.go are unchanged from v0.34.0 (`git diff` over them is empty), so this class only names the version."""

from __future__ import annotations

from ports import registry
from ports.kubectl import v0_34_0


@registry.register("kubectl@v0.35.0")
class Kubectl(v0_34_0.Kubectl):
    TAG = "v0.35.0"
    COMMIT = "a64ceaeab69eed1f11a9e1bd91cf2c1446de811c"
