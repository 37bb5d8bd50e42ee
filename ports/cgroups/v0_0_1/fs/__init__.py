"""Package fs at opencontainers/cgroups v0.0.1: fs.go changed (NewManager's error text);
memory.go's statistics are runc v1.2.0's."""

from __future__ import annotations

from ports.cgroups.v0_0_1.fs.fs import FsGo
from ports.runc.v1_2_0.libcontainer.cgroups import fs as runc_v1_2_0


class Fs(FsGo, runc_v1_2_0.Fs):
    """package fs"""
