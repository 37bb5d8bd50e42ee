"""kubectl@v0.30.0 (kubernetes/kubectl 321896d352dc90d2ccc68c8e3b2ed46a0bc314a0), as Kubernetes
v1.30.0 ships it. pkg/cmd/top/top_node.go and pkg/metricsutil/metrics_printer.go are unchanged from v0.28.3 (`git diff` over them is empty), so this class only names the version."""

from __future__ import annotations

from ports import registry
from ports.kubectl import v0_28_3


@registry.register("kubectl@v0.30.0")
class Kubectl(v0_28_3.Kubectl):
    TAG = "v0.30.0"
    COMMIT = "321896d352dc90d2ccc68c8e3b2ed46a0bc314a0"
