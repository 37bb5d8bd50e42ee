"""libcontainer/configs/cgroup_linux.go at runc v1.1.7: the Cgroup and Resources configs,
with the fields the memory-statistics paths read (the resource limits are outside memsim)."""

from __future__ import annotations

from dataclasses import dataclass

from ports.provenance import upstream
from ports.runc.api import Package

_F = "opencontainers/runc@v1.1.7 libcontainer/configs/cgroup_linux.go"

_FIELDS = "only the fields the managers' NewManager/GetStats read are ported"


@upstream(f"{_F}:53-158", deviation=_FIELDS)
@dataclass
class Resources:
    # Unified is cgroupv2-only key-value map.
    unified: dict[str, str] | None = None


@upstream(f"{_F}:17-51", deviation=_FIELDS)
@dataclass
class Cgroup:
    """Cgroup holds properties of a cgroup on Linux. Go embeds *Resources; here it is the
    `resources` field (None is nil)."""

    # Name specifies the name of the cgroup
    name: str = ""
    # Parent specifies the name of parent of cgroup or slice
    parent: str = ""
    # Path specifies the path to cgroups that are created and/or joined by the container.
    path: str = ""
    # ScopePrefix describes prefix for the scope name
    scope_prefix: str = ""
    # Resources contains various cgroups settings to apply
    resources: Resources | None = None
    # Systemd tells if systemd should be used to manage cgroups.
    systemd: bool = False
    # Rootless tells if rootless cgroups should be used.
    rootless: bool = False


class CgroupLinuxGo(Package):
    Cgroup = Cgroup
    Resources = Resources
