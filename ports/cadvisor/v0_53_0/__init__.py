"""cadvisor@v0.53.0 (google/cadvisor 85d18c6139a3f1fd48120c49ae44eac5aa352d86), as Kubernetes
v1.35.0 vendors it. Unchanged from v0.52.1 in every ported function: `git diff v0.52.1 v0.53.0`
over the ported files touches only container/common/helpers.go listDirectories (errors.Is in
place of pkg/errors), which memsim does not call. This class only names the version."""

from __future__ import annotations

from ports import registry
from ports.cadvisor import v0_52_1


@registry.register("cadvisor@v0.53.0")
class CAdvisor(v0_52_1.CAdvisor):
    TAG = "v0.53.0"
    COMMIT = "85d18c6139a3f1fd48120c49ae44eac5aa352d86"
