"""Package fscommon at opencontainers/cgroups v0.1.0: utils.go changed (SplitSeq)."""

from __future__ import annotations

from ports.cgroups.v0_0_1 import fscommon as v0_0_1
from ports.cgroups.v0_1_0.fscommon.utils import UtilsGo


class Fscommon(UtilsGo, v0_0_1.Fscommon):
    """package fscommon"""
