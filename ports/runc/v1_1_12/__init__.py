"""runc v1.1.12 (opencontainers/runc 51d5e94601ceffbbd85688df1c928ecccbfa4685), as Kubernetes
v1.30.0 vendors it: the memory statistics are v1.1.11's; file.go carries the CVE-2024-21626 fix
(the /sys/fs/cgroup handle is an *os.File opened O_CLOEXEC). `git diff v1.1.11 v1.1.12` over
the ported files touches file.go only."""

from __future__ import annotations

from ports import registry
from ports.runc import v1_1_11
from ports.runc.v1_1_12.libcontainer import cgroups


@registry.register("runc@v1.1.12")
class Runc(v1_1_11.Runc):
    NAME = "runc@v1.1.12"

    Cgroups = cgroups.Cgroups
