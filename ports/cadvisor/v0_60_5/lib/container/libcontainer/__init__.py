"""google/cadvisor@v0.60.5 lib/container/libcontainer/handler.go: the package moved to the
lib/ module; since v0.56.2 setMemoryStats adds the extra v2 memory.stat counters, stats
sub-structs are pointers, and GetStats reads memory.events on v2. The working-set formula is
unchanged."""

from __future__ import annotations

from typing import Any

from ports.cadvisor.v0_47_3.info import v1
from ports.cadvisor.v0_52_1.container.libcontainer import Libcontainer as Base
from ports.provenance import keeps_formulas, upstream

REF = "google/cadvisor@v0.60.5 lib/container/libcontainer/handler.go"


class Libcontainer(Base):
    @upstream(f"{REF}:76-98")
    @keeps_formulas
    def handler_get_stats(self, h: Any) -> tuple[v1.ContainerStats | None, Any]:
        stats, err = super().handler_get_stats(h)
        if err is not None or stats is None:
            return stats, err
        # new: on v2, memory.events high/max
        if self.root.runc.cgroups.is_cgroup2_unified_mode():
            self.setMemoryEvents(h.cgroupManager.path(""), stats)
        return stats, None

    @upstream(f"{REF}:820-900")
    @keeps_formulas
    def setMemoryStats(self, s: Any, ret: v1.ContainerStats) -> None:
        if ret.Memory is None:
            ret.Memory = v1.MemoryStats()
        super().setMemoryStats(s, ret)

    def setMemoryStatsExtra(self, st: dict[str, int], mem: v1.MemoryStats) -> None:
        # L855-874: filled only if the key exists (in practice cgroup v2)
        for key, attr in (
            ("file_dirty", "FileDirty"),
            ("file_writeback", "FileWriteback"),
            ("pgscan", "Pgscan"),
            ("pgsteal", "Pgsteal"),
            ("workingset_refault_file", "WorkingsetRefaultFile"),
            ("workingset_refault_anon", "WorkingsetRefaultAnon"),
        ):
            if key in st:
                setattr(mem, attr, st[key])
        # L876-888: TotalActiveFile, as since v0.51.0
        super().setMemoryStatsExtra(st, mem)

    @upstream(f"{REF}:902-912")
    def setMemoryEvents(self, cgroupPath: str, ret: v1.ContainerStats) -> None:
        if ret.Memory is None:
            ret.Memory = v1.MemoryStats()
        # fscommon is the vendored cgroup library's (opencontainers/cgroups; the stack's
        # runc component): GetValueByKey opens the file once per key, as upstream does
        fscommon = self.root.runc.fscommon
        val, err = fscommon.get_value_by_key(cgroupPath, "memory.events", "high")
        if err is None:
            ret.Memory.Events.High = val
        val, err = fscommon.get_value_by_key(cgroupPath, "memory.events", "max")
        if err is None:
            ret.Memory.Events.Max = val

    @upstream(f"{REF}:977-1003")
    def new_stats_value(self) -> v1.ContainerStats:
        # Cpu and Memory are pointers, allocated up front ("always collected")
        return v1.ContainerStats(
            Timestamp=self.root.now, Cpu=v1.CpuStats(), Memory=v1.MemoryStats()
        )
