"""libcontainer/cgroups/utils.go at runc v1.1.7: IsCgroup2UnifiedMode (the rest of the file is
outside memsim)."""

from __future__ import annotations

from ports.go import fmt, os, sync, unix
from ports.go.builtin import panic
from ports.provenance import formula, upstream
from ports.runc.api import Package

_F = "opencontainers/runc@v1.1.7 libcontainer/cgroups/utils.go"

CgroupProcesses = "cgroup.procs"
unifiedMountpoint = "/sys/fs/cgroup"
hybridMountpoint = "/sys/fs/cgroup/unified"


@upstream(
    "opencontainers/runc@v1.1.7 libcontainer/userns/userns.go:5-5",
    deviation="not ported (it parses /proc/self/uid_map): memsim's hosts are in the initial "
    "user namespace",
)
def RunningInUserNS() -> bool:
    """userns.RunningInUserNS detects whether we are currently running in a user namespace."""
    return False


class UtilsGo(Package):
    isUnifiedOnce: sync.Once
    isUnified: bool

    def __init__(self) -> None:
        super().__init__()
        self.isUnifiedOnce = sync.Once()
        self.isUnified = False

    @upstream(
        f"{_F}:34-50",
        deviation="userns.RunningInUserNS() is taken as false (memsim's hosts are in the "
        "initial user namespace), so a failing statfs always panics (GoPanic)",
    )
    @formula(
        "cgroup mode",
        'statfs("/sys/fs/cgroup").f_type == CGROUP2_SUPER_MAGIC (0x63677270): {verdict}',
    )
    def is_cgroup2_unified_mode(self) -> bool:
        """IsCgroup2UnifiedMode returns whether we are running in cgroup v2 unified mode."""
        self.isUnifiedOnce.Do(self._is_cgroup2_unified_mode_once)
        return self.isUnified

    def _is_cgroup2_unified_mode_once(self) -> None:
        st, err = unix.Statfs(unifiedMountpoint)
        if err is not None:
            if os.IsNotExist(err) and RunningInUserNS():
                # ignore the "not found" error if running in userns
                self.isUnified = False
                return
            panic(fmt.Sprintf("cannot statfs cgroup root: %s", err))
        self.isUnified = st.Type == unix.CGROUP2_SUPER_MAGIC
