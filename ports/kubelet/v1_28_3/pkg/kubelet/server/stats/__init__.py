"""k8s.io/kubernetes@v1.28.3 pkg/kubelet/server/stats/summary.go: the node half of the
Summary (/stats/summary) and of GetCPUAndMemoryStats (what /metrics/resource collects)."""

from __future__ import annotations

from typing import Any

from ports.go import fmt, time
from ports.kubelet.v1_28_3.pkg.apis.stats.v1alpha1 import NodeStats
from ports.provenance import upstream

REF = "kubernetes/kubernetes@v1.28.3 pkg/kubelet/server/stats/summary.go"


class SummaryMixin:
    # summaryProviderImpl.systemBootTime (summary.go:44-67): NewSummaryProvider takes it from
    # util.GetBootTime (now - sysinfo uptime, truncated to the second), the zero time when
    # that fails. The simulator sets it from the node's stated boot time.
    systemBootTime: int = time.ZERO

    @upstream(
        f"{REF}:69-121",
        deviation="node stats only: pods, system containers, fs, network and rlimit are not modelled",
    )
    def Get(self, cadvisor: Any, nodeName: str, updateStats: bool) -> tuple[NodeStats | None, Any]:
        rootStats, err = self.GetCgroupStats(cadvisor, "/", updateStats)  # type: ignore[attr-defined]
        if err is not None:
            return None, fmt.Errorf("failed to get root cgroup stats: %v", err)
        return (
            NodeStats(
                NodeName=nodeName,
                CPU=rootStats.CPU,
                Memory=rootStats.Memory,
                Swap=rootStats.Swap,
                StartTime=self.systemBootTime,
            ),
            None,
        )

    @upstream(f"{REF}:123-154", deviation="node stats only (no pods, no system containers)")
    def GetCPUAndMemoryStats(self, cadvisor: Any, nodeName: str) -> tuple[NodeStats | None, Any]:
        rootStats, err = self.GetCgroupCPUAndMemoryStats(cadvisor, "/", False)  # type: ignore[attr-defined]
        if err is not None:
            return None, fmt.Errorf("failed to get root cgroup stats: %v", err)
        return (
            NodeStats(
                NodeName=nodeName,
                CPU=rootStats.CPU,
                Memory=rootStats.Memory,
                Swap=rootStats.Swap,
                StartTime=rootStats.StartTime,
            ),
            None,
        )
