"""github.com/google/cadvisor@v0.47.3 container/raw/handler.go: the handler for "/"."""

from __future__ import annotations

from typing import Any

from ports.cadvisor.v0_47_3.info import v1
from ports.provenance import upstream

REF = "google/cadvisor@v0.47.3 container/raw/handler.go"


def isRootCgroup(name: str) -> bool:
    return name == "/"


class rawContainerHandler:
    def __init__(self, pkg: Any, name: str, cgroupPaths: dict[str, str], handler: Any) -> None:
        self.pkg = pkg
        self.name = name
        self.cgroupPaths = cgroupPaths
        self.libcontainerHandler = handler

    def GetSpec(self) -> tuple[v1.ContainerSpec, Any]:
        return self.pkg.GetSpec(self)

    def GetStats(self) -> tuple[v1.ContainerStats | None, Any]:
        return self.pkg.GetStats(self)


class Raw:
    """package raw."""

    disableRootCgroupStats = False  # flag --disable_root_cgroup_stats

    def __init__(self, root: Any) -> None:
        self.root = root

    @upstream(
        f"{REF}:52-92",
        deviation="container hints, fsInfo and the inotify watcher are not modelled",
    )
    def newRawContainerHandler(
        self, name: str, cgroupSubsystems: dict[str, str], includedMetrics: set[str]
    ) -> tuple[rawContainerHandler | None, Any]:
        cgroupPaths = self.root.common.MakeCgroupPaths(cgroupSubsystems, name)
        lc = self.root.libcontainer
        cgroupManager, err = lc.NewCgroupManager(name, cgroupPaths)
        if err is not None:
            return None, err
        pid = 0
        if isRootCgroup(name):
            pid = 1
            cgroupPaths.pop("pids", None)
        handler = self.root.Handler(lc, cgroupManager, pid, includedMetrics)
        return rawContainerHandler(self, name, cgroupPaths, handler), None

    @upstream(
        f"{REF}:119-155",
        deviation="network devices are not modelled; HasCpu is set for the synthetic CPU",
    )
    def GetSpec(self, h: rawContainerHandler) -> tuple[v1.ContainerSpec, Any]:
        spec, err = self.root.common.GetSpec(h.cgroupPaths)
        if err is not None:
            return spec, err
        spec.HasCpu = True
        if isRootCgroup(h.name):
            # the machine's memory and swap capacity from /proc/meminfo replace what
            # common.GetSpec read from the root cgroup, each only when it could be read
            memLimit, err = self.root.machine.GetMachineMemoryCapacity()
            if err is not None:
                spec.HasMemory = False
                self.root.spec_error = err
            else:
                spec.Memory.Limit = memLimit
                spec.HasMemory = True
            swapLimit, err = self.root.machine.GetMachineSwapCapacity()
            if err is None:
                spec.Memory.SwapLimit = swapLimit
        return spec, None

    @upstream(
        f"{REF}:229-245",
        deviation="filesystem stats (getFsStats) are not modelled",
    )
    def GetStats(self, h: rawContainerHandler) -> tuple[v1.ContainerStats | None, Any]:
        if self.disableRootCgroupStats and isRootCgroup(h.name):
            return None, None
        return h.libcontainerHandler.GetStats()
