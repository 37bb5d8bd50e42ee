"""libcontainer/cgroups/fs2/fs2.go at runc v1.2.0: the manager type is exported (Manager),
and GetStats collects PSI (cpu, memory, io .pressure) and misc stats."""

from __future__ import annotations

from typing import Any

from ports.go import fmt, os
from ports.provenance import upstream
from ports.runc.api import removed
from ports.runc.v1_1_7.libcontainer.cgroups.fs2 import fs2 as v1_1_7

_F = "opencontainers/runc@v1.2.0 libcontainer/cgroups/fs2/fs2.go"

MEMORY_ONLY = (
    "the memory controller only (statMemory and memory.pressure): pids, io, cpu, "
    "cpu.pressure, io.pressure, hugetlb, rdma and misc are outside memsim and are treated "
    "as succeeding with no stats"
)


@upstream(f"{_F}:16-23")
class Manager(v1_1_7.manager):
    """type manager, exported; its Path body is v1.1.7's."""

    __slots__ = ()

    @upstream(f"{_F}:95-144", deviation=MEMORY_ONLY)
    def get_stats(self) -> tuple[Any, Any]:
        errs: list[Any] = []

        st = self.pkg.cgroups.new_stats()

        # memory (since kernel 4.5)
        err = self.pkg.stat_memory(self.dirPath, st)
        if err is not None and not os.IsNotExist(err):
            errs.append(err)
        # PSI (since kernel 4.20).
        st.memory_stats.psi, err = self.pkg.stat_psi(self.dirPath, "memory.pressure")
        if err is not None:
            errs.append(err)
        if len(errs) > 0 and not self.config.rootless:
            return st, fmt.Errorf("error while statting cgroup v2: %+v", errs)
        return st, None


class Fs2Go(v1_1_7.Fs2Go):
    Manager = Manager
    manager = removed("manager", "exported as Manager in v1.2.0")

    @upstream(f"{_F}:28-42")
    def new_manager(self, config: Any, dirPath: str) -> tuple[Any, Any]:
        """NewManager creates a manager for cgroup v2 unified hierarchy.
        dirPath is like "/sys/fs/cgroup/user.slice/user-1001.slice/session-1.scope".
        If dirPath is empty, it is automatically set using config."""
        if dirPath == "":
            dirPath, err = self.default_dir_path(config)
            if err is not None:
                return None, err

        m = self.Manager(self, config, dirPath)
        return m, None
