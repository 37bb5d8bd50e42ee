"""kubelet@v1.32.0 (kubernetes/kubernetes v1.32.0 = 70d3cc986aa8221cd1dfb1121852688902d3bf53).

No change to the ported functions is known, so this class only names the version.

The kubernetes tree at this tag is not readable here (the repository is larger than
memsim's fetch limit and its index holds no copy at the tag); each override cites the PR
that CHANGELOG-1.32 lists, and the component versions come from its Dependencies
section (generated from go.mod)."""

from __future__ import annotations

from ports import registry
from ports.kubelet import v1_31_0


@registry.register("kubelet@v1.32.0")
class Kubelet(v1_31_0.Kubelet):
    TAG = "v1.32.0"
    COMMIT = "70d3cc986aa8221cd1dfb1121852688902d3bf53"
    VERSION = "v1.32.0"
