"""kubelet pkg/kubelet/metrics/collectors/resource_metrics_test.go TestCollectResourceMetrics,
node cases, exposition text exact (v1.28.3)."""

from __future__ import annotations

from ports import registry
from ports.go import errors, time
from ports.kubelet.v1_28_3.pkg.apis.stats.v1alpha1 import (
    CPUStats,
    MemoryStats,
    NodeStats,
    SwapStats,
)

T = time.Unix(0, 1624396278302091597)
SCRAPE = "# HELP scrape_error [ALPHA] 1 if there was an error while getting container metrics, 0 otherwise\n# TYPE scrape_error gauge\n"


def K():
    return registry.get("kubelet@v1.28.3")()


def test_error_getting_summary():
    assert (
        K().metrics_resource(None, errors.New("failed to get summary"))
        == SCRAPE + "scrape_error 1\n"
    )


def test_arbitrary_node_metrics():
    s = NodeStats(
        CPU=CPUStats(Time=T, UsageCoreNanoSeconds=10000000000),
        Memory=MemoryStats(Time=T, WorkingSetBytes=1000),
        Swap=SwapStats(Time=T, SwapUsageBytes=500),
    )
    assert K().metrics_resource(s, None) == (
        "# HELP node_cpu_usage_seconds_total [ALPHA] Cumulative cpu time consumed by the node in core-seconds\n"
        "# TYPE node_cpu_usage_seconds_total counter\n"
        "node_cpu_usage_seconds_total 10 1624396278302\n"
        "# HELP node_memory_working_set_bytes [ALPHA] Current working set of the node in bytes\n"
        "# TYPE node_memory_working_set_bytes gauge\n"
        "node_memory_working_set_bytes 1000 1624396278302\n"
        "# HELP node_swap_usage_bytes [ALPHA] Current swap usage of the node in bytes. Reported only on non-windows systems\n"
        "# TYPE node_swap_usage_bytes gauge\n"
        "node_swap_usage_bytes 500 1624396278302\n" + SCRAPE + "scrape_error 0\n"
    )


def test_nil_node_metrics():
    s = NodeStats(CPU=CPUStats(Time=T), Memory=MemoryStats(Time=T))
    assert K().metrics_resource(s, None) == SCRAPE + "scrape_error 0\n"
