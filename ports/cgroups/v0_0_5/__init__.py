"""opencontainers/cgroups v0.0.5 (6a793b6ea778415b3c0f7a3d2efdb70c786fad92), what Debian sid
ships (golang-github-opencontainers-cgroups-dev, used by the oracle). Unchanged from v0.0.3 in
every ported function: `git diff v0.0.3 v0.0.5` adds Manager.AddPid to fs/fs.go and
fs2/fs2.go, which memsim does not call. Only the Go that builds it differs."""

from __future__ import annotations

from ports import registry
from ports.cgroups import v0_0_3


@registry.register("cgroups@v0.0.5")
class Version(v0_0_3.Version):
    NAME = "cgroups@v0.0.5"
    GO_VERSION = (1, 24)
