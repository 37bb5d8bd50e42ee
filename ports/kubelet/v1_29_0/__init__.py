"""kubelet@v1.29.0 (kubernetes/kubernetes v1.29.0 = 3f7a50f38688eb332e2a1b013678c6435d539ae6).

Only the CHANGELOG-1.29 change that reaches /metrics/resource is applied: PR #116897 graduated
the resource metrics to STABLE and deprecated scrape_error in favour of resource_scrape_error.
The v1.29.0 sources were not readable here (kubernetes/kubernetes is too large to fetch and no
blob-verified copy was found), so this class is v1.28.3 plus that documented change."""

from __future__ import annotations

from ports import registry
from ports.component_base.v0_28_3.metrics import ALPHA, STABLE, Desc
from ports.kubelet import v1_28_3


@registry.register("kubelet@v1.29.0")
class Kubelet(v1_28_3.Kubelet):
    TAG = "v1.29.0"
    COMMIT = "3f7a50f38688eb332e2a1b013678c6435d539ae6"
    VERSION = "v1.29.0"
    # PR #116897: GA, and scrape_error deprecated since 1.29.0
    nodeCPUUsageDesc = Desc(
        "node_cpu_usage_seconds_total",
        "Cumulative cpu time consumed by the node in core-seconds",
        stabilityLevel=STABLE,
    )
    nodeMemoryUsageDesc = Desc(
        "node_memory_working_set_bytes",
        "Current working set of the node in bytes",
        stabilityLevel=STABLE,
    )
    resourceScrapeResultDesc = Desc(
        "scrape_error",
        "1 if there was an error while getting container metrics, 0 otherwise",
        stabilityLevel=ALPHA,
        deprecatedVersion="1.29.0",
    )
    resourceScrapeErrorResultDesc = Desc(
        "resource_scrape_error",
        "1 if there was an error while getting container metrics, 0 otherwise",
        stabilityLevel=STABLE,
    )
