"""The worked examples of issue 4 (kubernetes#118916, PR #119356), exact, through the stacks.
Trees are plain files at the real paths in pyfakefs plus a FakeHost mount table."""

from __future__ import annotations

import pytest

from ports import registry
from ports.go import host
from sim import pipeline, stacks


def meminfo(total: int, free: int) -> str:
    return (
        f"MemTotal:       {total} kB\nMemFree:        {free} kB\nMemAvailable:   {free} kB\n"
        "SwapTotal:             0 kB\nSwapFree:              0 kB\n"
    )


def test_v2_node_k8s_1_28_3_and_1_29_0(fs):
    fs.create_file("/proc/meminfo", contents=meminfo(16374584, 9505980))
    fs.create_file(
        "/sys/fs/cgroup/memory.stat",
        contents="anon 733749248\nfile 5622517760\ninactive_file 4718592000\n",
    )
    with host.use(host.FakeHost({"/sys/fs/cgroup": "cgroup2fs"})):
        old = pipeline.run(stacks.parse("k8s-1.28.3"))
        new = pipeline.run(stacks.parse("k8s-1.29.0"))
        latest = pipeline.run(stacks.parse("k8s-latest"))
    assert (old.cgroup, old.cadvisor_memory.WorkingSet, old.kubectl.memory) == (
        "v2",
        2314858496,
        "2207Mi",
    )
    assert old.metrics_server_bytes == 2314858496
    # pre-1.1.9 v2 root: SwapUsage is swap-only, so cAdvisor's Swap wraps (uint64)
    assert old.cadvisor_memory.Swap == (1 << 64) - (16374584 - 9505980) * 1024
    assert (new.cadvisor_memory.WorkingSet, new.kubectl.memory) == (1637675008, "1561Mi")
    # opencontainers/cgroups keeps the anon + file root usage
    assert (latest.cadvisor_memory.WorkingSet, latest.kubectl.memory) == (1637675008, "1561Mi")


def _refuses_v1(preset: str) -> bool:
    kubelet = registry.get(stacks.parse(preset).kubelet.registry)()
    return bool(getattr(kubelet, "FAIL_CGROUP_V1_DEFAULT", False))


def test_v1_node_k8s_1_28_3(fs):
    fs.create_file("/proc/meminfo", contents=meminfo(16374584, 9505980))
    base = "/sys/fs/cgroup/memory/"
    fs.create_file(base + "memory.usage_in_bytes", contents="6236864512\n")
    fs.create_file(base + "memory.max_usage_in_bytes", contents="6236864512\n")
    fs.create_file(base + "memory.failcnt", contents="0\n")
    fs.create_file(base + "memory.limit_in_bytes", contents="9223372036854771712\n")
    fs.create_file(base + "memory.use_hierarchy", contents="1\n")
    fs.create_file(
        base + "memory.stat", contents="cache 0\nrss 0\ntotal_inactive_file 4648124416\n"
    )
    mounts = {"/sys/fs/cgroup": "tmpfs", "/sys/fs/cgroup/memory": "cgroup"}
    starts = [s for s in stacks.PRESETS if not _refuses_v1(s)]
    assert len(starts) < len(stacks.PRESETS)  # 1.35+ refuse the cgroup v1 node
    with host.use(host.FakeHost(mounts)):
        results = [pipeline.run(stacks.parse(s)) for s in starts]
        for s in set(stacks.PRESETS) - set(starts):
            with pytest.raises(pipeline.KubeletRefusesToStart):
                pipeline.run(stacks.parse(s))
    # v1 root usage is the kernel's own usage_in_bytes in every version that starts
    for r in results:
        assert (r.cgroup, r.cadvisor_memory.WorkingSet, r.kubectl.memory) == (
            "v1",
            1588740096,
            "1515Mi",
        ), r.stack.name


def test_pr_119356_node_687_mib_apart(fs):
    fs.create_file("/proc/meminfo", contents=meminfo(16374584, 8745124))
    fs.create_file("/sys/fs/cgroup/memory.stat", contents="anon 696201216\nfile 6395928576\n")
    with host.use(host.FakeHost({"/sys/fs/cgroup": "cgroup2fs"})):
        old = pipeline.run(stacks.parse("k8s-1.28.3"))
        new = pipeline.run(stacks.parse("k8s-1.29.0"))
    assert (old.cadvisor_memory.Usage, new.cadvisor_memory.Usage) == (7812567040, 7092129792)
    assert (old.cadvisor_memory.Usage - new.cadvisor_memory.Usage) // (1 << 20) == 687
    # both subtract the same inactive_file (none here), so kubectl top shows the same gap
    assert (old.kubectl.memory, new.kubectl.memory) == ("7450Mi", "6763Mi")
