"""cadvisor@v0.52.1 (google/cadvisor 0b675defd46277198f7c15c1053301421a4b733e), as Kubernetes
v1.33.0 and v1.34.0 vendor it: v0.51.0 with the cgroup library switched from runc's
libcontainer/cgroups to opencontainers/cgroups (go.mod: cgroups v0.0.1, runc v1.2.5) and the
memory PSI copied in setMemoryStats. The other hunks of the ported files are import paths
(container/common, container/raw, helpers.go's NewCgroupManager now builds cgroups.Cgroup)
and info/v1's PSI types."""

from __future__ import annotations

from ports import registry
from ports.cadvisor import v0_51_0
from ports.cadvisor.v0_52_1.container.libcontainer import Libcontainer


@registry.register("cadvisor@v0.52.1")
class CAdvisor(v0_51_0.CAdvisor):
    TAG = "v0.52.1"
    COMMIT = "0b675defd46277198f7c15c1053301421a4b733e"
    Libcontainer = Libcontainer
