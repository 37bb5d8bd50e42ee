"""failCgroupV1 (pkg/kubelet/apis/config/validation/validation_linux.go
validateKubeletOSConfiguration): from v1.31 the kubelet can refuse cgroup v1 hosts, from v1.35
it does by default (KEP-5573), with the newer text; memsim reports that as a failure class."""

from __future__ import annotations

import pytest

from ports import registry
from ports.go import host
from sim import compare, pipeline, stacks

OLD = (
    "kubelet is configured to not run on a host using cgroup v1. cgroup v1 support is in "
    "maintenance mode"
)
NEW = (
    "kubelet is configured to not run on a host using cgroup v1. cgroup v1 support is "
    "unsupported and will be removed in a future release"
)


@pytest.mark.parametrize(
    ("version", "default_refuses", "text"),
    [
        ("kubelet@v1.31.0", False, OLD),
        ("kubelet@v1.34.0", False, OLD),
        ("kubelet@v1.35.0", True, NEW),
        ("kubelet@v1.36.0", True, NEW),
    ],
)
def test_validate_kubelet_os_configuration(version, default_refuses, text):
    K = registry.get(version)()
    assert K.validateKubeletOSConfiguration(True) is None  # cgroup v2: always fine
    assert K.validateKubeletOSConfiguration(True, failCgroupV1=True) is None
    err = K.validateKubeletOSConfiguration(False)
    assert (err is not None) is default_refuses
    err = K.validateKubeletOSConfiguration(False, failCgroupV1=True)
    assert err is not None and err.Error() == text
    assert K.validateKubeletOSConfiguration(False, failCgroupV1=False) is None


def test_older_kubelets_have_no_check():
    assert not hasattr(registry.get("kubelet@v1.30.0")(), "validateKubeletOSConfiguration")


V1 = {"/sys/fs/cgroup": "tmpfs", "/sys/fs/cgroup/memory": "cgroup"}


def test_pipeline_raises_and_diff_reports_a_failure_class():
    fake = host.FakeHost(V1, files={"/sys/fs/cgroup/memory/cgroup.procs": b""})
    with host.use(fake), pytest.raises(pipeline.KubeletRefusesToStart, match="cgroup v1"):
        pipeline.run(stacks.parse("k8s-1.35.0"))
    e = pipeline.KubeletRefusesToStart("k8s-1.35.0", NEW)
    lay = compare.failure(e.cls, e.message, e.component)
    assert lay == {"failure": {"class": "refuses-to-start", "error": NEW, "layer": "kubelet"}}
    assert compare.errors_of(lay) == ["kubelet:refuses-to-start"]
