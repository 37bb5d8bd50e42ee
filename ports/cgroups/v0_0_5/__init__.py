"""opencontainers/cgroups v0.0.5, what Debian sid ships (golang-github-opencontainers-cgroups-dev,
used by the oracle). Derived from runc v1.2.0: the stricter ParseKeyValue and the unified
GetCgroupParam* (runc PR #4470), filepath.Clean in openFile, BurstData in CpuStats, and
internal/path for the default cgroup v2 directory. JSON is still omitempty.

Package cgroups is the repository root; its Cgroup/Resources configs (config_linux.go) are the
runc configs ports, exposed as `configs` as in every version.
"""

from __future__ import annotations

from typing import ClassVar

from ports import registry
from ports.cgroups.v0_0_5 import fs, fs2, fscommon
from ports.cgroups.v0_0_5.file import FileGo
from ports.cgroups.v0_0_5.internal.path import Path
from ports.cgroups.v0_0_5.stats import StatsGo
from ports.runc import v1_2_0 as runc_v1_2_0
from ports.runc.v1_2_0.libcontainer import cgroups as runc_cgroups


class Cgroups(FileGo, StatsGo, runc_cgroups.Cgroups):
    """package cgroups: file.go and stats.go changed."""


@registry.register("cgroups@v0.0.5")
class Version(runc_v1_2_0.Runc):
    NAME = "cgroups@v0.0.5"
    GO_VERSION = (1, 24)
    EXTRA_PACKAGES: ClassVar[dict[str, str]] = {"internal_path": "InternalPath"}

    Cgroups = Cgroups
    Fscommon = fscommon.Fscommon
    Fs = fs.Fs
    Fs2 = fs2.Fs2
    InternalPath = Path
