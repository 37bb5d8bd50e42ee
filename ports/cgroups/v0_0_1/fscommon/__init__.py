"""Package fscommon at opencontainers/cgroups v0.0.1: utils.go changed."""

from __future__ import annotations

from ports.cgroups.v0_0_1.fscommon.utils import UtilsGo
from ports.runc.v1_1_7.libcontainer.cgroups import fscommon as runc_v1_1_7


class Fscommon(UtilsGo, runc_v1_1_7.Fscommon):
    """package fscommon"""
