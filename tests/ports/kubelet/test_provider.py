"""kubelet pkg/kubelet/stats/provider_test.go TestGetCgroupStats / TestGetCgroupCPUAndMemoryStats,
seed 1000 (getTestContainerInfo, checkMemoryStats, checkSwapStats)."""

from __future__ import annotations

import pytest

from ports import registry
from ports.cadvisor.v0_47_3.info import v1, v2

SEED = 1000


class Mock:
    def ContainerInfoV2(self, name, opts):
        assert opts["Count"] == 2 and opts["Recursive"] is False
        spec = v2.ContainerSpec(
            HasCpu=True,
            HasMemory=True,
            HasNetwork=True,
            Memory=v1.MemorySpec(Limit=1 << 63, SwapLimit=1 << 63),
        )
        mem = v1.MemoryStats(Usage=SEED + 4, WorkingSet=SEED + 6, RSS=SEED + 5, Swap=SEED + 20)
        mem.ContainerData.Pgfault, mem.ContainerData.Pgmajfault = SEED + 2, SEED + 3
        return {name: v2.ContainerInfo(spec, [v2.ContainerStats(Memory=mem)])}, None


@pytest.mark.parametrize(
    "version", ["kubelet@v1.28.3", "kubelet@v1.29.0", "kubelet@master-95f08499"]
)
def test_get_cgroup_stats(version):
    cs, err = registry.get(version)().GetCgroupStats(Mock(), "test-cgroup-name", False)
    assert err is None and cs.Name == "test-cgroup-name"
    m = cs.Memory
    assert (m.UsageBytes, m.WorkingSetBytes, m.RSSBytes, m.PageFaults, m.MajorPageFaults) == (
        1004,
        1006,
        1005,
        1002,
        1003,
    )
    assert m.AvailableBytes is None
    assert (cs.Swap.SwapUsageBytes, cs.Swap.SwapAvailableBytes) == (1020, None)


@pytest.mark.parametrize(
    ("version", "swap"), [("kubelet@v1.28.3", None), ("kubelet@master-95f08499", 1020)]
)
def test_get_cgroup_cpu_and_memory_stats(version, swap):
    cs, err = registry.get(version)().GetCgroupCPUAndMemoryStats(Mock(), "test-cgroup-name", False)
    assert err is None
    m = cs.Memory
    assert (m.UsageBytes, m.WorkingSetBytes, m.RSSBytes, m.PageFaults, m.MajorPageFaults) == (
        1004,
        1006,
        1005,
        1002,
        1003,
    )
    assert (cs.Swap.SwapUsageBytes if cs.Swap else None) == swap
