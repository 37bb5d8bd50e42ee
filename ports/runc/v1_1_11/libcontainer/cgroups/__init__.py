"""Package libcontainer/cgroups at runc v1.1.11: stats.go changed (SwapOnlyUsage)."""

from __future__ import annotations

from ports.runc.v1_1_10.libcontainer import cgroups as v1_1_10
from ports.runc.v1_1_11.libcontainer.cgroups.stats import StatsGo


class Cgroups(StatsGo, v1_1_10.Cgroups):
    """package cgroups"""
