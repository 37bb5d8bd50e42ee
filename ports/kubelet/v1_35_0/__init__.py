"""kubelet@v1.35.0 (kubernetes/kubernetes v1.35.0).

cgroup v1 becomes unsupported (KEP-5573): failCgroupV1 defaults to true, so a kubelet on a
cgroup v1 host refuses to start with validateKubeletOSConfiguration's error, whose text
changes to say so. No change to the stats functions is known.

The kubernetes tree at this tag is not readable here (the repository is larger than
memsim's fetch limit and its index holds no copy at the tag); each override cites the PR
that CHANGELOG-1.35 lists, and the component versions come from its Dependencies
section (generated from go.mod)."""

from __future__ import annotations

from ports import registry
from ports.kubelet import v1_34_0


@registry.register("kubelet@v1.35.0")
class Kubelet(v1_34_0.Kubelet):
    TAG = "v1.35.0"
    COMMIT = "66452049f3d692768c39c797b21b793dce80314e"
    VERSION = "v1.35.0"

    FAIL_CGROUP_V1_DEFAULT = True
    # KEP-5573's wording, as kubelets from v1.35.0 log it ("failed to validate kubelet
    # configuration, error: ...")
    FAIL_CGROUP_V1_MESSAGE = (
        "kubelet is configured to not run on a host using cgroup v1. cgroup v1 support is "
        "unsupported and will be removed in a future release"
    )
