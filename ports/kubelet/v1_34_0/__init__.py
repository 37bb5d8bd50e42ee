"""kubelet@v1.34.0 (kubernetes/kubernetes v1.34.0 = f28b4c9efbca5c5c0af716d9f2d5702667ee8a45).

NodeSwap goes GA (the gate is locked on); the Summary and /metrics/resource swap code is as in
v1.33.0. KubeletPSI goes beta (on by default): the Summary's node memory and CPU gain psi
blocks, which memsim does not model. No other change to the ported functions is known.

The kubernetes tree at this tag is not readable here (the repository is larger than
memsim's fetch limit and its index holds no copy at the tag); each override cites the PR
that CHANGELOG-1.34 lists, and the component versions come from its Dependencies
section (generated from go.mod)."""

from __future__ import annotations

from ports import registry
from ports.kubelet import v1_33_0


@registry.register("kubelet@v1.34.0")
class Kubelet(v1_33_0.Kubelet):
    TAG = "v1.34.0"
    COMMIT = "f28b4c9efbca5c5c0af716d9f2d5702667ee8a45"
    VERSION = "v1.34.0"
