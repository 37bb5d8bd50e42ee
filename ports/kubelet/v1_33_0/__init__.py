"""kubelet@v1.33.0 (kubernetes/kubernetes v1.33.0 = 60a317eadfcb839692a68eab88b2096f4d708f4f).

PR #129486 (merged January 2025, in the v1.33 cycle): cadvisorInfoToContainerCPUAndMemoryStats
also sets Swap, so GetCPUAndMemoryStats (what /metrics/resource collects) carries the node's
swap and node_swap_usage_bytes is exposed (issue #129382: before, it never was). The swap
sample's timestamp (s.Memory.Time) is taken with it; the newest readable resource_metrics.go
has it, the exact release it came in is not established, and before this release the sample
was never written. KubeletPSI (alpha, off by default) is not modelled.

The kubernetes tree at this tag is not readable here (the repository is larger than
memsim's fetch limit and its index holds no copy at the tag); each override cites the PR
that CHANGELOG-1.33 lists, and the component versions come from its Dependencies
section (generated from go.mod)."""

from __future__ import annotations

from ports import registry
from ports.cadvisor.v0_47_3.info import v2
from ports.component_base.v0_28_3.metrics import Sample
from ports.kubelet import v1_32_0
from ports.kubelet.v1_28_3.pkg.apis.stats.v1alpha1 import ContainerStats, NodeStats
from ports.provenance import keeps_formulas, upstream

HELPER = (
    "kubernetes/kubernetes@95f08499d652a6211121d8af35f470609217c730 pkg/kubelet/stats/helper.go"
)
RM = "kubernetes/kubernetes@019a71ab693999e67040c1feb8e6f96ead3a0100 pkg/kubelet/metrics/collectors/resource_metrics.go"


@registry.register("kubelet@v1.33.0")
class Kubelet(v1_32_0.Kubelet):
    TAG = "v1.33.0"
    COMMIT = "60a317eadfcb839692a68eab88b2096f4d708f4f"
    VERSION = "v1.33.0"

    @upstream(f"{HELPER}:155-167", deviation="read at the newest readable commit (see the module)")
    @keeps_formulas
    def cadvisorInfoToContainerCPUAndMemoryStats(
        self, name: str, info: v2.ContainerInfo
    ) -> ContainerStats:
        result = super().cadvisorInfoToContainerCPUAndMemoryStats(name, info)
        # new (PR #129486): Swap is set on this path too
        result.Swap = self.cadvisorInfoToSwapStats(info)
        return result

    @upstream(f"{RM}:219-226", deviation="read at the newest readable commit (see the module)")
    def collectNodeSwapMetrics(self, ch: list[Sample], s: NodeStats) -> None:
        if s.Swap is None or s.Swap.SwapUsageBytes is None:
            return
        # the swap sample is stamped with s.Memory.Time (not s.Swap.Time)
        assert s.Memory is not None
        ch.append(
            Sample(
                self.nodeSwapUsageDesc, "gauge", float(s.Swap.SwapUsageBytes), time=s.Memory.Time
            )
        )
