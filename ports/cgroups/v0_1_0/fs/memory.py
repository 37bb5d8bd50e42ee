"""fs/memory.go at opencontainers/cgroups v0.1.0: MemoryGroup gets an ID for Manager.Stats'
controller filter (cgroups PR #53); the statistics are unchanged."""

from __future__ import annotations

from ports.provenance import upstream
from ports.runc.v1_1_11.libcontainer.cgroups.fs import memory as runc_v1_1_11
from ports.runc.v1_2_0.libcontainer.cgroups.fs import memory as runc_v1_2_0

_F = "opencontainers/cgroups@v0.1.0 fs/memory.go"


@upstream(f"{_F}:26-26")
class MemoryGroup(runc_v1_1_11.MemoryGroup):
    __slots__ = ()

    @upstream(f"{_F}:33-35")
    def id(self) -> int:
        """ID returns the controller ID for memory subsystem."""
        return int(self.pkg.cgroups.Memory)


class MemoryGo(runc_v1_2_0.MemoryGo):
    MemoryGroup = MemoryGroup
