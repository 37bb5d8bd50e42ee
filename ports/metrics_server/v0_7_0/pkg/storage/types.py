"""sigs.k8s.io/metrics-server@v0.7.0 pkg/storage/types.go: resourceUsage also refuses a point
whose StartTime went backwards (a restarted node or container). Unchanged through v0.9.0 but
for the CumulativeCpuUsed -> CumulativeCPUUsed rename (v0.8.0)."""

from __future__ import annotations

from typing import Any

from ports.apimachinery.v0_28_3.pkg.api.resource.quantity import Quantity
from ports.go import errors, time
from ports.metrics_server.v0_6_4.pkg.storage import types as base
from ports.provenance import upstream


class TypesMixin(base.TypesMixin):
    @upstream("kubernetes-sigs/metrics-server@v0.7.0 pkg/storage/types.go:53-69")
    def resourceUsage(
        self, last: base.MetricsPoint, prev: base.MetricsPoint
    ) -> tuple[dict[str, Quantity], base.TimeInfo, Any]:
        # new in the v0.6.4..v0.7.0 diff: the StartTime check
        if time.Before(last.StartTime, prev.StartTime):
            return (
                {},
                base.TimeInfo(),
                errors.New("unexpected decrease in startTime of node/container"),
            )
        return super().resourceUsage(last, prev)
