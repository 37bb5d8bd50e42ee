"""runc v1.2.0: the first release with the root-usage fix on main (#3933) and memory.peak
(#4010). For the memory statistics: PSI in the stats structs and in the fs2 manager's GetStats
(statPSI), misc stats, IsCgroup2UnifiedMode without a panic, the managers exported."""

from __future__ import annotations

from ports import registry
from ports.runc import v1_1_15
from ports.runc.v1_2_0.libcontainer import cgroups
from ports.runc.v1_2_0.libcontainer.cgroups import fs, fs2


@registry.register("runc@v1.2.0")
class Runc(v1_1_15.Runc):
    NAME = "runc@v1.2.0"
    GO_VERSION = (1, 22)

    Cgroups = cgroups.Cgroups
    Fs = fs.Fs
    Fs2 = fs2.Fs2
