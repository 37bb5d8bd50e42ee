"""A cgroup v1 (hybrid) node on a 6.11+ kernel built without CONFIG_MEMCG_V1: the v1 memory
hierarchy cannot be mounted, so /sys/fs/cgroup/memory does not exist while the other v1
controllers do. Built here from the v1 worked example's /proc/meminfo and the usual systemd
layout minus memory (fake_sysfs's own CONFIG_MEMCG_V1=n profile belongs to issue 12's work).

What the ported code then does, release by release:
- runc (IsCgroup2UnifiedMode: /sys/fs/cgroup is tmpfs, so v1) finds no memory path and reads
  no memory file: no error, every memory counter 0;
- cAdvisor's raw handler for "/" still says HasMemory with the machine's MemTotal as the limit,
  and its working set is 0;
- the kubelet's Summary has workingSetBytes 0 and availableBytes = the whole MemTotal (the node
  looks empty to memory.available), metrics-server drops the node (memory 0) and kubectl top
  node says "metrics not available yet";
- from 1.35 the kubelet refuses the cgroup v1 node before any of this.
"""

from __future__ import annotations

import pytest

from ports import registry
from ports.go import host
from sim import pipeline, stacks

MEMINFO = (
    b"MemTotal:       16374584 kB\nMemFree:         9505980 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n"
)
MOUNTS = {
    "/sys/fs/cgroup": "tmpfs",
    "/sys/fs/cgroup/cpu,cpuacct": "cgroup",
    "/sys/fs/cgroup/pids": "cgroup",
    "/sys/fs/cgroup/unified": "cgroup2fs",
}
FILES = {
    "/proc/meminfo": MEMINFO,
    "/sys/fs/cgroup/cpu,cpuacct/cgroup.procs": b"",
    "/sys/fs/cgroup/pids/cgroup.procs": b"",
    "/sys/fs/cgroup/unified/cgroup.controllers": b"",
}
MEM_TOTAL = 16374584 * 1024


def _refuses(preset: str) -> bool:
    k = registry.get(stacks.parse(preset).kubelet.registry)()
    return bool(getattr(k, "FAIL_CGROUP_V1_DEFAULT", False))


@pytest.mark.parametrize("preset", list(stacks.PRESETS))
def test_no_v1_memory_controller(preset):
    with host.use(host.FakeHost(MOUNTS, files=FILES)):
        if _refuses(preset):
            with pytest.raises(pipeline.KubeletRefusesToStart, match="using cgroup v1"):
                pipeline.run(stacks.parse(preset))
            return
        r = pipeline.run(stacks.parse(preset))
    assert r.cgroup == "v1" and r.runc_error is None
    assert r.cadvisor_spec.HasMemory and r.cadvisor_spec.Memory.Limit == MEM_TOTAL
    assert r.cadvisor_memory is not None
    assert (r.cadvisor_memory.Usage, r.cadvisor_memory.WorkingSet) == (0, 0)
    m = r.kubelet_memory
    assert (m.UsageBytes, m.WorkingSetBytes, m.AvailableBytes) == (0, 0, MEM_TOTAL)
    assert r.metrics_server_bytes is None
    assert r.kubectl.error == "metrics not available yet"
