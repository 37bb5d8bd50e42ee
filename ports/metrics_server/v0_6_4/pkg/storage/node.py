"""sigs.k8s.io/metrics-server@v0.6.4 pkg/storage/node.go: last/prev points per node."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ports.apimachinery.v0_28_3.pkg.api.resource.quantity import Quantity
from ports.go import time
from ports.metrics_server.v0_6_4.pkg.storage.types import MetricsBatch, MetricsPoint
from ports.provenance import upstream

REF = "kubernetes-sigs/metrics-server@v0.6.4 pkg/storage/node.go"


@dataclass
class NodeMetrics:
    """k8s.io/metrics pkg/apis/metrics NodeMetrics (what GET metrics.k8s.io/v1beta1/nodes serves)."""

    Name: str
    Timestamp: int = time.ZERO
    Window: int = 0
    Usage: dict[str, Quantity] = field(default_factory=dict)


@upstream(f"{REF}:32-38")
@dataclass
class nodeStorage:
    last: dict[str, MetricsPoint] = field(default_factory=dict)
    prev: dict[str, MetricsPoint] = field(default_factory=dict)
    # gauge metrics_server_storage_points{type="node"} (pointsStored), set by Store
    points_stored: float = 0.0


class NodeStorageMixin:
    """Methods of *nodeStorage; `self` is the storage package, `s` the nodeStorage."""

    @upstream(
        f"{REF}:40-69",
        deviation="CreationTimestamp (time.Now()) and node labels are not modelled",
    )
    def GetMetrics(self, s: nodeStorage, *nodes: str) -> tuple[list[NodeMetrics], Any]:
        results: list[NodeMetrics] = []
        for node in nodes:
            last = s.last.get(node)
            if last is None:
                continue
            prev = s.prev.get(node)
            if prev is None:
                continue
            rl, ti, err = self.resourceUsage(last, prev)  # type: ignore[attr-defined]
            if err is not None:
                # klog.ErrorS(err, "Skipping node usage metric", "node", node)
                continue
            results.append(NodeMetrics(node, ti.Timestamp, ti.Window, rl))
        return results, None

    @upstream(f"{REF}:71-104")
    def Store(self, s: nodeStorage, batch: MetricsBatch) -> None:
        lastNodes: dict[str, MetricsPoint] = {}
        prevNodes: dict[str, MetricsPoint] = {}
        for nodeName, newPoint in batch.Nodes.items():
            if nodeName in lastNodes:
                continue
            lastNodes[nodeName] = newPoint
            lastNode = s.last.get(nodeName)
            if lastNode is not None:
                if time.After(newPoint.Timestamp, lastNode.Timestamp):
                    prevNodes[nodeName] = lastNode
                else:
                    prevPoint = s.prev.get(nodeName)
                    if prevPoint is not None and time.Before(
                        prevPoint.Timestamp, newPoint.Timestamp
                    ):
                        prevNodes[nodeName] = prevPoint
        s.last = lastNodes
        s.prev = prevNodes
        s.points_stored = float(len(prevNodes))

    def Ready(self, s: nodeStorage) -> bool:
        """storage.go Ready() (v0.6.4 L42-46), node half: a node has a prev point."""
        return len(s.prev) != 0
