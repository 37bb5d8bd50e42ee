"""cadvisor@v0.51.0 (google/cadvisor 255cff7808a7d23802852e6fd9a12320b1035bf1), as Kubernetes
v1.32.0 vendors it: v0.49.0 plus TotalActiveFile/TotalInactiveFile in setMemoryStats. The
other hunks of the ported files (info/v1 gains LoadDAverage and the two MemoryStats fields,
machine.go drops the s390x core count) are outside memsim's inputs. Its go.mod asks for runc
v1.1.13; the runc version comes from the stack."""

from __future__ import annotations

from ports import registry
from ports.cadvisor import v0_49_0
from ports.cadvisor.v0_51_0.container.libcontainer import Libcontainer


@registry.register("cadvisor@v0.51.0")
class CAdvisor(v0_49_0.CAdvisor):
    TAG = "v0.51.0"
    COMMIT = "255cff7808a7d23802852e6fd9a12320b1035bf1"
    Libcontainer = Libcontainer
