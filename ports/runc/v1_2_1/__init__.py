"""runc v1.2.1 (opencontainers/runc d7735e388ef5eecbd60d93bfbe5afe0f3fbc8a6b), as Kubernetes
v1.32.0 vendors it. `git diff v1.2.0 v1.2.1` over the ported files touches only
libcontainer/cgroups/utils.go ConvertMemorySwapToCgroupV2Value (setting limits, outside the
memory statistics and not ported), so this class only names the version."""

from __future__ import annotations

from ports import registry
from ports.runc import v1_2_0


@registry.register("runc@v1.2.1")
class Runc(v1_2_0.Runc):
    NAME = "runc@v1.2.1"
