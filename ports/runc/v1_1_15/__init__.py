"""runc v1.1.15, the last 1.1 release: the memory statistics are v1.1.11's; file.go carries the
CVE-2024-21626 fix of v1.1.12 (the /sys/fs/cgroup handle is an *os.File opened O_CLOEXEC)."""

from __future__ import annotations

from ports import registry
from ports.runc import v1_1_11
from ports.runc.v1_1_15.libcontainer import cgroups


@registry.register("runc@v1.1.15")
class Runc(v1_1_11.Runc):
    NAME = "runc@v1.1.15"
    # runc 1.1.15's own release and Debian trixie's build (the oracle's) use Go >= 1.22,
    # whose encoding/json writes \b and \f short
    GO_VERSION = (1, 23)

    Cgroups = cgroups.Cgroups
