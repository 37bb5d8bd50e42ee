"""github.com/google/cadvisor@v0.47.3 machine/info.go: Info's hugepage step. Info (called once
by manager.New) lists /sys/kernel/mm/hugepages/ through utils/sysinfo GetHugePagesInfo; an error
there fails Info, so manager.New, so the kubelet's cadvisor.New, and the kubelet exits.

memsim runs only this step of Info: the CPU, topology, disk, network and NVM reads are not
modelled (fake trees hold none of those files), and MachineInfo.MemoryCapacity is the value
GetMachineMemoryCapacity gives the root container's spec (machine.go), as before."""

from __future__ import annotations

from typing import Any

from ports.cadvisor.v0_47_3.info.v1.machine import HugePagesInfo
from ports.provenance import formula, upstream

REF = "google/cadvisor@v0.47.3 machine/info.go"

hugepagesDirectory = "/sys/kernel/mm/hugepages/"


class InfoMixin:
    """Info's hugepage step, on the version object's SysFs and Sysinfo."""

    root: Any

    @upstream(f"{REF}:92-95", deviation="the hugepage step of Info only")
    @formula(
        "MachineInfo.HugePages",
        "one pool per entry of {dir} (utils/sysinfo GetHugePagesInfo): PageSize (kB) from the "
        "name hugepages-<size>kB, NumPages = Sscanf %d of its nr_hugepages: {pools}",
    )
    @formula(
        "MachineInfo.HugePages none",
        "{dir} lists no pool (a directory that cannot be listed is no hugepages, not an error)",
    )
    def GetHugePagesInfo(self) -> tuple[list[HugePagesInfo], Any]:
        C = self.root
        hugePagesInfo, err = C.Sysinfo.GetHugePagesInfo(C.SysFs(), hugepagesDirectory)
        if err is not None:
            return [], err
        return hugePagesInfo, None
