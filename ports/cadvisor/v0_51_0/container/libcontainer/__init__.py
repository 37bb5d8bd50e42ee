"""google/cadvisor@v0.51.0 container/libcontainer/handler.go: setMemoryStats keeps the active
and inactive file counters it reads (TotalActiveFile, TotalInactiveFile; PR #3495). The working
set is unchanged. The file's other hunks since v0.49.0: newContainerStats takes the
cgroups.Stats itself (libcontainer.Stats and its network interfaces are gone), which memsim's
port already did, as it models no network."""

from __future__ import annotations

from ports.cadvisor.v0_47_3.info import v1
from ports.cadvisor.v0_48_1.container.libcontainer import Libcontainer as Base
from ports.provenance import keeps_formulas, upstream

REF = "google/cadvisor@v0.51.0 container/libcontainer/handler.go"


class Libcontainer(Base):
    @upstream(f"{REF}:797-852")
    @keeps_formulas
    def setMemoryStats(self, s: object, ret: v1.ContainerStats) -> None:
        super().setMemoryStats(s, ret)

    def setMemoryStatsExtra(self, st: dict[str, int], mem: v1.MemoryStats) -> None:
        # handler.go:833-840 (new): TotalActiveFile from active_file (v2) or total_active_file
        super().setMemoryStatsExtra(st, mem)
        activeFileKeyName = "total_active_file"
        if self.root.runc.cgroups.is_cgroup2_unified_mode():
            activeFileKeyName = "active_file"
        if activeFileKeyName in st:
            mem.TotalActiveFile = st[activeFileKeyName]

    def setMemoryStatsInactive(self, v: int, mem: v1.MemoryStats) -> None:
        # handler.go:844 (new): ret.Memory.TotalInactiveFile = v
        super().setMemoryStatsInactive(v, mem)
        mem.TotalInactiveFile = v
