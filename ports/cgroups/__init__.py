"""opencontainers/cgroups: runc's libcontainer/cgroups after it left runc (runc >= 1.3.0 uses
it). Ported on top of ports.runc: cgroups@v0.0.5 (what Debian sid ships) derives from
runc@v1.2.0, cgroups@v0.1.0 from cgroups@v0.0.5. The directories mirror the cgroups repo
(its root is package cgroups)."""

from __future__ import annotations

# importing a version registers it
from ports.cgroups import v0_0_5, v0_1_0  # noqa: F401
