"""cadvisor@v0.48.1 (google/cadvisor 2129e1c4fae8567551d1ac252c7a1dec27617e21), as Kubernetes
v1.29.0 vendors it: v0.47.3 + KernelUsage, and the hugepage listing through os.ReadDir. (Its
go.mod moved to runc v1.1.9, PR #3373; here the runc version comes from the stack.)"""

from __future__ import annotations

from ports import registry
from ports.cadvisor import v0_47_3
from ports.cadvisor.v0_48_1.container.libcontainer import Libcontainer
from ports.cadvisor.v0_48_1.utils.sysfs import SysFs


@registry.register("cadvisor@v0.48.1")
class CAdvisor(v0_47_3.CAdvisor):
    TAG = "v0.48.1"
    COMMIT = "2129e1c4fae8567551d1ac252c7a1dec27617e21"
    Libcontainer = Libcontainer
    SysFs = SysFs  # os.ReadDir + toFileInfo for the hugepage listing
