"""kubectl@v0.34.0 (kubernetes/kubectl d0412c1e32e99cde17099c2d8734ba7ea6207f21), as Kubernetes
v1.34.0 ships it: v0.32.0 plus `kubectl top node --show-swap` (the hunks of `git diff v0.33.0
v0.34.0 -- pkg/metricsutil/metrics_printer.go pkg/cmd/top/top_node.go`)."""

from __future__ import annotations

from typing import Any, ClassVar

from ports import registry
from ports.kubectl import v0_33_0
from ports.kubectl.v0_34_0.pkg.cmd.top.top_node import TopNodeMixin
from ports.kubectl.v0_34_0.pkg.metricsutil.metrics_printer import MetricsPrinterMixin


class Metricsutil(MetricsPrinterMixin):
    def __init__(self, options: Any = None) -> None:
        self.options = options
        # NewTopCmdPrinter(o.Out, o.ShowSwap)
        self.NewTopCmdPrinter(bool(getattr(options, "ShowSwap", False)))


@registry.register("kubectl@v0.34.0")
class Kubectl(TopNodeMixin, v0_33_0.Kubectl):
    TAG = "v0.34.0"
    COMMIT = "d0412c1e32e99cde17099c2d8734ba7ea6207f21"
    Metricsutil: ClassVar[type[Any]] = Metricsutil
