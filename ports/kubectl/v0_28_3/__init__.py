"""kubectl@v0.28.3 (kubernetes/kubectl c89f79b390cb82f12f81a8e5c5a4dd457419cdb3), as vendored by
Kubernetes v1.28.3."""

from __future__ import annotations

from typing import Any, ClassVar

from ports import registry
from ports.kubectl.v0_28_3.pkg.cmd.top.top_node import Node, TopNodeMixin, TopNodeOptions
from ports.kubectl.v0_28_3.pkg.metricsutil.metrics_printer import (
    MetricsPrinterMixin,
    NodeMetrics,
)

__all__ = ["Kubectl", "Metricsutil", "Node", "NodeMetrics", "TopNodeOptions"]


class Metricsutil(MetricsPrinterMixin):
    """package metricsutil (metrics_printer.go, metrics_sorter.go): TopCmdPrinter."""

    def __init__(self, options: Any = None) -> None:
        self.options = options


@registry.register("kubectl@v0.28.3")
class Kubectl(TopNodeMixin):
    """package top + its printer. `top_node(options, metrics, nodes)` -> (table text, err)."""

    TAG = "v0.28.3"
    COMMIT = "c89f79b390cb82f12f81a8e5c5a4dd457419cdb3"
    Metricsutil: ClassVar[type[Any]] = Metricsutil

    def printer(self, o: TopNodeOptions) -> Any:
        # NewTopCmdPrinter(o.Out) (top_node.go:131)
        return self.Metricsutil(o)

    def top_node(
        self, o: TopNodeOptions, metrics: list[NodeMetrics], nodes: list[Node]
    ) -> tuple[str, Any]:
        return self.RunTopNode(o, metrics, nodes)
