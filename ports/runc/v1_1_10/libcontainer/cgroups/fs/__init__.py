"""Package libcontainer/cgroups/fs at runc v1.1.10: memory.go changed (kmem limit optional)."""

from __future__ import annotations

from ports.runc.v1_1_7.libcontainer.cgroups import fs as v1_1_7
from ports.runc.v1_1_10.libcontainer.cgroups.fs.memory import MemoryGo


class Fs(MemoryGo, v1_1_7.Fs):
    """package fs"""
