"""kubectl@v0.31.0 (kubernetes/kubectl b34a16dee14d4b0741cd198a132863a64bc2756a), as Kubernetes
v1.31.0 ships it. pkg/cmd/top/top_node.go and pkg/metricsutil/metrics_printer.go are unchanged from v0.30.0 (`git diff` over them is empty), so this class only names the version."""

from __future__ import annotations

from ports import registry
from ports.kubectl import v0_30_0


@registry.register("kubectl@v0.31.0")
class Kubectl(v0_30_0.Kubectl):
    TAG = "v0.31.0"
    COMMIT = "b34a16dee14d4b0741cd198a132863a64bc2756a"
