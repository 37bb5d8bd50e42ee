"""runc's cgroup memory statistics (libcontainer/cgroups: fs for v1, fs2 for v2), ported at
every version that changed them. opencontainers/cgroups, where the code lives since runc
1.3.0, is ported in ports.cgroups on top of these.

    R = registry.get("runc@v1.1.7")()      # or ports.runc.get("1.1.7")()
    R.memory_stats("/sys/fs/cgroup/kubepods.slice")   # (MemoryStats, err)
"""

from __future__ import annotations

import re
from typing import Any

from ports import registry

# importing a version registers it
from ports.runc import (  # noqa: F401
    v1_1_7,
    v1_1_9,
    v1_1_10,
    v1_1_11,
    v1_1_12,
    v1_1_13,
    v1_1_15,
    v1_2_0,
    v1_2_1,
)

_SPEC = re.compile(r"^(?:(?P<project>runc|cgroups)[@-])?v?(?P<version>\d+\.\d+\.\d+)$")


def resolve(spec: str) -> str:
    """The registry name for a version spec: "1.1.7", "v1.1.7", "runc@v1.1.7", "runc-1.1.7"
    -> "runc@v1.1.7"; "cgroups-0.1.0", "cgroups@v0.1.0" -> "cgroups@v0.1.0"."""
    m = _SPEC.match(spec.strip())
    if not m:
        raise KeyError(f"bad version {spec!r}: want like 1.1.7, v1.1.7 or cgroups-0.1.0")
    return f"{m['project'] or 'runc'}@v{m['version']}"


def get(spec: str) -> Any:
    """The version class for a spec (see resolve)."""
    return registry.get(resolve(spec))


def versions() -> list[str]:
    """Every ported runc and opencontainers/cgroups version, oldest first."""

    def key(name: str) -> tuple[int, ...]:
        project, _, tag = name.partition("@")
        return (project == "cgroups", *map(int, tag[1:].split(".")))

    return sorted(registry.names("runc") + registry.names("cgroups"), key=key)
