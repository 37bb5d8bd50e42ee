"""kubelet@master-95f08499: the newest kubelet sources readable here, kubernetes/kubernetes
pkg/kubelet/stats/helper.go at 95f08499d652a6211121d8af35f470609217c730 (has the KubeletPSI
gate, so >= v1.33) and pkg/kubelet/metrics/collectors/resource_metrics.go at
019a71ab693999e67040c1feb8e6f96ead3a0100. Which release tag these commits belong to could not
be established; the newest release is v1.36.3 (0f29094e5b73085e3802ecc1298ecae13866bfe6).
Its change to the ported functions (Swap on the CPU-and-memory path) is kubelet@v1.33.0's,
so this class derives from kubelet@v1.36.0 unchanged."""

from __future__ import annotations

from ports import registry
from ports.kubelet import v1_36_0


@registry.register("kubelet@master-95f08499")
class Kubelet(v1_36_0.Kubelet):
    TAG = "master-95f08499"
    COMMIT = "95f08499d652a6211121d8af35f470609217c730"
    VERSION = "v1.36.3"  # the registry version that decides which deprecated metrics hide
