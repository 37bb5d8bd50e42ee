"""Package fs2 at opencontainers/cgroups v0.0.1: psi.go and defaultpath.go changed; the memory
statistics are runc v1.2.0's."""

from __future__ import annotations

from ports.cgroups.v0_0_1.fs2.defaultpath import DefaultpathGo
from ports.cgroups.v0_0_1.fs2.psi import PsiGo
from ports.runc.v1_2_0.libcontainer.cgroups import fs2 as runc_v1_2_0


class Fs2(PsiGo, DefaultpathGo, runc_v1_2_0.Fs2):
    """package fs2"""
