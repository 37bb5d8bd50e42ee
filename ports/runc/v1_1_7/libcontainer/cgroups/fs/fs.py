"""libcontainer/cgroups/fs/fs.go at runc v1.1.7: the cgroup v1 manager (NewManager, Path,
GetStats)."""

from __future__ import annotations

import threading
from typing import Any

from ports.go import errors
from ports.provenance import upstream
from ports.runc.api import Package

_F = "opencontainers/runc@v1.1.7 libcontainer/cgroups/fs/fs.go"

errSubsystemDoesNotExist = errors.New("cgroup: subsystem does not exist")

_MEMORY_ONLY = (
    "subsystems holds the memory controller only: cpuset, devices, cpu, cpuacct, pids, blkio, "
    "hugetlb, net_cls, net_prio, perf_event, freezer, rdma and the name= groups are outside "
    "memsim and are treated as succeeding with no stats"
)


@upstream(f"{_F}:57-61")
class manager:
    __slots__ = ("cgroups", "mu", "paths", "pkg")

    def __init__(self, pkg: Any, cgroups: Any, paths: dict[str, str]) -> None:
        self.pkg = pkg
        self.mu = threading.Lock()
        self.cgroups = cgroups
        self.paths = paths

    @upstream(f"{_F}:148-152")
    def path(self, subsys: str) -> str:
        with self.mu:
            return self.paths.get(subsys, "")

    @upstream(f"{_F}:154-168", deviation=_MEMORY_ONLY)
    def get_stats(self) -> tuple[Any, Any]:
        with self.mu:
            stats = self.pkg.cgroups.new_stats()
            for sys in self.pkg.subsystems:
                path = self.paths.get(sys.name(), "")
                if path == "":
                    continue
                err = sys.get_stats(path, stats)
                if err is not None:
                    return None, err
            return stats, None


class FsGo(Package):
    manager = manager
    subsystems: list[Any]

    @upstream(f"{_F}:16-32", deviation=_MEMORY_ONLY)
    def init(self) -> None:
        """The `subsystems` package variable (and init(), whose cgroups-hybrid "" group
        collects no stats)."""
        self.subsystems = [self.MemoryGroup(self)]

    @upstream(
        f"{_F}:63-85",
        deviation="paths == nil (initPaths, which reads /proc/self/mountinfo and "
        "/proc/self/cgroup) is not ported and raises NotImplementedError",
    )
    def new_manager(self, cg: Any, paths: dict[str, str] | None) -> tuple[Any, Any]:
        # Some v1 controllers (cpu, cpuset, and devices) expect
        # cgroups.Resources to not be nil in Apply.
        if cg.resources is None:
            return None, errors.New(
                "cgroup v1 manager needs configs.Resources to be set during manager creation"
            )
        if cg.resources.unified is not None:
            return None, self.cgroups.ErrV1NoUnified

        if paths is None:
            raise NotImplementedError("fs.NewManager with nil paths (initPaths) is not ported")

        return self.manager(self, cg, paths), None
