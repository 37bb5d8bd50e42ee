"""runc v1.1.7: what Kubernetes 1.28 vendors; the memory code is identical to v1.1.5 (Debian
bookworm's runc). Pre-fix: the cgroup v2 root usage is MemTotal - MemFree from /proc/meminfo.

This is the full port; every later version subclasses the one before.
"""

from __future__ import annotations

from ports import registry
from ports.runc.api import Version
from ports.runc.v1_1_7.libcontainer import configs, utils
from ports.runc.v1_1_7.libcontainer.cgroups import Cgroups, fs, fs2, fscommon


@registry.register("runc@v1.1.7")
class Runc(Version):
    NAME = "runc@v1.1.7"
    GO_VERSION = (1, 20)

    Cgroups = Cgroups
    Fscommon = fscommon.Fscommon
    Fs = fs.Fs
    Fs2 = fs2.Fs2
    Utils = utils.Utils
    Configs = configs.Configs
