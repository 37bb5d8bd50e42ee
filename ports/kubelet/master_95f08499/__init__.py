"""kubelet@master-95f08499: the newest kubelet sources readable here, kubernetes/kubernetes
pkg/kubelet/stats/helper.go at 95f08499d652a6211121d8af35f470609217c730 (has the KubeletPSI
gate, so >= v1.33) and pkg/kubelet/metrics/collectors/resource_metrics.go at
019a71ab693999e67040c1feb8e6f96ead3a0100. Which release tag these commits belong to could not
be established; the newest release is v1.36.3 (0f29094e5b73085e3802ecc1298ecae13866bfe6)."""

from __future__ import annotations

from ports import registry
from ports.cadvisor.v0_47_3.info import v2
from ports.kubelet import v1_29_0
from ports.kubelet.v1_28_3.pkg.apis.stats.v1alpha1 import ContainerStats
from ports.provenance import upstream

HELPER = (
    "kubernetes/kubernetes@95f08499d652a6211121d8af35f470609217c730 pkg/kubelet/stats/helper.go"
)
RM = "kubernetes/kubernetes@019a71ab693999e67040c1feb8e6f96ead3a0100 pkg/kubelet/metrics/collectors/resource_metrics.go"


@registry.register("kubelet@master-95f08499")
class Kubelet(v1_29_0.Kubelet):
    TAG = "master-95f08499"
    COMMIT = "95f08499d652a6211121d8af35f470609217c730"
    VERSION = "v1.36.3"  # the registry version that decides which deprecated metrics hide

    @upstream(f"{HELPER}:155-167")
    def cadvisorInfoToContainerCPUAndMemoryStats(
        self, name: str, info: v2.ContainerInfo
    ) -> ContainerStats:
        result = super().cadvisorInfoToContainerCPUAndMemoryStats(name, info)
        # new: Swap is set on this path too, so /metrics/resource has node_swap_usage_bytes
        result.Swap = self.cadvisorInfoToSwapStats(info)
        return result
