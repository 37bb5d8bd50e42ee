"""libcontainer/cgroups/fs2/fs2.go at runc v1.1.7: the cgroup v2 manager (NewManager, Path,
GetStats)."""

from __future__ import annotations

from typing import Any

from ports.go import fmt, os
from ports.provenance import upstream
from ports.runc.api import Package
from ports.runc.v1_1_7.libcontainer.cgroups.fscommon.utils import ParseError

_F = "opencontainers/runc@v1.1.7 libcontainer/cgroups/fs2/fs2.go"

parseError = ParseError  # type parseError = fscommon.ParseError (l.14)

MEMORY_ONLY = (
    "the memory controller only: pids, io, cpu, hugetlb and rdma are outside memsim and are "
    "treated as succeeding with no stats (statPids, which appends even a not-exist error, "
    "included)"
)


@upstream(f"{_F}:16-23")
class manager:
    __slots__ = ("config", "controllers", "dirPath", "pkg")

    def __init__(self, pkg: Any, config: Any, dirPath: str) -> None:
        self.pkg = pkg
        self.config = config
        # dirPath is like "/sys/fs/cgroup/user.slice/user-1001.slice/session-1.scope"
        self.dirPath = dirPath
        # controllers is content of "cgroup.controllers" file.
        self.controllers: dict[str, None] | None = None

    @upstream(f"{_F}:95-129", deviation=MEMORY_ONLY)
    def get_stats(self) -> tuple[Any, Any]:
        errs: list[Any] = []

        st = self.pkg.cgroups.new_stats()

        # memory (since kernel 4.5)
        err = self.pkg.stat_memory(self.dirPath, st)
        if err is not None and not os.IsNotExist(err):
            errs.append(err)
        if len(errs) > 0 and not self.config.rootless:
            return st, fmt.Errorf("error while statting cgroup v2: %+v", errs)
        return st, None

    @upstream(f"{_F}:146-148")
    def path(self, _: str) -> str:
        return self.dirPath


class Fs2Go(Package):
    manager = manager

    @upstream(f"{_F}:28-42")
    def new_manager(self, config: Any, dirPath: str) -> tuple[Any, Any]:
        """NewManager creates a manager for cgroup v2 unified hierarchy.
        dirPath is like "/sys/fs/cgroup/user.slice/user-1001.slice/session-1.scope".
        If dirPath is empty, it is automatically set using config."""
        if dirPath == "":
            dirPath, err = self.default_dir_path(config)
            if err is not None:
                return None, err

        m = self.manager(self, config, dirPath)
        return m, None
