"""Package libcontainer/cgroups/fs at runc v1.1.7 (cgroup v1): fs.go, memory.go, error.go."""

from __future__ import annotations

from ports.runc.api import Package
from ports.runc.v1_1_7.libcontainer.cgroups.fs.error import ErrorGo
from ports.runc.v1_1_7.libcontainer.cgroups.fs.fs import FsGo
from ports.runc.v1_1_7.libcontainer.cgroups.fs.memory import MemoryGo


class Fs(FsGo, MemoryGo, ErrorGo, Package):
    """package fs"""
