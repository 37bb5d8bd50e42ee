"""The kubelet port fixes of issue 13, each against the Go it translates:
pkg/kubelet/cadvisor/util.go CapacityFromMachineInfo (the int64 conversion),
pkg/kubelet/server/stats/summary.go Get (node StartTime = systemBootTime) and
pkg/kubelet/metrics/collectors/resource_metrics.go collectNodeSwapMetrics (stamped with
Memory.Time), at v1.28.3; the later versions inherit them."""

from __future__ import annotations

import pytest

from ports import registry
from ports.cadvisor.v0_47_3.info import v1, v2
from ports.cadvisor.v0_47_3.info.v1.machine import MachineInfo
from ports.go import time
from ports.go.builtin import GoPanic
from ports.kubelet.v1_28_3 import AllocatableConfig
from ports.kubelet.v1_28_3.pkg.apis.stats.v1alpha1 import MemoryStats, NodeStats, SwapStats

KUBELETS = ["kubelet@v1.28.3", "kubelet@v1.29.0", "kubelet@master-95f08499"]


@pytest.mark.parametrize("version", KUBELETS)
def test_CapacityFromMachineInfo(version):
    K = registry.get(version)()

    def memory(capacity: int) -> int:
        return K.CapacityFromMachineInfo(MachineInfo(MemoryCapacity=capacity))["memory"]

    assert memory(16374584 * 1024) == 16374584 * 1024
    # NewQuantity(int64(info.MemoryCapacity), BinarySI): a MemoryCapacity of 2^63 is
    # MinInt64, and allocatable (capacity - reservation, floored) is 0
    capacity = memory(1 << 63)
    assert capacity == -(1 << 63)
    assert K.allocatable_memory(capacity, AllocatableConfig()) == 0
    assert memory((1 << 64) - 1024) == -1024


class _Root:
    """cAdvisor's answer for "/": one sample, the root's CreationTime differs from the boot
    time (as on a real node: the earliest cgroup directory mtime, bounded by the boot)."""

    def ContainerInfoV2(self, name, opts):
        spec = v2.ContainerSpec(
            CreationTime=time.Unix(1700000100, 0),
            HasCpu=True,
            HasMemory=True,
            Memory=v1.MemorySpec(Limit=1 << 34, SwapLimit=1 << 30),
        )
        mem = v1.MemoryStats(Usage=5 << 20, WorkingSet=4 << 20, Swap=1 << 20)
        stats = v2.ContainerStats(Timestamp=time.Unix(1700000200, 0), Memory=mem)
        return {name: v2.ContainerInfo(spec, [stats])}, None


@pytest.mark.parametrize("version", KUBELETS)
def test_Get_node_StartTime_is_systemBootTime(version):
    K = registry.get(version)()
    boot = time.Unix(1699990000, 0)
    K.systemBootTime = boot
    s, err = K.Get(_Root(), "node", False)
    assert err is None and s.StartTime == boot
    # GetCPUAndMemoryStats (what /metrics/resource reads) keeps the root's CreationTime
    s, err = K.GetCPUAndMemoryStats(_Root(), "node")
    assert err is None and s.StartTime == time.Unix(1700000100, 0)


def test_Get_node_StartTime_without_boot_time_is_zero():
    # NewSummaryProvider leaves systemBootTime zero when util.GetBootTime fails
    s, _ = registry.get("kubelet@v1.28.3")().Get(_Root(), "node", False)
    assert s.StartTime == time.ZERO


@pytest.mark.parametrize("version", KUBELETS)
def test_collectNodeSwapMetrics(version):
    K = registry.get(version)()
    mem_t, swap_t = time.Unix(1700000000, 5_000_000), time.Unix(1600000000, 0)
    s = NodeStats(
        Memory=MemoryStats(Time=mem_t, WorkingSetBytes=1),
        Swap=SwapStats(Time=swap_t, SwapUsageBytes=500),
    )
    ch = []
    K.collectNodeSwapMetrics(ch, s)
    assert len(ch) == 1 and ch[0].value == 500.0
    assert ch[0].time == mem_t  # s.Memory.Time.Time, not s.Swap.Time
    # the exposition line carries the memory sample's time in milliseconds
    assert "node_swap_usage_bytes 500 1700000000005\n" in K.metrics_resource(s, None)


def test_collectNodeSwapMetrics_without_Memory_panics():
    s = NodeStats(Swap=SwapStats(Time=time.Unix(1, 0), SwapUsageBytes=500))
    with pytest.raises(GoPanic, match="nil pointer dereference"):
        registry.get("kubelet@v1.28.3")().collectNodeSwapMetrics([], s)
