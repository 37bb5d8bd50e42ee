"""sigs.k8s.io/metrics-server@v0.6.4 pkg/storage/types.go."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ports.apimachinery.v0_28_3.pkg.api.resource import BinarySI, DecimalSI, NewScaledQuantity
from ports.apimachinery.v0_28_3.pkg.api.resource.quantity import Quantity
from ports.go import errors, time
from ports.go.builtin import int64, uint64_from_float64
from ports.go.math import MaxInt64
from ports.provenance import formula, upstream

REF = "kubernetes-sigs/metrics-server@v0.6.4 pkg/storage/types.go"


@upstream(f"{REF}:42-51")
@dataclass
class MetricsPoint:
    """Times are ports.go.time values (ns since the Unix epoch; time.ZERO is Go's zero Time).
    v0.9.0 renames CumulativeCpuUsed to CumulativeCPUUsed; the Python field keeps one name."""

    StartTime: int = time.ZERO
    Timestamp: int = time.ZERO
    CumulativeCpuUsed: int = 0
    MemoryUsage: int = 0


@upstream(f"{REF}:37-39")
@dataclass
class PodMetricsPoint:
    Containers: dict[str, MetricsPoint] | None = None


@upstream(f"{REF}:31-34")
@dataclass
class MetricsBatch:
    Nodes: dict[str, MetricsPoint] = field(default_factory=dict)
    # key: (namespace, name), apitypes.NamespacedName
    Pods: dict[tuple[str, str], PodMetricsPoint] = field(default_factory=dict)


@dataclass
class TimeInfo:
    """pkg/api TimeInfo."""

    Timestamp: int = time.ZERO
    Window: int = 0


class TypesMixin:
    @upstream(f"{REF}:53-66")
    def resourceUsage(
        self, last: MetricsPoint, prev: MetricsPoint
    ) -> tuple[dict[str, Quantity], TimeInfo, Any]:
        if last.CumulativeCpuUsed < prev.CumulativeCpuUsed:
            return {}, TimeInfo(), errors.New("unexpected decrease in cumulative CPU usage value")
        return self._usage(last, prev)

    def _usage(
        self, last: MetricsPoint, prev: MetricsPoint
    ) -> tuple[dict[str, Quantity], TimeInfo, Any]:
        # types.go:57-65 (v0.6.4) = 60-68 (v0.9.0): the usage itself
        window = time.Sub(last.Timestamp, prev.Timestamp)
        secs = time.Seconds(window)
        delta = float(last.CumulativeCpuUsed - prev.CumulativeCpuUsed)
        cpuUsage = math_div(delta, secs) if secs == 0 else delta / secs
        return (
            {
                "cpu": self.uint64Quantity(uint64_from_float64(cpuUsage), DecimalSI, -9),
                "memory": self.uint64Quantity(last.MemoryUsage, BinarySI, 0),
            },
            TimeInfo(Timestamp=last.Timestamp, Window=window),
            None,
        )

    @upstream(f"{REF}:71-81")
    @formula(
        "NodeMetrics.usage.memory",
        "uint64Quantity(last.MemoryUsage, BinarySI, 0): the last point, not an average",
    )
    def uint64Quantity(self, val: int, format: str, scale: int) -> Quantity:
        q = NewScaledQuantity(int64(val), scale)
        if val > MaxInt64:
            # lose an decimal order-of-magnitude precision, so we can fit into a scaled quantity
            q = NewScaledQuantity(int64(val // 10), 1 + scale)
        q.Format = format
        return q


def math_div(a: float, b: float) -> float:
    """Go float64 division by zero: ±Inf, or NaN for 0/0."""
    if a == 0 or a != a:
        return float("nan")
    return float("inf") if a > 0 else float("-inf")
