"""Package libcontainer/cgroups/fs2 at runc v1.1.11: memory.go changed (memory.peak,
SwapOnlyUsage)."""

from __future__ import annotations

from ports.runc.v1_1_9.libcontainer.cgroups import fs2 as v1_1_9
from ports.runc.v1_1_11.libcontainer.cgroups.fs2.memory import MemoryGo


class Fs2(MemoryGo, v1_1_9.Fs2):
    """package fs2"""
