"""Package libcontainer/cgroups at runc v1.1.7 (the parts the memory statistics use)."""

from __future__ import annotations

from ports.runc.api import Package
from ports.runc.v1_1_7.libcontainer.cgroups.file import FileGo
from ports.runc.v1_1_7.libcontainer.cgroups.stats import StatsGo
from ports.runc.v1_1_7.libcontainer.cgroups.utils import UtilsGo
from ports.runc.v1_1_7.libcontainer.cgroups.v1_utils import V1UtilsGo


class Cgroups(FileGo, StatsGo, UtilsGo, V1UtilsGo, Package):
    """package cgroups"""
