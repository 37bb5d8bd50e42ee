"""Package libcontainer/cgroups/fs2 at runc v1.2.0: fs2.go (Manager exported; PSI in GetStats)
changed and psi.go is new; the memory statistics themselves are v1.1.11's."""

from __future__ import annotations

from ports.runc.v1_1_11.libcontainer.cgroups import fs2 as v1_1_11
from ports.runc.v1_2_0.libcontainer.cgroups.fs2.fs2 import Fs2Go
from ports.runc.v1_2_0.libcontainer.cgroups.fs2.psi import PsiGo


class Fs2(Fs2Go, PsiGo, v1_1_11.Fs2):
    """package fs2"""
