"""Package fs at opencontainers/cgroups v0.1.0: fs.go (Stats with a controller filter) and
memory.go (MemoryGroup.ID) changed."""

from __future__ import annotations

from ports.cgroups.v0_0_1 import fs as v0_0_1
from ports.cgroups.v0_1_0.fs.fs import FsGo
from ports.cgroups.v0_1_0.fs.memory import MemoryGo


class Fs(FsGo, MemoryGo, v0_0_1.Fs):
    """package fs"""
