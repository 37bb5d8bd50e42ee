"""fs/fs.go at opencontainers/cgroups v0.0.1: NewManager's error names cgroups.Resources
(configs moved into package cgroups)."""

from __future__ import annotations

from typing import Any

from ports.go import errors
from ports.provenance import upstream
from ports.runc.v1_2_0.libcontainer.cgroups.fs import fs as runc_v1_2_0

_F = "opencontainers/cgroups@v0.0.1 fs/fs.go"


class FsGo(runc_v1_2_0.FsGo):
    @upstream(
        f"{_F}:62-84",
        deviation="paths == nil (initPaths, which reads /proc/self/mountinfo and "
        "/proc/self/cgroup) is not ported and raises NotImplementedError",
    )
    def new_manager(self, cg: Any, paths: dict[str, str] | None) -> tuple[Any, Any]:
        # Some v1 controllers (cpu, cpuset, and devices) expect
        # cgroups.Resources to not be nil in Apply.
        if cg.resources is None:
            return None, errors.New(
                "cgroup v1 manager needs cgroups.Resources to be set during manager creation"
            )
        if cg.resources.unified is not None:
            return None, self.cgroups.ErrV1NoUnified

        if paths is None:
            raise NotImplementedError("fs.NewManager with nil paths (initPaths) is not ported")

        return self.Manager(self, cg, paths), None
