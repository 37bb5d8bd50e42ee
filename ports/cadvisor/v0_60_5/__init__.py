"""cadvisor@v0.60.5 (google/cadvisor 44b8e3062d678022939d40b2a2e9b259b07ebab0), the latest:
v0.56.2 plus the lib/ handler changes. machine.go and raw/handler.go moved under lib/ with the
same memory logic (GetMachineMemoryCapacity lib/machine/machine.go:175-186, raw GetSpec
lib/container/raw/handler.go:121-157)."""

from __future__ import annotations

from ports import registry
from ports.cadvisor import v0_56_2
from ports.cadvisor.v0_60_5.lib.container.libcontainer import Libcontainer


@registry.register("cadvisor@v0.60.5")
class CAdvisor(v0_56_2.CAdvisor):
    TAG = "v0.60.5"
    COMMIT = "44b8e3062d678022939d40b2a2e9b259b07ebab0"
    Libcontainer = Libcontainer
