"""kubectl@v0.36.3 (kubernetes/kubectl 73fdc7a337b55d4097e8723cb44d09ac7473e1d4): v0.28.3 plus
the hunks of `git diff v0.28.3 v0.36.3 -- pkg/metricsutil/metrics_printer.go pkg/cmd/top/top_node.go`."""

from __future__ import annotations

from typing import Any

from ports import registry
from ports.kubectl import v0_28_3
from ports.kubectl.v0_36_3.pkg.cmd.top.top_node import TopNodeMixin
from ports.kubectl.v0_36_3.pkg.metricsutil.metrics_printer import MetricsPrinterMixin


class Metricsutil(MetricsPrinterMixin):
    def __init__(self, options: Any = None) -> None:
        self.options = options
        # NewTopCmdPrinter(o.Out, o.ShowSwap)
        self.NewTopCmdPrinter(bool(getattr(options, "ShowSwap", False)))


@registry.register("kubectl@v0.36.3")
class Kubectl(TopNodeMixin, v0_28_3.Kubectl):
    TAG = "v0.36.3"
    COMMIT = "73fdc7a337b55d4097e8723cb44d09ac7473e1d4"
    Metricsutil = Metricsutil
