"""k8s.io/kubernetes@v1.28.3 pkg/kubelet/metrics/collectors/resource_metrics.go: the node
metrics of /metrics/resource (resourceMetricsCollector), exposed as kubelet writes them."""

from __future__ import annotations

from typing import Any

from ports.component_base.v0_28_3.metrics import ALPHA, Desc, Sample, expose
from ports.go import time
from ports.go.builtin import panic
from ports.kubelet.v1_28_3.pkg.apis.stats.v1alpha1 import NodeStats
from ports.provenance import formula, upstream

REF = "kubernetes/kubernetes@v1.28.3 pkg/kubelet/metrics/collectors/resource_metrics.go"


class ResourceMetricsMixin:
    # resource_metrics.go:29-106 (node descs and scrape_error)
    nodeCPUUsageDesc = Desc(
        "node_cpu_usage_seconds_total",
        "Cumulative cpu time consumed by the node in core-seconds",
        stabilityLevel=ALPHA,
    )
    nodeMemoryUsageDesc = Desc(
        "node_memory_working_set_bytes",
        "Current working set of the node in bytes",
        stabilityLevel=ALPHA,
    )
    nodeSwapUsageDesc = Desc(
        "node_swap_usage_bytes",
        "Current swap usage of the node in bytes. Reported only on non-windows systems",
        stabilityLevel=ALPHA,
    )
    resourceScrapeResultDesc = Desc(
        "scrape_error",
        "1 if there was an error while getting container metrics, 0 otherwise",
        stabilityLevel=ALPHA,
    )
    resourceScrapeErrorResultDesc: Desc | None = None  # added in v1.29
    VERSION = "v1.28.3"

    @upstream(
        f"{REF}:143-171", deviation="pods and containers are not modelled (memsim's node has none)"
    )
    def CollectWithStability(self, statsSummary: NodeStats | None, err: Any) -> list[Sample]:
        ch: list[Sample] = []
        errorCount = 0.0
        if err is None and statsSummary is not None:
            self.collectNodeCPUMetrics(ch, statsSummary)
            self.collectNodeMemoryMetrics(ch, statsSummary)
            self.collectNodeSwapMetrics(ch, statsSummary)
        else:
            errorCount = 1.0
        # the deferred scrape-result metric(s)
        ch.append(Sample(self.resourceScrapeResultDesc, "gauge", errorCount))
        if self.resourceScrapeErrorResultDesc is not None:
            ch.append(Sample(self.resourceScrapeErrorResultDesc, "gauge", errorCount))
        return ch

    @upstream(f"{REF}:173-180")
    def collectNodeCPUMetrics(self, ch: list[Sample], s: NodeStats) -> None:
        if s.CPU is None or s.CPU.UsageCoreNanoSeconds is None:
            return
        ch.append(
            Sample(
                self.nodeCPUUsageDesc,
                "counter",
                float(s.CPU.UsageCoreNanoSeconds) / float(time.Second),
                time=s.CPU.Time,
            )
        )

    @upstream(f"{REF}:182-189")
    @formula("/metrics/resource", "float64(workingSetBytes) in %g form, then Memory.Time in ms")
    def collectNodeMemoryMetrics(self, ch: list[Sample], s: NodeStats) -> None:
        if s.Memory is None or s.Memory.WorkingSetBytes is None:
            return
        ch.append(
            Sample(
                self.nodeMemoryUsageDesc,
                "gauge",
                float(s.Memory.WorkingSetBytes),
                time=s.Memory.Time,
            )
        )

    @upstream(f"{REF}:191-198")
    def collectNodeSwapMetrics(self, ch: list[Sample], s: NodeStats) -> None:
        if s.Swap is None or s.Swap.SwapUsageBytes is None:
            return
        # stamped with s.Memory.Time (not s.Swap.Time): a nil Memory panics in Go
        if s.Memory is None:
            panic("runtime error: invalid memory address or nil pointer dereference")
        assert s.Memory is not None
        ch.append(
            Sample(
                self.nodeSwapUsageDesc, "gauge", float(s.Swap.SwapUsageBytes), time=s.Memory.Time
            )
        )

    def metrics_resource(self, statsSummary: NodeStats | None, err: Any) -> str:
        """The body of GET /metrics/resource (server.go:432-433: a KubeRegistry holding only
        this collector, served by promhttp in text format 0.0.4)."""
        return expose(self.CollectWithStability(statsSummary, err), self.VERSION)
