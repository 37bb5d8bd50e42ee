"""github.com/google/cadvisor@v0.47.3 container/libcontainer/helpers.go."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from ports.go import errors, host
from ports.provenance import upstream

REF = "google/cadvisor@v0.47.3 container/libcontainer/helpers.go"
UnifiedMountpoint = "/sys/fs/cgroup"
# controller mount directories of a systemd cgroup v1 host
V1_LAYOUT = ("memory", "cpu,cpuacct", "cpuset", "blkio", "pids", "hugetlb", "devices", "perf_event")

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
        "do not hold; the v1 controller mounts are derived from the host instead: each "
        "directory of the usual systemd layout under /sys/fs/cgroup whose statfs type (asked "
        "through the host shim, as runc asks for /sys/fs/cgroup) is cgroup v1 is taken as the "
        "mount of the controllers its name lists",
    )
    def GetCgroupMounts(self) -> tuple[list[SimpleNamespace], Any]:
        mounts = []
        for name in V1_LAYOUT:
            p = UnifiedMountpoint + "/" + name
            try:
                magic = host.current().statfs_type(p)
            except OSError:
                continue
            if magic == host.CGROUP_SUPER_MAGIC:
                mounts.append(SimpleNamespace(Mountpoint=p, Subsystems=name.split(",")))
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
        # &configs.Cgroup{Name: name, Resources: &configs.Resources{}}
        config = runc.configs.Cgroup(name=name, resources=runc.configs.Resources())
        if runc.cgroups.is_cgroup2_unified_mode():
            path = paths.get("", "")
            return runc.fs2.new_manager(config, path)
        return runc.fs.new_manager(config, paths)
