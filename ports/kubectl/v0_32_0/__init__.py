"""kubectl@v0.32.0 (kubernetes/kubectl 1166f0c621986ed7aed15cc4f6cb813095ff2ed2), as Kubernetes
v1.32.0 ships it: the node table's percentage headers are renamed "CPU%" -> "CPU(%)" and
"MEMORY%" -> "MEMORY(%)" (`git diff v0.31.0 v0.32.0 -- pkg/metricsutil/metrics_printer.go`,
its only hunk; pkg/cmd/top/top_node.go is unchanged)."""

from __future__ import annotations

from typing import Any, ClassVar

from ports import registry
from ports.kubectl import v0_31_0
from ports.kubectl.v0_28_3 import Metricsutil as Base
from ports.provenance import upstream


@upstream("kubernetes/kubectl@v0.32.0 pkg/metricsutil/metrics_printer.go:35-35")
class Metricsutil(Base):
    NodeColumns = ("NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)")


@registry.register("kubectl@v0.32.0")
class Kubectl(v0_31_0.Kubectl):
    TAG = "v0.32.0"
    COMMIT = "1166f0c621986ed7aed15cc4f6cb813095ff2ed2"
    Metricsutil: ClassVar[type[Any]] = Metricsutil
