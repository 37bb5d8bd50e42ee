"""kubectl@v0.36.3 (kubernetes/kubectl 73fdc7a337b55d4097e8723cb44d09ac7473e1d4), as Kubernetes
v1.36.3 ships it. pkg/cmd/top/top_node.go and pkg/metricsutil/metrics_printer.go are unchanged from v0.36.0 (`git diff` over them is empty), so this class only names the version."""

from __future__ import annotations

from ports import registry
from ports.kubectl import v0_36_0


@registry.register("kubectl@v0.36.3")
class Kubectl(v0_36_0.Kubectl):
    TAG = "v0.36.3"
    COMMIT = "73fdc7a337b55d4097e8723cb44d09ac7473e1d4"
