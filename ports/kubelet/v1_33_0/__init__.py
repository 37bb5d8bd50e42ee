"""kubelet@v1.33.0 (kubernetes/kubernetes v1.33.0 = 60a317eadfcb839692a68eab88b2096f4d708f4f).

PR #129486 (merged January 2025, in the v1.33 cycle): cadvisorInfoToContainerCPUAndMemoryStats
also sets Swap, so GetCPUAndMemoryStats (what /metrics/resource collects) carries the node's
swap and node_swap_usage_bytes is exposed (issue #129382: before, it never was; the sample is
stamped with s.Memory.Time, as collectNodeSwapMetrics has done since v1.28). KubeletPSI
(alpha, off by default) is not modelled.

The kubernetes tree at this tag is not readable here (the repository is larger than
memsim's fetch limit and its index holds no copy at the tag); each override cites the PR
that CHANGELOG-1.33 lists, and the component versions come from its Dependencies
section (generated from go.mod)."""

from __future__ import annotations

from ports import registry
from ports.cadvisor.v0_47_3.info import v2
from ports.kubelet import v1_32_0
from ports.kubelet.v1_28_3.pkg.apis.stats.v1alpha1 import ContainerStats
from ports.provenance import keeps_formulas, upstream

HELPER = (
    "kubernetes/kubernetes@95f08499d652a6211121d8af35f470609217c730 pkg/kubelet/stats/helper.go"
)


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
