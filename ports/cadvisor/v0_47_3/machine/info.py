"""github.com/google/cadvisor@v0.47.3 machine/info.go: Info, which manager.New calls once. Its
memory capacity (MemTotal), swap capacity (SwapTotal) and hugepage steps are ported, in their
order; an error in any of them fails Info, so manager.New, so the kubelet's cadvisor.New, and
the kubelet exits (the same holds at every cAdvisor tag memsim ports, lib/v0.60.5 included).

Not modelled (fake trees hold none of those files): /proc/cpuinfo and its clock speed, which
come first and fail Info the same way on a host without them; the memory by type (EDAC), NVM,
filesystems, disks, network devices and topology."""

from __future__ import annotations

from typing import Any

from ports.cadvisor.v0_47_3.info.v1.machine import HugePagesInfo, MachineInfo
from ports.provenance import formula, upstream

REF = "google/cadvisor@v0.47.3 machine/info.go"

hugepagesDirectory = "/sys/kernel/mm/hugepages/"


class InfoMixin:
    """Info's memory, swap and hugepage steps (on the version object's machine.go functions,
    SysFs and Sysinfo)."""

    root: Any

    @upstream(
        f"{REF}:57-137",
        deviation="the memory, swap and hugepage steps only (see the module's note)",
    )
    def Info(self) -> tuple[MachineInfo | None, Any]:
        memoryCapacity, err = self.GetMachineMemoryCapacity()  # type: ignore[attr-defined]
        if err is not None:
            return None, err
        swapCapacity, err = self.GetMachineSwapCapacity()  # type: ignore[attr-defined]
        if err is not None:
            return None, err
        hugePagesInfo, err = self.GetHugePagesInfo()
        if err is not None:
            return None, err
        return MachineInfo(
            MemoryCapacity=memoryCapacity, SwapCapacity=swapCapacity, HugePages=hugePagesInfo
        ), None

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
