"""google/cadvisor@v0.52.1 container/libcontainer/handler.go: the cgroup library is
github.com/opencontainers/cgroups (the stack's runc component is a cgroups@ port), and
setMemoryStats copies the memory PSI (setPSIStats, PR #3649). The working set is unchanged."""

from __future__ import annotations

from typing import Any

from ports.cadvisor.v0_47_3.info import v1
from ports.cadvisor.v0_51_0.container.libcontainer import Libcontainer as Base
from ports.provenance import keeps_formulas, upstream

REF = "google/cadvisor@v0.52.1 container/libcontainer/handler.go"


class Libcontainer(Base):
    @upstream(f"{REF}:799-855")
    @keeps_formulas
    def setMemoryStats(self, s: Any, ret: v1.ContainerStats) -> None:
        super().setMemoryStats(s, ret)

    def setMemoryStatsKernel(self, m: Any, mem: v1.MemoryStats) -> None:
        super().setMemoryStatsKernel(m, mem)
        # handler.go:804 (new): setPSIStats(s.MemoryStats.PSI, &ret.Memory.PSI)
        self.setPSIStats(getattr(m, "psi", None), mem.PSI)

    @upstream(f"{REF}:890-897")
    def setPSIData(self, d: Any, ret: v1.PSIData) -> None:
        if d is not None:
            ret.Total = d.total
            ret.Avg10 = d.avg10
            ret.Avg60 = d.avg60
            ret.Avg300 = d.avg300

    @upstream(f"{REF}:899-904")
    def setPSIStats(self, s: Any, ret: v1.PSIStats) -> None:
        if s is not None:
            self.setPSIData(s.full, ret.Full)
            self.setPSIData(s.some, ret.Some)
