"""Package libcontainer/cgroups/fs at runc v1.2.0: fs.go (Manager exported) and memory.go
(getPageUsageByNUMA uses strings.Cut) changed."""

from __future__ import annotations

from ports.runc.v1_1_11.libcontainer.cgroups import fs as v1_1_11
from ports.runc.v1_2_0.libcontainer.cgroups.fs.fs import FsGo
from ports.runc.v1_2_0.libcontainer.cgroups.fs.memory import MemoryGo


class Fs(FsGo, MemoryGo, v1_1_11.Fs):
    """package fs"""
