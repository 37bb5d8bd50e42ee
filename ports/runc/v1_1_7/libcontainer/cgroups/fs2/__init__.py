"""Package libcontainer/cgroups/fs2 at runc v1.1.7 (cgroup v2): fs2.go, memory.go,
defaultpath.go."""

from __future__ import annotations

from ports.runc.api import Package
from ports.runc.v1_1_7.libcontainer.cgroups.fs2.defaultpath import DefaultpathGo
from ports.runc.v1_1_7.libcontainer.cgroups.fs2.fs2 import Fs2Go
from ports.runc.v1_1_7.libcontainer.cgroups.fs2.memory import MemoryGo


class Fs2(Fs2Go, MemoryGo, DefaultpathGo, Package):
    """package fs2"""
