"""kubelet@v1.30.0 (kubernetes/kubernetes v1.30.0 = 7c48c2bd72b9bf5c44d21d7338cc7bea77d0ad2a).

No change to the ported functions is known: NodeSwap's beta (LimitedSwap, KEP-2400) changes
which pods may swap, not the Summary or /metrics/resource, whose swap fields (PR #118865) are
there since v1.28 and ungated. The version decides what /metrics/resource hides: scrape_error,
deprecated in 1.29.0, is hidden from 1.30 on.

The kubernetes tree at this tag is not readable here (the repository is larger than
memsim's fetch limit and its index holds no copy at the tag); each override cites the PR
that CHANGELOG-1.30 lists, and the component versions come from its Dependencies
section (generated from go.mod)."""

from __future__ import annotations

from ports import registry
from ports.kubelet import v1_29_0


@registry.register("kubelet@v1.30.0")
class Kubelet(v1_29_0.Kubelet):
    TAG = "v1.30.0"
    COMMIT = "7c48c2bd72b9bf5c44d21d7338cc7bea77d0ad2a"
    VERSION = "v1.30.0"
