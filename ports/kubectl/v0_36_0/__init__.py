"""kubectl@v0.36.0 (kubernetes/kubectl 1ac35f75d6c90bc82d2c155ed3746a429d9563a2), as Kubernetes
v1.36.0 ships it. pkg/cmd/top/top_node.go and pkg/metricsutil/metrics_printer.go are unchanged from v0.35.0 (`git diff` over them is empty), so this class only names the version."""

from __future__ import annotations

from ports import registry
from ports.kubectl import v0_35_0


@registry.register("kubectl@v0.36.0")
class Kubectl(v0_35_0.Kubectl):
    TAG = "v0.36.0"
    COMMIT = "1ac35f75d6c90bc82d2c155ed3746a429d9563a2"
