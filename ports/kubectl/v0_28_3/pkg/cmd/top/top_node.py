"""k8s.io/kubectl@v0.28.3 pkg/cmd/top/top_node.go: RunTopNode, from the metrics and nodes the
API returned to the printed table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ports.apimachinery.v0_28_3.pkg.api.resource import Quantity
from ports.go import errors
from ports.kubectl.v0_28_3.pkg.metricsutil.metrics_printer import NodeMetrics
from ports.provenance import formula, upstream


@dataclass
class Node:
    """core/v1 Node, the fields kubectl top node reads (Status.Capacity/Allocatable, and
    Status.NodeInfo.Swap.Capacity from v0.32 on: None when the node reports no swap)."""

    Name: str
    Capacity: dict[str, Quantity] = field(default_factory=dict)
    Allocatable: dict[str, Quantity] = field(default_factory=dict)
    SwapCapacity: int | None = None


@dataclass
class TopNodeOptions:
    ShowCapacity: bool = False
    NoHeaders: bool = False
    SortBy: str = ""
    ShowSwap: bool = False  # flag added in later kubectl; ignored by v0.28.3


class TopNodeMixin:
    if TYPE_CHECKING:

        def printer(self, o: TopNodeOptions) -> Any: ...  # NewTopCmdPrinter, on the version

    @upstream(
        "kubernetes/kubectl@v0.28.3 pkg/cmd/top/top_node.go:146-204",
        deviation="the API calls (discovery, metrics.k8s.io NodeMetricses, core Nodes) are "
        "replaced by their results, passed in; label selectors are not modelled",
    )
    @formula("error", "no NodeMetrics for the node: RunTopNode prints no row")
    def RunTopNode(
        self, o: TopNodeOptions, metrics: list[NodeMetrics], nodes: list[Node]
    ) -> tuple[str, Any]:
        if len(metrics) == 0:
            return "", errors.New("metrics not available yet")
        availableResources: dict[str, dict[str, Quantity]] = {}
        for n in nodes:
            if not o.ShowCapacity:
                availableResources[n.Name] = n.Allocatable
            else:
                availableResources[n.Name] = n.Capacity
        out: list[str] = []
        err = self.printer(o).PrintNodeMetrics(
            out, metrics, availableResources, o.NoHeaders, o.SortBy
        )
        return "".join(out), err
