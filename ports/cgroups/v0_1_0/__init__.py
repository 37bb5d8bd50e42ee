"""opencontainers/cgroups v0.1.0: omitzero on every Stats JSON tag (v0.0.7) and Manager.Stats(opts)
with a controller bitmask (GetStats = Stats(nil)). Derived from cgroups v0.0.6."""

from __future__ import annotations

from ports import registry
from ports.cgroups import v0_0_6
from ports.cgroups.v0_1_0 import fs, fs2, fscommon
from ports.cgroups.v0_1_0.stats import StatsGo


class Cgroups(StatsGo, v0_0_6.Cgroups):
    """package cgroups: stats.go changed."""


@registry.register("cgroups@v0.1.0")
class Version(v0_0_6.Version):
    NAME = "cgroups@v0.1.0"

    Cgroups = Cgroups
    Fscommon = fscommon.Fscommon
    Fs = fs.Fs
    Fs2 = fs2.Fs2
