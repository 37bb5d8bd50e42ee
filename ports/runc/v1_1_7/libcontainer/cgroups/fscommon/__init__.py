"""Package libcontainer/cgroups/fscommon at runc v1.1.7 (utils.go; rdma.go is outside memsim)."""

from __future__ import annotations

from ports.runc.api import Package
from ports.runc.v1_1_7.libcontainer.cgroups.fscommon.utils import ParseError, UtilsGo


class Fscommon(UtilsGo, Package):
    """package fscommon"""

    ParseError = ParseError
