"""Package libcontainer/cgroups at runc v1.1.10: file.go changed (OpenFile cleans the name)."""

from __future__ import annotations

from ports.runc.v1_1_7.libcontainer import cgroups as v1_1_7
from ports.runc.v1_1_10.libcontainer.cgroups.file import FileGo


class Cgroups(FileGo, v1_1_7.Cgroups):
    """package cgroups"""
