"""Every capture of the bundled corpus (fake_sysfs.builtin_captures(), a copy of
../shared/recorded) explains without error through every preset, and its node working set is
what the upstream formulas give on the capture's own files, written out here:

    cgroup v1, every stack:     memory.usage_in_bytes - memory.stat total_inactive_file
    cgroup v2, k8s-1.28.3:      (MemTotal - MemFree) x 1024 - memory.stat inactive_file
    cgroup v2, k8s-1.29.0 and
    k8s-latest:                 memory.stat (anon + file) - inactive_file

(each floored at 0), and kubectl top node prints it as working set / 2^20, truncated, "Mi".
"""

from __future__ import annotations

import pytest

import fake_sysfs
from ports import registry
from sim import pipeline, stacks
from sim.commands.explain import explain

CAPTURES = fake_sysfs.builtin_captures()


def test_the_corpus_is_there():
    assert len(CAPTURES) == 8
    assert {c.split("/")[0] for c in CAPTURES} == {"v1-kernel6.18", "v2-kernel6.18"}


def kv(data: bytes, sep: str) -> dict[str, int]:
    out = {}
    for line in data.decode().splitlines():
        k, _, v = line.partition(sep)
        out[k.strip()] = int(v.split()[0])
    return out


def expected_working_set(tree: fake_sysfs.Tree, stack: str) -> int:
    if not tree.is_v2:
        m = "/sys/fs/cgroup/memory/"
        usage = int(tree.files[m + "memory.usage_in_bytes"])
        inactive = kv(tree.files[m + "memory.stat"], " ")["total_inactive_file"]
        return max(usage - inactive, 0)
    stat = kv(tree.files["/sys/fs/cgroup/memory.stat"], " ")
    if stack == "k8s-1.28.3":
        mi = kv(tree.files["/proc/meminfo"], ":")
        usage = (mi["MemTotal"] - mi["MemFree"]) * 1024
    else:
        usage = stat["anon"] + stat["file"]
    return max(usage - stat["inactive_file"], 0)


@pytest.mark.parametrize("stack", list(stacks.PRESETS))
@pytest.mark.parametrize("name", CAPTURES)
def test_capture_explains_to_the_formula(name, stack):
    tree = fake_sysfs.load_capture("builtin:" + name)
    kubelet = registry.get(stacks.parse(stack).kubelet.registry)()
    if name.startswith("v1-") and getattr(kubelet, "FAIL_CGROUP_V1_DEFAULT", False):
        # v1.35+ (failCgroupV1 on by default): the kubelet refuses the cgroup v1 node
        with pytest.raises(pipeline.KubeletRefusesToStart, match="using cgroup v1"):
            explain(stacks.parse(stack), tree)
        return
    res, steps = explain(stacks.parse(stack), tree)
    ws = expected_working_set(tree, stack)
    assert res.runc_error is None and res.cadvisor_ignored_error is None
    assert res.cadvisor_memory is not None and res.cadvisor_memory.WorkingSet == ws
    assert res.kubelet_memory.WorkingSetBytes == ws
    assert res.metrics_server_bytes == ws
    assert res.kubectl.error is None
    assert res.kubectl.memory == f"{ws // 2**20}Mi"
    assert [s.layer for s in steps][-1] == "kubectl"
    assert all(s.upstream for s in steps)
