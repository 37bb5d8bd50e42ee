"""github.com/google/cadvisor@v0.47.3 container/common/helpers.go."""

from __future__ import annotations

import posixpath
from typing import Any

from ports.cadvisor.v0_47_3.info import v1
from ports.go import host, os, strconv, strings
from ports.go.math import MaxUint64
from ports.provenance import upstream

REF = "google/cadvisor@v0.47.3 container/common/helpers.go"


def Join(*elem: str) -> str:
    """Go's path.Join: join the non-empty elements with "/" and Clean the result (an absolute
    later element does not reset the path, unlike posixpath.join)."""
    parts = [e for e in elem if e]
    if not parts:
        return ""
    p = posixpath.normpath("/".join(parts))
    return "/" + p.lstrip("/") if p.startswith("//") else p


class Common:
    def __init__(self, root: Any) -> None:
        self.root = root

    @upstream("google/cadvisor@v0.47.3 container/common/helpers.go:334-341")
    def MakeCgroupPaths(self, mountPoints: dict[str, str], name: str) -> dict[str, str]:
        return {key: Join(val, name) for key, val in mountPoints.items()}

    @upstream(f"{REF}:64-66")
    def GetSpec(self, cgroupPaths: dict[str, str]) -> tuple[v1.ContainerSpec, Any]:
        return self.getSpecInternal(
            cgroupPaths, bool(self.root.runc.cgroups.is_cgroup2_unified_mode())
        )

    @upstream(
        f"{REF}:68-219",
        deviation="the memory block only (L169-187): CreationTime (cgroup directory mtimes, "
        "bounded by the boot time) is the caller's boot time, and CPU, hugepages, network, "
        "filesystem and processes are not modelled",
    )
    def getSpecInternal(
        self, cgroupPaths: dict[str, str], cgroup2UnifiedMode: bool
    ) -> tuple[v1.ContainerSpec, Any]:
        spec = v1.ContainerSpec(CreationTime=self.root.boot_time)
        memoryRoot, ok = self.GetControllerPath(cgroupPaths, "memory", cgroup2UnifiedMode)
        if ok:
            if cgroup2UnifiedMode:
                if self.FileExists(Join(memoryRoot, "memory.max")):
                    spec.HasMemory = True
                    spec.Memory.Reservation = self.readUInt64(memoryRoot, "memory.min")
                    spec.Memory.Limit = self.readUInt64(memoryRoot, "memory.max")
                    spec.Memory.SwapLimit = self.readUInt64(memoryRoot, "memory.swap.max")
            elif self.FileExists(memoryRoot):
                spec.HasMemory = True
                spec.Memory.Limit = self.readUInt64(memoryRoot, "memory.limit_in_bytes")
                spec.Memory.SwapLimit = self.readUInt64(memoryRoot, "memory.memsw.limit_in_bytes")
                spec.Memory.Reservation = self.readUInt64(memoryRoot, "memory.soft_limit_in_bytes")
        return spec, None

    @upstream(f"{REF}:221-232")
    def GetControllerPath(
        self, cgroupPaths: dict[str, str], controllerName: str, cgroup2UnifiedMode: bool
    ) -> tuple[str, bool]:
        key = "" if cgroup2UnifiedMode else controllerName
        return cgroupPaths.get(key, ""), key in cgroupPaths

    @upstream("google/cadvisor@v0.47.3 utils/path.go:19-24")
    def FileExists(self, file: str) -> bool:
        # os.Stat succeeds
        exists, _is_dir, _is_link = host.current().lstat(file)
        return exists

    @upstream(f"{REF}:234-247")
    def readString(self, dirpath: str, file: str) -> str:
        out, err = os.ReadFile(Join(dirpath, file))
        if err is not None:
            # a file that does not exist is ignored; another error is logged (klog)
            return ""
        return strings.TrimSpace(os.decode(out))

    @upstream(f"{REF}:280-296")
    def readUInt64(self, dirpath: str, file: str) -> int:
        out = self.readString(dirpath, file)
        if out == "max":
            return MaxUint64
        if out == "":
            return 0
        val, err = strconv.ParseUint(out, 10, 64)
        if err is not None:
            return 0  # klog.Errorf("readUInt64: Failed to parse int ...")
        return val
