"""google/cadvisor@v0.48.1 container/libcontainer/handler.go: setMemoryStats gains
`ret.Memory.KernelUsage = s.MemoryStats.KernelUsage.Usage` (PR #3306); the rest of the
v0.47.3..v0.48.1 diff of this file is ioutil removal and ulimit parsing."""

from __future__ import annotations

from typing import Any

from ports.cadvisor.v0_47_3.container.libcontainer import Libcontainer as Base
from ports.cadvisor.v0_47_3.info import v1
from ports.provenance import keeps_formulas, upstream


class Libcontainer(Base):
    @upstream("google/cadvisor@v0.48.1 container/libcontainer/handler.go:801-846")
    @keeps_formulas
    def setMemoryStats(self, s: Any, ret: v1.ContainerStats) -> None:
        super().setMemoryStats(s, ret)

    def setMemoryStatsKernel(self, m: Any, mem: v1.MemoryStats) -> None:
        # handler.go:805 (new): v1 memory.kmem.usage_in_bytes; 0 on v2
        mem.KernelUsage = m.kernel_usage.usage
