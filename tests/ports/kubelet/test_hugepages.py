"""Hugepages in the kubelet's node capacity and allocatable memory.

Upstream tests (kubernetes/kubernetes, read in the one stored copy of each file the index holds,
not at a release tag: pkg/kubelet/cadvisor/util_test.go at 1a821ff5 and
pkg/kubelet/nodestatus/setters_test.go at 0064010c; their hugepage cases are the same in every
copy found): TestCapacityFromMachineInfoWithHugePagesEnable, and the memory rows of TestMachineInfo
("machine identifiers, basic capacity and allocatable", "allocatable should equal capacity minus
reservations", "allocatable memory does not double-count hugepages reservations"). memsim models
memory only, so their cpu and pods rows are left out.

Then the pipeline on a world with a hugetlb pool: MEMORY% is the kubelet's arithmetic."""

from __future__ import annotations

import pytest

from fake_sysfs import random_world, render
from ports import registry
from ports.cadvisor.v0_47_3.info.v1.machine import HugePagesInfo, MachineInfo
from ports.go import host
from ports.kubelet.v1_28_3 import AllocatableConfig
from ports.kubelet.v1_28_3.pkg.kubelet.eviction import ParseThresholdConfig
from sim import pipeline, stacks

KUBELETS = [n for n in registry.names() if n.startswith("kubelet@")]
NO_RESERVATION = AllocatableConfig(0, 0, ())  # no --eviction-hard memory threshold either
Mi = 1 << 20


@pytest.mark.parametrize("version", KUBELETS)
def test_TestCapacityFromMachineInfoWithHugePagesEnable(version: str) -> None:
    K = registry.get(version)()
    machineInfo = MachineInfo(
        MemoryCapacity=2048, HugePages=[HugePagesInfo(PageSize=5, NumPages=10)]
    )
    expected = {"memory": 2048, "hugepages-5Ki": 51200}  # (cpu: NumCores 2 -> 2000m, not modelled)
    assert K.CapacityFromMachineInfo(machineInfo) == expected


@pytest.mark.parametrize("version", KUBELETS)
def test_TestMachineInfo_memory_rows(version: str) -> None:
    K = registry.get(version)()
    info = MachineInfo(MemoryCapacity=1024)
    capacity = K.CapacityFromMachineInfo(info)
    # "machine identifiers, basic capacity and allocatable"
    assert capacity == {"memory": 1024}
    assert K.allocatable_memory(capacity["memory"], NO_RESERVATION, capacity) == 1024
    # "allocatable should equal capacity minus reservations": 1 unit of memory reserved
    assert K.allocatable_memory(1024, AllocatableConfig(1, 0, ()), capacity) == 1023
    # "allocatable memory does not double-count hugepages reservations": the node already has
    # capacity hugepages-test = 1 (ResourceHugePagesPrefix + "test"), no reservation
    node_capacity = {**capacity, "hugepages-test": 1}
    assert K.allocatable_memory(1024, NO_RESERVATION, node_capacity) == 1023


def test_hugepages_come_off_after_the_reservation_each_floored_at_0() -> None:
    K = registry.get("kubelet@v1.28.3")()
    cap = {"memory": 10 * Mi, "hugepages-2Mi": 4 * Mi, "hugepages-1Gi": 0}
    hard, _ = ParseThresholdConfig([], {"memory.available": "1Mi"}, None, None, None)
    cfg = AllocatableConfig(system_reserved=Mi, kube_reserved=Mi, eviction_hard=tuple(hard or ()))
    assert K.allocatable_memory(10 * Mi, cfg, cap) == 3 * Mi
    assert K.allocatable_memory(10 * Mi, cfg, {**cap, "hugepages-2Mi": 8 * Mi}) == 0
    # the reservation alone above capacity: 0, and the hugepages take nothing more
    assert K.allocatable_memory(2 * Mi, cfg, cap) == 0
    # names without the prefix are not hugepages (the setter's IsHugePageResourceName)
    assert K.allocatable_memory(10 * Mi, cfg, {**cap, "example.com/hugepages-2Mi": Mi}) == 3 * Mi


def test_capacity_is_computed_in_int64() -> None:
    K = registry.get("kubelet@v1.28.3")()
    # PageSize*1024 is a uint64 product, the total an int64 product: both wrap as in Go
    big = MachineInfo(MemoryCapacity=0, HugePages=[HugePagesInfo(PageSize=2048, NumPages=1 << 42)])
    assert K.CapacityFromMachineInfo(big)["hugepages-2Mi"] == -(1 << 63)  # 2^21 x 2^42
    wrapped = MachineInfo(MemoryCapacity=0, HugePages=[HugePagesInfo(PageSize=1 << 54, NumPages=1)])
    assert K.CapacityFromMachineInfo(wrapped) == {"memory": 0, "hugepages-0": 0}  # 2^64 wraps
    gib = MachineInfo(MemoryCapacity=0, HugePages=[HugePagesInfo(PageSize=1048576, NumPages=3)])
    assert K.CapacityFromMachineInfo(gib) == {"memory": 0, "hugepages-1Gi": 3 << 30}


def _pool_world() -> tuple[object, object]:
    for seed in range(100):
        w = random_world(seed)
        if w.node.hugepages_total > 100:
            return w, render(w, "v2", scope="node")
    raise AssertionError("no world with a hugetlb pool")


@pytest.mark.parametrize("stack", ["k8s-1.28.3", "k8s-1.31.0", "k8s-1.36.0"])
def test_memory_percent_on_a_hugepage_node_is_the_kubelets_arithmetic(stack: str) -> None:
    moved = checked = 0
    for seed in range(120):
        w = random_world(seed)
        if not w.node.hugepages_total:
            continue
        t = render(w, "v2", scope="node")
        with host.use(host.FakeHost(t.mounts, files=t.files)):
            res = pipeline.run(stacks.parse(stack))
        mem_total = w.node.mem_total * 4096
        pool = w.node.hugepages_total * w.node.hugepage_kb * 1024
        assert res.node_capacity == mem_total
        assert res.node_hugepages == {"hugepages-2Mi": pool}
        want_alloc = max(max(mem_total - 100 * Mi, 0) - pool, 0)
        assert res.node_allocatable == want_alloc
        usage = res.metrics_server_bytes
        if usage is None:
            continue
        # kubectl: int64(float64(usage milli) / float64(allocatable milli) * 100)
        want = f"{int(usage * 1000 / (want_alloc * 1000) * 100)}%"
        assert res.kubectl.memory_percent == want, seed
        checked += 1
        moved += want != f"{int(usage * 1000 / ((mem_total - 100 * Mi) * 1000) * 100)}%"
    assert checked > 10 and moved > 3  # the pool moved MEMORY% on several of them


def test_a_node_without_a_pool_keeps_memtotal_minus_the_reservation() -> None:
    w = next(random_world(s) for s in range(100) if not random_world(s).node.hugepages_total)
    t = render(w, "v2", scope="node")
    with host.use(host.FakeHost(t.mounts, files=t.files)):
        res = pipeline.run(stacks.parse("k8s-1.28.3"))
    assert res.node_hugepages == {"hugepages-2Mi": 0}
    assert res.node_allocatable == w.node.mem_total * 4096 - 100 * Mi


@pytest.mark.parametrize(("value", "why"), [(b"max\n", '"max"'), (b"\n", '""')])
def test_an_unparsable_pool_stops_the_kubelet_as_upstream(value: bytes, why: str) -> None:
    _, t = _pool_world()
    files = dict(t.files)  # type: ignore[attr-defined]
    files["/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages"] = value
    with host.use(host.FakeHost(t.mounts, files=files)), pytest.raises(pipeline.StackFailed) as e:  # type: ignore[attr-defined]
        pipeline.run(stacks.parse("k8s-1.28.3"))
    assert e.value.cls == "fatal" and e.value.component == "cadvisor"
    assert e.value.message == (
        f"failed to run Kubelet: could not parse file nr_hugepage for hugepages-2048kB, contents {why}"
    )


def test_explain_shows_the_hugepage_read_and_the_allocatable_term() -> None:
    w, t = _pool_world()
    with host.use(host.FakeHost(t.mounts, files=t.files)):  # type: ignore[attr-defined]
        res = pipeline.run(stacks.parse("k8s-1.28.3"), record=True)
    nr = "/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages"
    # machine.Info: MemTotal, SwapTotal, then the pools (before any handler)
    assert [(r.layer, r.path) for r in (res.reads or ())[:3]] == [
        ("cadvisor", "/proc/meminfo"),
        ("cadvisor", "/proc/meminfo"),
        ("cadvisor", nr),
    ]
    steps = {s.name: s for s in pipeline.teach(res)}
    n = w.node.hugepages_total  # type: ignore[attr-defined]
    hp = steps["MachineInfo.HugePages"]
    assert hp.value == f"2048kB x {n}"
    assert hp.formula.endswith(f"hugepages-2048kB/nr_hugepages = {n}")
    cap = steps["node capacity hugepages-2Mi"]
    assert cap.value == n * 2 * Mi and cap.formula.endswith(f"= 2048 x 1024 x {n}")
    alloc = steps["node allocatable memory"]
    assert alloc.value == res.node_allocatable
    assert alloc.formula.endswith(
        f"= ({res.node_capacity} - 0 - 0 - {100 * Mi}) - {n * 2 * Mi} (hugepages-2Mi)"
    )


def test_a_1g_pool_is_hugepages_1Gi_and_the_2Mi_size_is_listed_empty() -> None:
    from fake_sysfs import Mix

    w = next(
        w
        for w in (random_world(s, mix=Mix(huge_p=1.0, huge_1g_p=1.0)) for s in range(40))
        if w.node.hugepage_kb == 1048576
    )
    t = render(w, "v2", scope="node")
    with host.use(host.FakeHost(t.mounts, files=t.files)):
        res = pipeline.run(stacks.parse("k8s-1.36.0"))
    gib = w.node.hugepages_total << 30
    assert res.machine_info is not None
    assert res.machine_info.HugePages == [
        HugePagesInfo(PageSize=1048576, NumPages=w.node.hugepages_total),
        HugePagesInfo(PageSize=2048, NumPages=0),
    ]
    assert res.node_hugepages == {"hugepages-1Gi": gib, "hugepages-2Mi": 0}
    assert res.node_allocatable == max(w.node.mem_total * 4096 - 100 * Mi - gib, 0)
