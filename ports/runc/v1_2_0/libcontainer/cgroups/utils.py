"""libcontainer/cgroups/utils.go at runc v1.2.0: IsCgroup2UnifiedMode no longer panics when
statfs("/sys/fs/cgroup") fails; it logs and assumes cgroup v1."""

from __future__ import annotations

from ports.go import unix
from ports.provenance import keeps_formulas, upstream
from ports.runc.v1_1_7.libcontainer.cgroups import utils as v1_1_7
from ports.runc.v1_1_7.libcontainer.cgroups.utils import unifiedMountpoint

_F = "opencontainers/runc@v1.2.0 libcontainer/cgroups/utils.go"


class UtilsGo(v1_1_7.UtilsGo):
    @upstream(f"{_F}:34-50", deviation="logging is not ported")
    @keeps_formulas
    def is_cgroup2_unified_mode(self) -> bool:
        """IsCgroup2UnifiedMode returns whether we are running in cgroup v2 unified mode."""
        self.isUnifiedOnce.Do(self._is_cgroup2_unified_mode_once)
        return self.isUnified

    def _is_cgroup2_unified_mode_once(self) -> None:
        st, err = unix.Statfs(unifiedMountpoint)
        if err is not None:
            # level := logrus.WarnLevel (DebugLevel for not-exist in a userns)
            # logrus.StandardLogger().Logf(level, "statfs %s: %v; assuming cgroup v1", ...)
            pass
        self.isUnified = st.Type == unix.CGROUP2_SUPER_MAGIC
