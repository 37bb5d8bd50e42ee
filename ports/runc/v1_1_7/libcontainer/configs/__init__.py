"""Package libcontainer/configs at runc v1.1.7 (Cgroup and Resources only)."""

from __future__ import annotations

from ports.runc.api import Package
from ports.runc.v1_1_7.libcontainer.configs.cgroup_linux import CgroupLinuxGo


class Configs(CgroupLinuxGo, Package):
    """package configs"""
