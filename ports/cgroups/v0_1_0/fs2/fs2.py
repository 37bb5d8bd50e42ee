"""fs2/fs2.go at opencontainers/cgroups v0.1.0: GetStats is Stats(nil); Stats(opts) runs each
controller (with its PSI) only if its bit is in opts.Controllers (cgroups PR #53)."""

from __future__ import annotations

from typing import Any

from ports.go import fmt, os
from ports.provenance import upstream
from ports.runc.v1_2_0.libcontainer.cgroups.fs2 import fs2 as runc_v1_2_0
from ports.runc.v1_2_0.libcontainer.cgroups.fs2.fs2 import MEMORY_ONLY

_F = "opencontainers/cgroups@v0.1.0 fs2/fs2.go"


@upstream(f"{_F}:16-23")
class Manager(runc_v1_2_0.Manager):
    __slots__ = ()

    @upstream(f"{_F}:108-110")
    def get_stats(self) -> tuple[Any, Any]:
        return self.stats(None)

    @upstream(f"{_F}:113-192", deviation=MEMORY_ONLY)
    def stats(self, opts: Any) -> tuple[Any, Any]:
        """Stats returns cgroup statistics for the specified controllers."""
        # Default: query all controllers
        controllers = self.pkg.cgroups.AllControllers
        if opts is not None and opts.Controllers != 0:
            controllers = opts.Controllers

        errs: list[Any] = []
        st = self.pkg.cgroups.new_stats()

        # memory (since kernel 4.5)
        if controllers & self.pkg.cgroups.Memory != 0:
            err = self.pkg.stat_memory(self.dirPath, st)
            if err is not None and not os.IsNotExist(err):
                errs.append(err)

            st.memory_stats.psi, err = self.pkg.stat_psi(self.dirPath, "memory.pressure")
            if err is not None:
                errs.append(err)

        if len(errs) > 0 and not self.config.rootless:
            return st, fmt.Errorf("error while statting cgroup v2: %+v", errs)
        return st, None


class Fs2Go(runc_v1_2_0.Fs2Go):
    Manager = Manager
