"""fs/fs.go at opencontainers/cgroups v0.1.0: GetStats is Stats(nil), and Stats(opts) skips a
subsystem whose ID is not in opts.Controllers (cgroups PR #53)."""

from __future__ import annotations

from typing import Any

from ports.provenance import upstream
from ports.runc.v1_1_7.libcontainer.cgroups.fs.fs import _MEMORY_ONLY
from ports.runc.v1_2_0.libcontainer.cgroups.fs import fs as runc_v1_2_0
from ports.runc.v1_2_0.libcontainer.cgroups.fs.fs import FsGo as _FsGo

_F = "opencontainers/cgroups@v0.1.0 fs/fs.go"


@upstream(f"{_F}:60-64")
class Manager(runc_v1_2_0.Manager):
    __slots__ = ()

    @upstream(f"{_F}:186-188")
    def get_stats(self) -> tuple[Any, Any]:
        return self.stats(None)

    @upstream(f"{_F}:191-218", deviation=_MEMORY_ONLY)
    def stats(self, opts: Any) -> tuple[Any, Any]:
        """Stats returns cgroup statistics for the specified controllers."""
        with self.mu:
            # Default: query all controllers
            controllers = self.pkg.cgroups.AllControllers
            if opts is not None and opts.Controllers != 0:
                controllers = opts.Controllers

            stats = self.pkg.cgroups.new_stats()
            for sys in self.pkg.subsystems:
                path = self.paths.get(sys.name(), "")
                if path == "":
                    continue

                # Filter based on controller type
                if sys.id() & controllers == 0:
                    continue

                err = sys.get_stats(path, stats)
                if err is not None:
                    return None, err
            return stats, None


class FsGo(_FsGo):
    Manager = Manager
