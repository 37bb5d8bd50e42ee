"""The end of the pipeline as issue 13 found it in Go, through whole stacks: the
metrics-server -> kubectl hand-off goes through the API's JSON (Quantity.MarshalJSON writes
String(), kubectl's UnmarshalJSON runs ParseQuantity, which caps BinarySI at MaxInt64), and
the kubelet's capacity is int64(MemoryCapacity)."""

from __future__ import annotations

from ports.go import host
from sim import pipeline, stacks

V1 = {"/sys/fs/cgroup": "tmpfs", "/sys/fs/cgroup/memory": "cgroup"}
BASE = "/sys/fs/cgroup/memory/"


def v1_node(usage: int, memtotal_kb: int) -> host.FakeHost:
    """A v1 node served from memory (the files the stacks read at their real paths)."""
    files = {
        "/proc/meminfo": f"MemTotal: {memtotal_kb} kB\nMemFree: 1 kB\nSwapTotal: 0 kB\n",
        BASE + "memory.usage_in_bytes": f"{usage}\n",
        BASE + "memory.max_usage_in_bytes": f"{usage}\n",
        BASE + "memory.failcnt": "0\n",
        BASE + "memory.limit_in_bytes": "9223372036854771712\n",
        BASE + "memory.use_hierarchy": "1\n",
        BASE + "memory.stat": "cache 0\nrss 0\ntotal_inactive_file 0\n",
    }
    return host.FakeHost(V1, files={k: v.encode() for k, v in files.items()})


def test_UnmarshalJSON_of_a_10_EiB_working_set():
    # metrics-server holds NewScaledQuantity(v/10, 1) (BinarySI) above MaxInt64; its String
    # is "10Ei", and kubectl's ParseQuantity caps it: real kubectl prints 8796093022207Mi
    ten_eib = 10 << 60
    with host.use(v1_node(ten_eib, 16374584)):
        # (1.35+ refuse this cgroup v1 node: k8s-1.34.0 stands for the newer chain)
        for name in ("k8s-1.28.3", "k8s-1.29.0", "k8s-1.34.0"):
            r = pipeline.run(stacks.parse(name))
            assert r.cadvisor_memory.WorkingSet == ten_eib
            assert r.metrics_server_usage == "10Ei"
            assert r.kubectl.memory == "8796093022207Mi", name


def test_CapacityFromMachineInfo_of_2_63_bytes():
    # MemTotal of 2^63 bytes: int64(MemoryCapacity) is negative, allocatable is 0, and the
    # MEMORY% over allocatable 0 is int64(+Inf) (v0.28.3) or 0% (v0.36.3's zero check)
    node = v1_node(1 << 30, (1 << 63) // 1024)
    with host.use(node):
        old = pipeline.run(stacks.parse("k8s-1.28.3"))
        latest = pipeline.run(stacks.parse("k8s-1.34.0"))  # 1.35+ refuse the v1 node
    assert (old.node_capacity, old.node_allocatable) == (-(1 << 63), 0)
    assert (old.kubectl.memory, old.kubectl.memory_percent) == ("1024Mi", "-9223372036854775808%")
    assert latest.kubectl.memory_percent == "0%"
    # --show-capacity: the capacity -2^63 comes back from its string "-9223372036854775808"
    # as a DecimalSI inf.Dec whose MilliValue wraps to 0: +Inf again (checked against
    # kubectl 1.32.3's metricsutil in the oracle tier)
    with host.use(node):
        cap = pipeline.run(stacks.parse("k8s-1.28.3"), show_capacity=True)
    assert cap.kubectl.memory_percent == "-9223372036854775808%"
