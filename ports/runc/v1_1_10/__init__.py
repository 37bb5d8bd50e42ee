"""runc v1.1.10: cgroup v1 tolerates a missing memory.kmem.limit_in_bytes (PR #4028), and
cgroups.OpenFile cleans the file name (issue #4103)."""

from __future__ import annotations

from ports import registry
from ports.runc import v1_1_9
from ports.runc.v1_1_10.libcontainer import cgroups
from ports.runc.v1_1_10.libcontainer.cgroups import fs


@registry.register("runc@v1.1.10")
class Runc(v1_1_9.Runc):
    NAME = "runc@v1.1.10"

    Cgroups = cgroups.Cgroups
    Fs = fs.Fs
