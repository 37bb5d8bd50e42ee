"""opencontainers/cgroups v0.0.6 (e0c56cb31dcb3cb2b3d1554b20dd01ced32e2a2b), as cAdvisor
v0.56.2 / Kubernetes v1.36.0 vendor it: v0.0.5 plus the io_cost_* entries in BlkioStats
(stats.go). The other hunk of `git diff v0.0.5 v0.0.6` over the ported files (Resources.PidsLimit
becomes a pointer, config_linux.go) sets limits and is not ported."""

from __future__ import annotations

from ports import registry
from ports.cgroups import v0_0_5
from ports.cgroups.v0_0_3 import Cgroups as Base
from ports.cgroups.v0_0_6.stats import StatsGo


class Cgroups(StatsGo, Base):
    """package cgroups: stats.go changed."""


@registry.register("cgroups@v0.0.6")
class Version(v0_0_5.Version):
    NAME = "cgroups@v0.0.6"

    Cgroups = Cgroups
