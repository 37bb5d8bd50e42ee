"""opencontainers/cgroups v0.0.1 (afa9f8f3e67258a4777ec48e7949f961dfb791da), the first release
after the split from runc, as cAdvisor v0.52.1 / Kubernetes v1.33.0 vendor it. Derived from
runc v1.2.1 (whose ported code is v1.2.0's): the stricter ParseKeyValue and the unified
GetCgroupParam* (runc PR #4470), filepath.Clean in openFile, NewManager's error naming
cgroups.Resources, and internal/path for the default cgroup v2 directory. stats.go is runc
v1.2.0's, byte for byte. JSON is omitempty.

Package cgroups is the repository root; its Cgroup/Resources configs (config_linux.go) are the
runc configs ports, exposed as `configs` as in every version.
"""

from __future__ import annotations

from typing import ClassVar

from ports import registry
from ports.cgroups.v0_0_1 import fs, fs2, fscommon
from ports.cgroups.v0_0_1.file import FileGo
from ports.cgroups.v0_0_1.internal.path import Path
from ports.runc import v1_2_1 as runc_v1_2_1
from ports.runc.v1_2_0.libcontainer import cgroups as runc_cgroups


class Cgroups(FileGo, runc_cgroups.Cgroups):
    """package cgroups: file.go changed."""


@registry.register("cgroups@v0.0.1")
class Version(runc_v1_2_1.Runc):
    NAME = "cgroups@v0.0.1"
    EXTRA_PACKAGES: ClassVar[dict[str, str]] = {"internal_path": "InternalPath"}

    Cgroups = Cgroups
    Fscommon = fscommon.Fscommon
    Fs = fs.Fs
    Fs2 = fs2.Fs2
    InternalPath = Path
