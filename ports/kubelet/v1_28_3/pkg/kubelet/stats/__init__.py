"""k8s.io/kubernetes@v1.28.3 pkg/kubelet/stats (helper.go, provider.go): node stats from
cAdvisor's root container."""

from __future__ import annotations

from typing import Any

from ports.cadvisor.v0_47_3.info import v2
from ports.go import fmt
from ports.go.builtin import uint64
from ports.kubelet.v1_28_3.pkg.apis.stats.v1alpha1 import (
    ContainerStats,
    CPUStats,
    MemoryStats,
    SwapStats,
)
from ports.provenance import formula, upstream

REF = "kubernetes/kubernetes@v1.28.3 pkg/kubelet/stats"


class StatsMixin:
    @upstream(f"{REF}/helper.go:38-81")
    @formula("node.memory.workingSetBytes", "cAdvisor Memory.WorkingSet")
    @formula("node.memory.usageBytes", "cAdvisor Memory.Usage")
    @formula(
        "node.memory.availableBytes",
        "Spec.Memory.Limit - workingSet = {limit} - {working_set} (limit <= 2^62; uint64, not clamped)",
    )
    @formula("node.memory.availableBytes omitted", "omitted (no limit, or > 2^62)")
    def cadvisorInfoToCPUandMemoryStats(
        self, info: v2.ContainerInfo
    ) -> tuple[CPUStats | None, MemoryStats | None]:
        cstat, found = self.latestContainerStats(info)
        if not found:
            return None, None
        assert cstat is not None
        cpuStats = self.new_cpu_stats(cstat)
        if info.Spec.HasCpu:
            if cstat.CpuInst is not None:
                cpuStats.UsageNanoCores = cstat.CpuInst.Total
            if cstat.Cpu is not None:
                cpuStats.UsageCoreNanoSeconds = cstat.Cpu.Usage.Total
        if info.Spec.HasMemory and cstat.Memory is not None:
            m = cstat.Memory
            memoryStats = MemoryStats(
                Time=cstat.Timestamp,
                UsageBytes=m.Usage,
                WorkingSetBytes=m.WorkingSet,
                RSSBytes=m.RSS,
                PageFaults=m.ContainerData.Pgfault,
                MajorPageFaults=m.ContainerData.Pgmajfault,
            )
            # availableBytes = memory limit (if known) - workingset; uint64, not clamped
            if not self.isMemoryUnlimited(info.Spec.Memory.Limit):
                memoryStats.AvailableBytes = uint64(info.Spec.Memory.Limit - m.WorkingSet)
        else:
            memoryStats = MemoryStats(Time=cstat.Timestamp, WorkingSetBytes=0)
        return cpuStats, memoryStats

    def new_cpu_stats(self, cstat: v2.ContainerStats) -> CPUStats:
        # helper.go:46-50: UsageNanoCores and UsageCoreNanoSeconds start as pointers to 0
        return CPUStats(Time=cstat.Timestamp, UsageNanoCores=0, UsageCoreNanoSeconds=0)

    @upstream(
        f"{REF}/helper.go:85-147",
        deviation="memory, CPU and swap only (no fs, network, accelerators, custom metrics)",
    )
    def cadvisorInfoToContainerStats(self, name: str, info: v2.ContainerInfo) -> ContainerStats:
        result = ContainerStats(Name=name, StartTime=info.Spec.CreationTime)
        _cstat, found = self.latestContainerStats(info)
        if not found:
            return result
        result.CPU, result.Memory = self.cadvisorInfoToCPUandMemoryStats(info)
        result.Swap = self.cadvisorInfoToSwapStats(info)
        return result

    @upstream(f"{REF}/helper.go:149-160")
    def cadvisorInfoToContainerCPUAndMemoryStats(
        self, name: str, info: v2.ContainerInfo
    ) -> ContainerStats:
        result = ContainerStats(Name=name, StartTime=info.Spec.CreationTime)
        result.CPU, result.Memory = self.cadvisorInfoToCPUandMemoryStats(info)
        return result

    @upstream(f"{REF}/helper.go:261-282")
    def cadvisorInfoToSwapStats(self, info: v2.ContainerInfo) -> SwapStats | None:
        cstat, found = self.latestContainerStats(info)
        if not found:
            return None
        assert cstat is not None
        swapStats = None
        if info.Spec.HasMemory and cstat.Memory is not None:
            swapStats = SwapStats(Time=cstat.Timestamp, SwapUsageBytes=cstat.Memory.Swap)
            if not self.isMemoryUnlimited(info.Spec.Memory.SwapLimit):
                swapStats.SwapAvailableBytes = uint64(
                    info.Spec.Memory.SwapLimit - cstat.Memory.Swap
                )
        return swapStats

    @upstream(f"{REF}/helper.go:285-295")
    def latestContainerStats(self, info: v2.ContainerInfo) -> tuple[v2.ContainerStats | None, bool]:
        stats = info.Stats
        if len(stats) < 1:
            return None, False
        latest = stats[-1]
        if latest is None:
            return None, False
        return latest, True

    @upstream(f"{REF}/helper.go:297-304")
    def isMemoryUnlimited(self, v: int) -> bool:
        maxMemorySize = 1 << 62
        return v > maxMemorySize

    @upstream(f"{REF}/helper.go:308-328")
    def getCgroupInfo(
        self, cadvisor: Any, containerName: str, updateStats: bool
    ) -> tuple[v2.ContainerInfo | None, Any]:
        maxAge = 0 if updateStats else None
        infoMap, err = cadvisor.ContainerInfoV2(
            containerName, {"IdType": "name", "Count": 2, "Recursive": False, "MaxAge": maxAge}
        )
        if err is not None:
            return None, fmt.Errorf("failed to get container info for %q: %v", containerName, err)
        if len(infoMap) != 1:
            return None, fmt.Errorf("unexpected number of containers: %v", len(infoMap))
        return infoMap[containerName], None

    @upstream(f"{REF}/provider.go:113-122", deviation="network stats are not modelled")
    def GetCgroupStats(
        self, cadvisor: Any, cgroupName: str, updateStats: bool
    ) -> tuple[ContainerStats | None, Any]:
        info, err = self.getCgroupInfo(cadvisor, cgroupName, updateStats)
        if err is not None:
            return None, fmt.Errorf("failed to get cgroup stats for %q: %v", cgroupName, err)
        assert info is not None
        return self.cadvisorInfoToContainerStats(cgroupName, info), None

    @upstream(f"{REF}/provider.go:126-134")
    def GetCgroupCPUAndMemoryStats(
        self, cadvisor: Any, cgroupName: str, updateStats: bool
    ) -> tuple[ContainerStats | None, Any]:
        info, err = self.getCgroupInfo(cadvisor, cgroupName, updateStats)
        if err is not None:
            return None, fmt.Errorf("failed to get cgroup stats for %q: %v", cgroupName, err)
        assert info is not None
        return self.cadvisorInfoToContainerCPUAndMemoryStats(cgroupName, info), None
