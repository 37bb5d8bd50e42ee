"""Package fs2 at opencontainers/cgroups v0.1.0: fs2.go changed (Stats with a controller
filter); the memory statistics are runc v1.2.0's (= v1.1.11's)."""

from __future__ import annotations

from ports.cgroups.v0_0_1 import fs2 as v0_0_1
from ports.cgroups.v0_1_0.fs2.fs2 import Fs2Go


class Fs2(Fs2Go, v0_0_1.Fs2):
    """package fs2"""
