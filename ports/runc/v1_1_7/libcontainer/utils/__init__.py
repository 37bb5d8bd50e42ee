"""Package libcontainer/utils at runc v1.1.7 (CleanPath only)."""

from __future__ import annotations

from ports.runc.api import Package
from ports.runc.v1_1_7.libcontainer.utils.utils import UtilsGo


class Utils(UtilsGo, Package):
    """package utils"""
