"""opencontainers/cgroups: runc's libcontainer/cgroups after it left runc (runc >= 1.3.0 uses
it). Ported on top of ports.runc: cgroups@v0.0.1 derives from runc@v1.2.1, each later tag from
the one before (v0.0.3, v0.0.5 (what Debian sid ships), v0.0.6, v0.1.0). The directories
mirror the cgroups repo (its root is package cgroups)."""

from __future__ import annotations

# importing a version registers it
from ports.cgroups import v0_0_1, v0_0_3, v0_0_5, v0_0_6, v0_1_0  # noqa: F401
