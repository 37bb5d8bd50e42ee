"""cadvisor@v0.49.0 (google/cadvisor 483a3b34afca7af6879928f9b36e53e5f1acd875), as Kubernetes
v1.30.0 and v1.31.0 vendor it. Unchanged from v0.48.1 in every ported file: `git diff v0.48.1
v0.49.0` over container/libcontainer/{handler,helpers}.go, container/raw/handler.go,
container/common/helpers.go, info/v1/container.go, info/v2/ and machine/machine.go is empty,
so this class only names the version."""

from __future__ import annotations

from ports import registry
from ports.cadvisor import v0_48_1


@registry.register("cadvisor@v0.49.0")
class CAdvisor(v0_48_1.CAdvisor):
    TAG = "v0.49.0"
    COMMIT = "483a3b34afca7af6879928f9b36e53e5f1acd875"
