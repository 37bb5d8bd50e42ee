"""Package libcontainer/cgroups/fs at runc v1.1.11: memory.go changed (SwapOnlyUsage)."""

from __future__ import annotations

from ports.runc.v1_1_10.libcontainer.cgroups import fs as v1_1_10
from ports.runc.v1_1_11.libcontainer.cgroups.fs.memory import MemoryGo


class Fs(MemoryGo, v1_1_10.Fs):
    """package fs"""
