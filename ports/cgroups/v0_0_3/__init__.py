"""opencontainers/cgroups v0.0.3 (b970779131d3e4540132ccfb16dc49890491f8d5), as cAdvisor v0.53.0
/ Kubernetes v1.35.0 vendor it: v0.0.1 plus BurstData in CpuStats (stats.go). The other hunks
of `git diff v0.0.1 v0.0.3` over the ported files (numToStr and setMemory in fs2/memory.go,
rmdir, WriteCgroupProc and ConvertCPUSharesToCgroupV2Value in utils.go,
findCgroupMountpointAndRootFromMI, config_linux.go comments) are outside the memory statistics
and not ported."""

from __future__ import annotations

from ports import registry
from ports.cgroups import v0_0_1
from ports.cgroups.v0_0_3.stats import StatsGo


class Cgroups(StatsGo, v0_0_1.Cgroups):
    """package cgroups: stats.go changed."""


@registry.register("cgroups@v0.0.3")
class Version(v0_0_1.Version):
    NAME = "cgroups@v0.0.3"

    Cgroups = Cgroups
