"""github.com/google/cadvisor@v0.47.3 container/libcontainer/handler.go: GetStats and the
memory setters (setMemoryStats is the working-set formula)."""

from __future__ import annotations

from typing import Any

from ports.cadvisor.v0_47_3.container.libcontainer.helpers import UnifiedMountpoint
from ports.cadvisor.v0_47_3.info import v1
from ports.go.builtin import uint64
from ports.provenance import formula, upstream

REF = "google/cadvisor@v0.47.3 container/libcontainer/handler.go"


class Handler:
    """*libcontainer.Handler: the cgroup manager, the included metrics, and the package whose
    functions it calls (so a later version's overrides reach it)."""

    def __init__(self, pkg: Any, cgroupManager: Any, pid: int, includedMetrics: set[str]) -> None:
        self.pkg = pkg
        self.cgroupManager = cgroupManager
        self.pid = pid
        self.includedMetrics = includedMetrics
        self.ignored_error: Any = None  # what klog.V(4) would have logged

    @upstream(
        f"{REF}:76-193",
        deviation="scheduler, referenced-memory, network, process and TCP stats are not "
        "modelled (memsim models memory); the ignored root error is kept on the handler",
    )
    def GetStats(self) -> tuple[v1.ContainerStats | None, Any]:
        return self.pkg.handler_get_stats(self)


class HandlerMixin:
    root: Any

    @formula(
        "ignored error", "v2 root: GetStats logs the manager's error and keeps the partial stats"
    )
    def handler_get_stats(self, h: Handler) -> tuple[v1.ContainerStats | None, Any]:
        # (h *Handler) GetStats, handler.go:76-96
        ignoreStatsError = False
        if self.root.runc.cgroups.is_cgroup2_unified_mode():  # noqa: SIM102 (upstream's shape)
            if h.cgroupManager.path("") == UnifiedMountpoint:
                ignoreStatsError = True
        cgroupStats, err = h.cgroupManager.get_stats()
        if err is not None:
            if not ignoreStatsError:
                return None, err
            h.ignored_error = err
        return self.newContainerStats(cgroupStats, h.includedMetrics), None

    @upstream(f"{REF}:801-845")
    @formula("Memory.Usage", "runc Usage.Usage")
    @formula("Memory.WorkingSet", "Usage - {key} = {Usage} - {inactive}{floored}")
    @formula(
        "Memory.WorkingSet without inactive", "no {key}: the working set is the whole Usage {Usage}"
    )
    @formula("Memory.Swap", "SwapUsage.Usage - Usage.Usage = {swap} - {Usage}{wrapped}")
    @formula("Memory.RSS", "memory.stat {rss_key}")
    def setMemoryStats(self, s: Any, ret: v1.ContainerStats) -> None:
        m = s.memory_stats
        mem = ret.Memory
        assert mem is not None
        mem.Usage = m.usage.usage
        mem.MaxUsage = m.usage.max_usage
        mem.Failcnt = m.usage.failcnt
        self.setMemoryStatsKernel(m, mem)
        st = m.stats or {}  # a nil map reads as empty
        if self.root.runc.cgroups.is_cgroup2_unified_mode():
            mem.Cache = st.get("file", 0)
            mem.RSS = st.get("anon", 0)
            # uint64 subtraction: wraps when runc's SwapUsage is swap-only (pre-1.1.9 v2 root)
            mem.Swap = uint64(m.swap_usage.usage - m.usage.usage)
            mem.MappedFile = st.get("file_mapped", 0)
        elif m.use_hierarchy:
            mem.Cache = st.get("total_cache", 0)
            mem.RSS = st.get("total_rss", 0)
            mem.Swap = st.get("total_swap", 0)
            mem.MappedFile = st.get("total_mapped_file", 0)
        else:
            mem.Cache = st.get("cache", 0)
            mem.RSS = st.get("rss", 0)
            mem.Swap = st.get("swap", 0)
            mem.MappedFile = st.get("mapped_file", 0)
        if "pgfault" in st:
            mem.ContainerData.Pgfault = st["pgfault"]
            mem.HierarchicalData.Pgfault = st["pgfault"]
        if "pgmajfault" in st:
            mem.ContainerData.Pgmajfault = st["pgmajfault"]
            mem.HierarchicalData.Pgmajfault = st["pgmajfault"]
        self.setMemoryStatsExtra(st, mem)
        inactiveFileKeyName = "total_inactive_file"
        if self.root.runc.cgroups.is_cgroup2_unified_mode():
            inactiveFileKeyName = "inactive_file"
        workingSet = mem.Usage
        if inactiveFileKeyName in st:
            v = st[inactiveFileKeyName]
            self.setMemoryStatsInactive(v, mem)
            workingSet = 0 if workingSet < v else workingSet - v
        mem.WorkingSet = workingSet

    # Hooks for the lines later versions add inside setMemoryStats; empty at v0.47.3.
    def setMemoryStatsKernel(self, m: Any, mem: v1.MemoryStats) -> None:
        pass

    def setMemoryStatsExtra(self, st: dict[str, int], mem: v1.MemoryStats) -> None:
        pass

    def setMemoryStatsInactive(self, v: int, mem: v1.MemoryStats) -> None:
        pass

    @upstream(f"{REF}:851-857")
    def getNumaStats(self, memoryStats: dict[int, int]) -> dict[int, int]:
        return dict(memoryStats or {})

    @upstream(f"{REF}:859-867")
    def setMemoryNumaStats(self, s: Any, ret: v1.ContainerStats) -> None:
        mem = ret.Memory
        assert mem is not None
        numa = s.memory_stats.page_usage_by_numa
        mem.ContainerData.NumaStats.File = self.getNumaStats(numa.file.nodes)
        mem.ContainerData.NumaStats.Anon = self.getNumaStats(numa.anon.nodes)
        mem.ContainerData.NumaStats.Unevictable = self.getNumaStats(numa.unevictable.nodes)
        h = numa.hierarchical
        mem.HierarchicalData.NumaStats.File = self.getNumaStats(h.file.nodes)
        mem.HierarchicalData.NumaStats.Anon = self.getNumaStats(h.anon.nodes)
        mem.HierarchicalData.NumaStats.Unevictable = self.getNumaStats(h.unevictable.nodes)

    @upstream(
        f"{REF}:910-935",
        deviation="Timestamp is the simulated clock (root.now), not time.Now(); the CPU "
        "setter copies only the cumulative usage, from the stated synthetic CPU input",
    )
    def newContainerStats(self, s: Any, includedMetrics: set[str]) -> v1.ContainerStats:
        ret = self.new_stats_value()
        if s is not None:
            self.setCPUStats(s, ret)
            self.setMemoryStats(s, ret)
            if "memory_numa" in includedMetrics:
                self.setMemoryNumaStats(s, ret)
        return ret

    def new_stats_value(self) -> v1.ContainerStats:
        # v0.47.3: Cpu and Memory are struct values, always present
        return v1.ContainerStats(Timestamp=self.root.now)

    def setCPUStats(self, s: Any, ret: v1.ContainerStats) -> None:
        # handler.go:771-788 copies s.CpuStats.CpuUsage; memsim's CPU is synthetic (root.cpu_total)
        if ret.Cpu is not None:
            ret.Cpu.Usage.Total = self.root.cpu_total
