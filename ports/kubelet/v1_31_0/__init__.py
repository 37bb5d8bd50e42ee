"""kubelet@v1.31.0 (kubernetes/kubernetes v1.31.0 = 9edcffcde5595e8a5b1a35f88c421764e575afce).

No change to the ported functions is known. v1.31 adds the failCgroupV1 option (PR #126031,
default false: validateKubeletOSConfiguration refuses cgroup v1 only when it is set).

The kubernetes tree at this tag is not readable here (the repository is larger than
memsim's fetch limit and its index holds no copy at the tag); each override cites the PR
that CHANGELOG-1.31 lists, and the component versions come from its Dependencies
section (generated from go.mod)."""

from __future__ import annotations

from typing import Any

from ports import registry
from ports.go import fmt
from ports.kubelet import v1_30_0
from ports.provenance import upstream

VALIDATION = "kubernetes/kubernetes@v1.31.0 pkg/kubelet/apis/config/validation/validation_linux.go"


@registry.register("kubelet@v1.31.0")
class Kubelet(v1_30_0.Kubelet):
    TAG = "v1.31.0"
    COMMIT = "9edcffcde5595e8a5b1a35f88c421764e575afce"
    VERSION = "v1.31.0"

    # KubeletConfiguration.FailCgroupV1's default (pkg/kubelet/apis/config/v1beta1/defaults.go)
    FAIL_CGROUP_V1_DEFAULT = False

    @upstream(
        f"{VALIDATION}:30-41",
        deviation="line range read at a later commit of the file (the text is as in v1.31-v1.34); "
        "only the failCgroupV1 check is ported (singleProcessOOMKill is not modelled)",
    )
    def validateKubeletOSConfiguration(
        self, cgroup2: bool, failCgroupV1: bool | None = None
    ) -> Any:
        """The check the kubelet runs before it starts: nil, or the error it exits with.
        `cgroup2` is libcontainercgroups.IsCgroup2UnifiedMode(); `failCgroupV1` None is the
        version's default."""
        if failCgroupV1 is None:
            failCgroupV1 = self.FAIL_CGROUP_V1_DEFAULT
        isCgroup1 = not cgroup2
        if failCgroupV1 and isCgroup1:
            return fmt.Errorf(self.FAIL_CGROUP_V1_MESSAGE)
        return None

    FAIL_CGROUP_V1_MESSAGE = (
        "kubelet is configured to not run on a host using cgroup v1. cgroup v1 support is in "
        "maintenance mode"
    )
