"""kubelet@v1.36.0 (kubernetes/kubernetes v1.36.0 = ecf6decece6a6de25a57aad9ba90b6ce580f6f78).

No change to the ported functions is known. In particular HugepageAwareEviction (PR #138127)
is not in v1.36.0: the PR was still under review in May-June 2026 and adds its gate as
{Version 1.37, Beta, default true} (kubelet@v1.37.0). docs/patches/kubelet_pr138127.py
applies it to this kubelet as a patch (docs/writing-a-patch.md).

The kubernetes tree at this tag is not readable here (the repository is larger than
memsim's fetch limit and its index holds no copy at the tag); each override cites the PR
that CHANGELOG-1.36 lists, and the component versions come from its Dependencies
section (generated from go.mod)."""

from __future__ import annotations

from ports import registry
from ports.kubelet import v1_35_0


@registry.register("kubelet@v1.36.0")
class Kubelet(v1_35_0.Kubelet):
    TAG = "v1.36.0"
    COMMIT = "ecf6decece6a6de25a57aad9ba90b6ce580f6f78"
    VERSION = "v1.36.0"
