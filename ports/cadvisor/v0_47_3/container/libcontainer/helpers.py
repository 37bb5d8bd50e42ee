"""github.com/google/cadvisor@v0.47.3 container/libcontainer/helpers.go."""

from __future__ import annotations

import os as _os
from types import SimpleNamespace
from typing import Any

from ports.go import errors
from ports.provenance import upstream

REF = "google/cadvisor@v0.47.3 container/libcontainer/helpers.go"
UnifiedMountpoint = "/sys/fs/cgroup"

# helpers.go:79-92, subsystem -> MetricKind
supportedSubsystems = {
    "cpu": "cpu",
    "cpuacct": "cpu",
    "memory": "memory",
    "hugetlb": "hugetlb",
    "pids": "process",
    "cpuset": "cpuset",
    "blkio": "diskIO",
    "io": "diskIO",
    "devices": "",
    "perf_event": "perf_event",
}


class HelpersMixin:
    root: Any

    @upstream(f"{REF}:42-53")
    def GetCgroupSubsystems(self, includedMetrics: set[str] | None) -> tuple[dict[str, str], Any]:
        if self.root.runc.cgroups.is_cgroup2_unified_mode():
            return {"": UnifiedMountpoint}, None
        allCgroups, err = self.GetCgroupMounts()
        if err is not None:
            return {}, err
        return self.getCgroupSubsystemsHelper(allCgroups, includedMetrics)

    @upstream(
        "opencontainers/runc@v1.1.7 libcontainer/cgroups/utils.go:238-300",
        deviation="cgroups.GetCgroupMounts(true) parses /proc/self/mountinfo, which captures "
        "do not hold; the v1 controller mounts are derived from the tree instead: every "
        "directory (or symlink to one) directly under /sys/fs/cgroup whose comma-separated "
        "name lists controllers is taken as their mount point, in sorted order, as a node "
        "with the usual systemd layout mounts them",
    )
    def GetCgroupMounts(self) -> tuple[list[SimpleNamespace], Any]:
        try:
            names = sorted(_os.listdir(UnifiedMountpoint))
        except OSError:
            return [], None
        mounts = []
        for name in names:
            p = UnifiedMountpoint + "/" + name
            if _os.path.islink(p) or not _os.path.isdir(p):
                continue
            subs = [s for s in name.split(",") if s]
            if name.startswith("name=") or name == "unified":
                continue
            mounts.append(SimpleNamespace(Mountpoint=p, Subsystems=subs))
        return mounts, None

    @upstream(f"{REF}:55-77")
    def getCgroupSubsystemsHelper(
        self, allCgroups: list[SimpleNamespace], includedMetrics: set[str] | None
    ) -> tuple[dict[str, str], Any]:
        if len(allCgroups) == 0:
            return {}, errors.New("failed to find cgroup mounts")
        mountPoints: dict[str, str] = {}
        for mount in allCgroups:
            for subsystem in mount.Subsystems:
                if not self.needSubsys(subsystem, includedMetrics):
                    continue
                if subsystem in mountPoints:
                    continue
                mountPoints[subsystem] = mount.Mountpoint
        return mountPoints, None

    @upstream(f"{REF}:95-107")
    def needSubsys(self, name: str, metrics: set[str] | None) -> bool:
        metric = supportedSubsystems.get(name)
        if metric is None:
            return False
        if metrics is None or metric == "":
            return True
        return metric in metrics

    @upstream(f"{REF}:159-170")
    def NewCgroupManager(self, name: str, paths: dict[str, str]) -> tuple[Any, Any]:
        runc = self.root.runc
        config = SimpleNamespace(Name=name, Resources=SimpleNamespace())
        configs = getattr(runc, "configs", None)
        if configs is not None and hasattr(configs, "Cgroup"):
            config = configs.Cgroup(Name=name)
        if runc.cgroups.is_cgroup2_unified_mode():
            path = paths.get("", "")
            return runc.fs2.new_manager(config, path)
        return runc.fs.new_manager(config, paths)
