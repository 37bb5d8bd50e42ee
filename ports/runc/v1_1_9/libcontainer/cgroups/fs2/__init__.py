"""Package libcontainer/cgroups/fs2 at runc v1.1.9: memory.go changed (the root-usage fix)."""

from __future__ import annotations

from ports.runc.v1_1_7.libcontainer.cgroups import fs2 as v1_1_7
from ports.runc.v1_1_9.libcontainer.cgroups.fs2.memory import MemoryGo


class Fs2(MemoryGo, v1_1_7.Fs2):
    """package fs2"""
