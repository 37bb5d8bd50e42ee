"""k8s.io/kubectl@v0.34.0 pkg/metricsutil/metrics_printer.go: what changed since v0.32.0 (the
printer became configurable for --show-swap, the node columns moved onto it (still "CPU(%)" and
"MEMORY(%)", as since v0.32.0), and a zero denominator prints 0%). Unchanged through v0.36.3."""

from __future__ import annotations

from typing import Any

from ports.apimachinery.v0_28_3.pkg.api.resource import Quantity
from ports.go import fmt
from ports.go.builtin import int_from_float64, quo
from ports.kubectl.v0_28_3.pkg.metricsutil import metrics_printer as base
from ports.provenance import formula, keeps_formulas, upstream

REF = "kubernetes/kubectl@v0.34.0 pkg/metricsutil/metrics_printer.go"
ResourceSwap = "swap"


class MetricsPrinterMixin(base.MetricsPrinterMixin):
    @upstream(f"{REF}:53-72")
    def NewTopCmdPrinter(self, showSwap: bool) -> None:
        # measuredResources/nodeColumns moved from package vars onto the printer
        self.MeasuredResources = (base.ResourceCPU, base.ResourceMemory)
        self.NodeColumns = ("NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)")
        self.nodesMissingResources: dict[str, list[str]] = {}
        if showSwap:
            self.MeasuredResources = (*self.MeasuredResources, ResourceSwap)
            self.NodeColumns = (*self.NodeColumns, "SWAP(bytes)", "SWAP(%)")

    @upstream(f"{REF}:148-153")
    def RegisterMissingResource(self, nodeName: str, resourceName: str) -> None:
        missing = self.nodesMissingResources.setdefault(nodeName, [])
        if resourceName not in missing:
            missing.append(resourceName)

    @upstream(f"{REF}:224-242")
    @formula(
        "MEMORY%",
        "int64(usage / {denominator} x 100) = int64({bytes} / {denom} x 100); 0% when "
        "{denominator} is 0",
    )
    def printAllResourceUsages(self, out: Any, metrics: base.ResourceMetricsInfo) -> None:
        for res in self.MeasuredResources:
            if res in self.nodesMissingResources.get(metrics.Name, []):
                self.printSingleMissingResource(out)
                continue
            quantity = metrics.Metrics.get(res)  # metrics.Metrics[res]: a zero Quantity if absent
            if quantity is None:
                quantity = Quantity()
            self.printSingleResourceUsage(out, res, quantity)
            out.Write("\t")
            available = (metrics.Available or {}).get(res)
            if available is not None:
                # new: a zero denominator prints 0% instead of int64(±Inf/NaN)
                fraction = 0.0
                if not available.IsZero():
                    fraction = self.memory_fraction(quantity, available)
                out.Write(fmt.Sprintf("%d%%\t", int_from_float64(fraction)))

    @upstream(f"{REF}:244-253")
    @keeps_formulas
    def printSingleResourceUsage(self, out: Any, resourceType: str, quantity: Quantity) -> None:
        # swap is printed like memory
        if resourceType == base.ResourceCPU:
            out.Write(fmt.Sprintf("%vm", quantity.MilliValue()))
        elif resourceType in (base.ResourceMemory, ResourceSwap):
            out.Write(fmt.Sprintf("%vMi", quo(quantity.Value(), 1024 * 1024)))
        else:
            out.Write(fmt.Sprintf("%v", quantity.Value()))

    @upstream(f"{REF}:255-258")
    def printSingleMissingResource(self, out: Any) -> None:
        out.Write(fmt.Sprintf("%s\t%s\t", "<unknown>", "<unknown>"))
