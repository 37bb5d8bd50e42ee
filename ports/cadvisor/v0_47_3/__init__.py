"""cadvisor@v0.47.3 (google/cadvisor c5730c5a72b527a724e7333d0e2f5b9a3ce5cf4d), as Kubernetes
v1.28.3 vendors it. The version object takes the vendored runc version object."""

from __future__ import annotations

from typing import Any

from ports import registry
from ports.cadvisor.v0_47_3.container.common import Common
from ports.cadvisor.v0_47_3.container.libcontainer import Handler, Libcontainer
from ports.cadvisor.v0_47_3.container.raw import Raw
from ports.cadvisor.v0_47_3.info import v1, v2
from ports.cadvisor.v0_47_3.machine import Machine
from ports.cadvisor.v0_47_3.utils import sysinfo
from ports.cadvisor.v0_47_3.utils.sysfs import SysFs
from ports.go import time

__all__ = ["CAdvisor", "v1", "v2"]


@registry.register("cadvisor@v0.47.3")
class CAdvisor:
    TAG = "v0.47.3"
    COMMIT = "c5730c5a72b527a724e7333d0e2f5b9a3ce5cf4d"
    Libcontainer = Libcontainer
    Raw = Raw
    Common = Common
    Machine = Machine
    Handler = Handler
    SysFs = SysFs  # utils/sysfs realSysFs (NewRealSysFs)
    Sysinfo = sysinfo  # utils/sysinfo, a package of functions
    # the MetricSet the kubelet asks for, restricted to what memsim models (memory)
    INCLUDED_METRICS: frozenset[str] = frozenset({"memory", "cpu"})

    def __init__(self, runc: Any) -> None:
        self.runc = runc
        self.libcontainer = self.Libcontainer(self)
        self.raw = self.Raw(self)
        self.common = self.Common(self)
        self.machine = self.Machine(self)
        # simulated process state: the clock newContainerStats stamps, the synthetic
        # cumulative CPU (ns), the root's CreationTime
        self.now = time.Unix(0, 0)
        self.cpu_total = 0
        self.boot_time = time.Unix(0, 0)
        self.spec_error: Any = None

    def root_handler(self) -> tuple[Any, Any]:
        """manager.go createContainer("/") through the raw factory: cgroup subsystems, then
        newRawContainerHandler (raw/factory.go NewContainerHandler)."""
        included = set(self.INCLUDED_METRICS)
        subsystems, err = self.libcontainer.GetCgroupSubsystems(included)
        if err is not None:
            return None, err
        # memsim models memory only: other v1 controllers are not handed to runc
        if "memory" in subsystems:
            subsystems = {"memory": subsystems["memory"]}
        return self.raw.newRawContainerHandler("/", subsystems, included)
