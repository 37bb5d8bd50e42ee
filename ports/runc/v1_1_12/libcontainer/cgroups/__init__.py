"""Package libcontainer/cgroups at runc v1.1.12: file.go changed (cgroupRootHandle, the
CVE-2024-21626 fix); nothing else in the memory statistics changed from v1.1.11."""

from __future__ import annotations

from ports.runc.v1_1_11.libcontainer import cgroups as v1_1_11
from ports.runc.v1_1_12.libcontainer.cgroups.file import FileGo


class Cgroups(FileGo, v1_1_11.Cgroups):
    """package cgroups"""
