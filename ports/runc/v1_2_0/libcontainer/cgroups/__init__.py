"""Package libcontainer/cgroups at runc v1.2.0: file.go (ProcThreadSelf), stats.go (PSI, misc)
and utils.go (IsCgroup2UnifiedMode no longer panics) changed."""

from __future__ import annotations

from ports.runc.v1_1_12.libcontainer import cgroups as v1_1_12
from ports.runc.v1_2_0.libcontainer.cgroups.file import FileGo
from ports.runc.v1_2_0.libcontainer.cgroups.stats import StatsGo
from ports.runc.v1_2_0.libcontainer.cgroups.utils import UtilsGo


class Cgroups(FileGo, StatsGo, UtilsGo, v1_1_12.Cgroups):
    """package cgroups"""
