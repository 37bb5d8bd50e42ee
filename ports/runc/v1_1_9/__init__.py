"""runc v1.1.9: the cgroup v2 root-usage fix (runc PR #3933, backported as #3977): root usage
= memory.stat anon + file; root swap usage = swap + usage. Only fs2/memory.go changed in the
memory-statistics code since v1.1.7 (v1.1.8 changed none of it)."""

from __future__ import annotations

from ports import registry
from ports.runc import v1_1_7
from ports.runc.v1_1_9.libcontainer.cgroups import fs2


@registry.register("runc@v1.1.9")
class Runc(v1_1_7.Runc):
    NAME = "runc@v1.1.9"

    Fs2 = fs2.Fs2
