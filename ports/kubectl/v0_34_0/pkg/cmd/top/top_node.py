"""k8s.io/kubectl@v0.34.0 pkg/cmd/top/top_node.go: RunTopNode adds the node's swap capacity
(Status.NodeInfo.Swap.Capacity) to its available resources, or marks swap missing (the
--show-swap change). Unchanged through v0.36.3."""

from __future__ import annotations

from typing import Any

from ports.apimachinery.v0_28_3.pkg.api.resource import BinarySI, NewQuantity, Quantity
from ports.go import errors
from ports.kubectl.v0_28_3.pkg.cmd.top import top_node as base
from ports.kubectl.v0_28_3.pkg.metricsutil.metrics_printer import NodeMetrics
from ports.kubectl.v0_34_0.pkg.metricsutil.metrics_printer import ResourceSwap
from ports.provenance import keeps_formulas, upstream


class TopNodeMixin(base.TopNodeMixin):
    @upstream(
        "kubernetes/kubectl@v0.34.0 pkg/cmd/top/top_node.go:148-214",
        deviation="the API calls are replaced by their results, passed in",
    )
    @keeps_formulas
    def RunTopNode(
        self, o: base.TopNodeOptions, metrics: list[NodeMetrics], nodes: list[base.Node]
    ) -> tuple[str, Any]:
        if len(metrics) == 0:
            return "", errors.New("metrics not available yet")
        printer = self.printer(o)
        availableResources: dict[str, dict[str, Quantity]] = {}
        for n in nodes:
            if not o.ShowCapacity:
                availableResources[n.Name] = dict(n.Allocatable)
            else:
                availableResources[n.Name] = dict(n.Capacity)
            # new: swap capacity from NodeInfo, else the resource is registered missing
            if n.SwapCapacity is not None:
                availableResources[n.Name][ResourceSwap] = NewQuantity(n.SwapCapacity, BinarySI)
            else:
                printer.RegisterMissingResource(n.Name, ResourceSwap)
        out: list[str] = []
        err = printer.PrintNodeMetrics(out, metrics, availableResources, o.NoHeaders, o.SortBy)
        return "".join(out), err
