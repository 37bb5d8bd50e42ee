"""k8s.io/kubectl@v0.28.3 pkg/metricsutil/metrics_printer.go: the `kubectl top node` table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ports.apimachinery.v0_28_3.pkg.api.resource import Quantity
from ports.cli_runtime.v0_28_3.pkg.printers.tabwriter import GetNewTabWriter
from ports.go import fmt, sort
from ports.go.builtin import int_from_float64, quo
from ports.provenance import formula, upstream

REF = "kubernetes/kubectl@v0.28.3 pkg/metricsutil/metrics_printer.go"

ResourceCPU = "cpu"
ResourceMemory = "memory"


@dataclass
class NodeMetrics:
    """k8s.io/metrics pkg/apis/metrics NodeMetrics, the fields kubectl reads."""

    Name: str
    Usage: dict[str, Quantity] = field(default_factory=dict)
    Timestamp: int = 0  # unix nanoseconds
    Window: int = 0  # nanoseconds


@upstream(f"{REF}:41-45")
@dataclass
class ResourceMetricsInfo:
    Name: str
    Metrics: dict[str, Quantity]
    Available: dict[str, Quantity] | None


class MetricsPrinterMixin:
    """metrics_printer.go. Writers are lists of strings (the tabwriter's output)."""

    MeasuredResources: tuple[str, ...] = (ResourceCPU, ResourceMemory)  # metrics_printer.go:30-39
    NodeColumns: tuple[str, ...] = ("NAME", "CPU(cores)", "CPU%", "MEMORY(bytes)", "MEMORY%")

    @upstream(f"{REF}:55-83")
    def PrintNodeMetrics(
        self,
        out: list[str],
        metrics: list[NodeMetrics],
        availableResources: dict[str, dict[str, Quantity]],
        noHeaders: bool,
        sortBy: str,
    ) -> Any:
        if len(metrics) == 0:
            return None
        w = GetNewTabWriter(out)
        try:
            metrics = self.sort_node_metrics(metrics, sortBy)
            if not noHeaders:
                self.printColumnNames(w, self.NodeColumns)
            for m in metrics:
                usage = {k: v.DeepCopy() for k, v in m.Usage.items()}
                self.printMetricsLine(
                    w, ResourceMetricsInfo(m.Name, usage, availableResources.get(m.Name))
                )
                availableResources.pop(m.Name, None)
            for nodeName in availableResources:
                self.printMissingMetricsNodeLine(w, nodeName)
        finally:
            w.Flush()
        return None

    @upstream(f"{REF}:128-133")
    def printColumnNames(self, out: Any, names: tuple[str, ...]) -> None:
        for name in names:
            self.printValue(out, name)
        out.Write("\n")

    @upstream(f"{REF}:177-181")
    def printMetricsLine(self, out: Any, metrics: ResourceMetricsInfo) -> None:
        self.printValue(out, metrics.Name)
        self.printAllResourceUsages(out, metrics)
        out.Write("\n")

    @upstream(f"{REF}:183-191")
    def printMissingMetricsNodeLine(self, out: Any, nodeName: str) -> None:
        self.printValue(out, nodeName)
        unknownMetricsStatus = "<unknown>"
        for _ in range(len(self.MeasuredResources)):
            self.printValue(out, unknownMetricsStatus)
            self.printValue(out, unknownMetricsStatus)
        out.Write("\n")

    @upstream(f"{REF}:193-195")
    def printValue(self, out: Any, value: Any) -> None:
        out.Write(fmt.Sprintf("%v\t", value))

    @upstream(f"{REF}:197-207")
    @formula("MEMORY%", "int64(usage / {denominator} x 100) = int64({bytes} / {denom} x 100)")
    def printAllResourceUsages(self, out: Any, metrics: ResourceMetricsInfo) -> None:
        for res in self.MeasuredResources:
            quantity = metrics.Metrics.get(res)  # metrics.Metrics[res]: a zero Quantity if absent
            if quantity is None:
                quantity = Quantity()
            self.printSingleResourceUsage(out, res, quantity)
            out.Write("\t")
            available = (metrics.Available or {}).get(res)
            if available is not None:
                fraction = self.memory_fraction(quantity, available)
                out.Write(fmt.Sprintf("%d%%\t", int_from_float64(fraction)))

    def memory_fraction(self, quantity: Quantity, available: Quantity) -> float:
        """`float64(quantity.MilliValue()) / float64(available.MilliValue()) * 100` (L203), with
        Go's float division: x/0 is ±Inf (or NaN for 0/0) instead of a Python exception."""
        num, den = float(quantity.MilliValue()), float(available.MilliValue())
        if den == 0:
            return float("nan") if num == 0 else float("inf") * (1 if num > 0 else -1)
        return num / den * 100

    @upstream(f"{REF}:209-218")
    @formula("MEMORY(bytes)", "Value() / 2^20, truncated = {bytes} / 1048576")
    @formula("CPU(cores)", "MilliValue() m of NodeMetrics.usage.cpu{note}")
    def printSingleResourceUsage(self, out: Any, resourceType: str, quantity: Quantity) -> None:
        if resourceType == ResourceCPU:
            out.Write(fmt.Sprintf("%vm", quantity.MilliValue()))
        elif resourceType == ResourceMemory:
            out.Write(fmt.Sprintf("%vMi", quo(quantity.Value(), 1024 * 1024)))
        else:
            out.Write(fmt.Sprintf("%v", quantity.Value()))

    @upstream("kubernetes/kubectl@v0.28.3 pkg/metricsutil/metrics_sorter.go:37-53")
    def sort_node_metrics(self, metrics: list[NodeMetrics], sortBy: str) -> list[NodeMetrics]:
        """sort.Sort(NewNodeMetricsSorter(metrics, sortBy)): Go's (unstable, deterministic)
        pdqsort, so nodes with equal cpu or memory come out in Go's order."""
        s = NodeMetricsSorter(list(metrics), sortBy)
        sort.Sort(s)
        return s.metrics


@upstream("kubernetes/kubectl@v0.28.3 pkg/metricsutil/metrics_sorter.go:24-53")
class NodeMetricsSorter:
    """Len, Swap and Less of the Go type; each node's key (Usage.Cpu().MilliValue(),
    Usage.Memory().Value(): a zero Quantity when absent, or the name) is computed once, as
    it is the same at every call of Less."""

    def __init__(self, metrics: list[NodeMetrics], sortBy: str) -> None:
        self.metrics = metrics
        self.sortBy = sortBy
        if sortBy == "cpu":
            self.keys: list[Any] = [_usage(m, ResourceCPU).MilliValue() for m in metrics]
        elif sortBy == "memory":
            self.keys = [_usage(m, ResourceMemory).Value() for m in metrics]
        else:
            self.keys = [m.Name.encode("utf-8", "surrogateescape") for m in metrics]

    def Len(self) -> int:
        return len(self.metrics)

    def Swap(self, i: int, j: int) -> None:
        m, k = self.metrics, self.keys
        m[i], m[j] = m[j], m[i]
        k[i], k[j] = k[j], k[i]

    def Less(self, i: int, j: int) -> bool:
        if self.sortBy in ("cpu", "memory"):
            return bool(self.keys[i] > self.keys[j])
        return bool(self.keys[i] < self.keys[j])


def _usage(m: NodeMetrics, name: str) -> Quantity:
    # ResourceList.Cpu()/Memory(): the quantity, or a zero one
    q = m.Usage.get(name)
    return q.DeepCopy() if q is not None else Quantity()
