"""kubectl@v0.33.0 (kubernetes/kubectl ee99ea39d693c4f9b8f0e966b0c837a91d6953af), as Kubernetes
v1.33.0 ships it. pkg/cmd/top/top_node.go and pkg/metricsutil/metrics_printer.go are unchanged from v0.32.0 (`git diff` over them is empty), so this class only names the version."""

from __future__ import annotations

from ports import registry
from ports.kubectl import v0_32_0


@registry.register("kubectl@v0.33.0")
class Kubectl(v0_32_0.Kubectl):
    TAG = "v0.33.0"
    COMMIT = "ee99ea39d693c4f9b8f0e966b0c837a91d6953af"
