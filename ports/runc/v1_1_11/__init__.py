"""runc v1.1.11: memory.peak / memory.swap.peak -> MaxUsage on cgroup v2, and SwapOnlyUsage on
both v1 (memsw - mem, which wraps without swap accounting) and v2 (runc #4010, #4131)."""

from __future__ import annotations

from ports import registry
from ports.runc import v1_1_10
from ports.runc.v1_1_11.libcontainer import cgroups
from ports.runc.v1_1_11.libcontainer.cgroups import fs, fs2


@registry.register("runc@v1.1.11")
class Runc(v1_1_10.Runc):
    NAME = "runc@v1.1.11"

    Cgroups = cgroups.Cgroups
    Fs = fs.Fs
    Fs2 = fs2.Fs2
