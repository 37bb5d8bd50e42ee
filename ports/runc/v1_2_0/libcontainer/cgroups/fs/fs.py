"""libcontainer/cgroups/fs/fs.go at runc v1.2.0: the manager type is exported (Manager) and
NewManager returns *Manager; GetStats and Path are unchanged."""

from __future__ import annotations

from typing import Any

from ports.go import errors
from ports.provenance import upstream
from ports.runc.api import removed
from ports.runc.v1_1_7.libcontainer.cgroups.fs import fs as v1_1_7

_F = "opencontainers/runc@v1.2.0 libcontainer/cgroups/fs/fs.go"


@upstream(f"{_F}:57-61")
class Manager(v1_1_7.manager):
    """type manager, exported; its Path and GetStats bodies are v1.1.7's."""

    __slots__ = ()


class FsGo(v1_1_7.FsGo):
    Manager = Manager
    manager = removed("manager", "exported as Manager in v1.2.0")

    @upstream(
        f"{_F}:63-85",
        deviation="paths == nil (initPaths, which reads /proc/self/mountinfo and "
        "/proc/self/cgroup) is not ported and raises NotImplementedError",
    )
    def new_manager(self, cg: Any, paths: dict[str, str] | None) -> tuple[Any, Any]:
        # Some v1 controllers (cpu, cpuset, and devices) expect
        # cgroups.Resources to not be nil in Apply.
        if cg.resources is None:
            return None, errors.New(
                "cgroup v1 manager needs configs.Resources to be set during manager creation"
            )
        if cg.resources.unified is not None:
            return None, self.cgroups.ErrV1NoUnified

        if paths is None:
            raise NotImplementedError("fs.NewManager with nil paths (initPaths) is not ported")

        return self.Manager(self, cg, paths), None
