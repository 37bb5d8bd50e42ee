"""pkg/kubelet/eviction (kubernetes v1.28.3, read from the blob-identical v1.28.0/v1.28.7
source copies): helpers_test.go's tests of what memsim ports, with their fixtures and expected
values, and cm's TestNodeAllocatableReservationForScheduling (memory cases) for the
hard-eviction reservation."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from ports.apimachinery.v0_28_3.pkg.api.resource import BinarySI, MustParse, NewQuantity
from ports.go import time
from ports.kubelet.v1_28_3 import AllocatableConfig, Kubelet
from ports.kubelet.v1_28_3.pkg.apis.stats.v1alpha1 import (
    ContainerStats,
    FsStats,
    MemoryStats,
    NodeStats,
    PodReference,
    PodStats,
    RuntimeStats,
    Summary,
    SystemContainerPods,
)
from ports.kubelet.v1_28_3.pkg.kubelet.eviction import api as evictionapi
from ports.kubelet.v1_28_3.pkg.kubelet.eviction.api import Threshold, ThresholdValue, float32
from ports.kubelet.v1_28_3.pkg.kubelet.eviction.helpers import (
    NodeMemoryPressure,
    ParseThresholdConfig,
    addAllocatableThresholds,
    compareThresholdValue,
    getReclaimableThreshold,
    hasThreshold,
    makeSignalObservations,
    nodeConditions,
    parsePercentage,
    thresholdsMet,
)
from ports.kubelet.v1_28_3.pkg.kubelet.eviction.types import signalObservation
from ports.kubelet.v1_28_3.pkg.kubelet.types import NodeAllocatableEnforcementKey

Mi = 1 << 20
Gi = 1 << 30


def q(s: str):  # quantityMustParse
    return MustParse(s)


def T(signal, value, *, grace=0, min_reclaim=None) -> Threshold:
    return Threshold(
        Signal=signal,
        Operator=evictionapi.OpLessThan,
        Value=value,
        GracePeriod=grace,
        MinReclaim=min_reclaim,
    )


def Qv(s: str) -> ThresholdValue:
    return ThresholdValue(Quantity=q(s))


def Pv(p: float) -> ThresholdValue:  # a Go float32 literal
    return ThresholdValue(Percentage=float32(p))


def thresholdEqual(a: Threshold, b: Threshold) -> bool:
    assert a.MinReclaim is not None and b.MinReclaim is not None  # *a.MinReclaim in Go
    return (
        a.GracePeriod == b.GracePeriod
        and a.Operator == b.Operator
        and a.Signal == b.Signal
        and compareThresholdValue(a.MinReclaim, b.MinReclaim)
        and compareThresholdValue(a.Value, b.Value)
    )


def thresholdsEqual(expected: list[Threshold], actual: list[Threshold]) -> bool:
    if len(expected) != len(actual):
        return False
    return all(any(thresholdEqual(a, b) for b in actual) for a in expected) and all(
        any(thresholdEqual(a, b) for b in expected) for a in actual
    )


def thresholdListEqual(s1: list[Threshold], s2: list[Threshold]) -> bool:
    return len(s1) == len(s2) and all(hasThreshold(s2, item) for item in s1)


# ---------------------------------------------------------------- TestParseThresholdConfig

S = evictionapi
GRACE = 30 * time.Second
PARSE_CASES = {
    "no values": ([], {}, {}, {}, {}, False, []),
    "all memory eviction values": (
        [NodeAllocatableEnforcementKey],
        {"memory.available": "150Mi"},
        {"memory.available": "300Mi"},
        {"memory.available": "30s"},
        {"memory.available": "0"},
        False,
        [
            T(S.SignalAllocatableMemoryAvailable, Qv("150Mi"), min_reclaim=Qv("0")),
            T(S.SignalMemoryAvailable, Qv("150Mi"), min_reclaim=Qv("0")),
            T(S.SignalMemoryAvailable, Qv("300Mi"), grace=GRACE, min_reclaim=Qv("0")),
        ],
    ),
    "all memory eviction values in percentages": (
        [],
        {"memory.available": "10%"},
        {"memory.available": "30%"},
        {"memory.available": "30s"},
        {"memory.available": "5%"},
        False,
        [
            T(S.SignalMemoryAvailable, Pv(0.1), min_reclaim=Pv(0.05)),
            T(S.SignalMemoryAvailable, Pv(0.3), grace=GRACE, min_reclaim=Pv(0.05)),
        ],
    ),
    "disk eviction values": (
        [],
        {"imagefs.available": "150Mi", "nodefs.available": "100Mi"},
        {"imagefs.available": "300Mi", "nodefs.available": "200Mi"},
        {"imagefs.available": "30s", "nodefs.available": "30s"},
        {"imagefs.available": "2Gi", "nodefs.available": "1Gi"},
        False,
        [
            T(S.SignalImageFsAvailable, Qv("150Mi"), min_reclaim=Qv("2Gi")),
            T(S.SignalNodeFsAvailable, Qv("100Mi"), min_reclaim=Qv("1Gi")),
            T(S.SignalImageFsAvailable, Qv("300Mi"), grace=GRACE, min_reclaim=Qv("2Gi")),
            T(S.SignalNodeFsAvailable, Qv("200Mi"), grace=GRACE, min_reclaim=Qv("1Gi")),
        ],
    ),
    "disk eviction values in percentages": (
        [],
        {"imagefs.available": "15%", "nodefs.available": "10.5%"},
        {"imagefs.available": "30%", "nodefs.available": "20.5%"},
        {"imagefs.available": "30s", "nodefs.available": "30s"},
        {"imagefs.available": "10%", "nodefs.available": "5%"},
        False,
        [
            T(S.SignalImageFsAvailable, Pv(0.15), min_reclaim=Pv(0.1)),
            T(S.SignalNodeFsAvailable, Pv(0.105), min_reclaim=Pv(0.05)),
            T(S.SignalImageFsAvailable, Pv(0.3), grace=GRACE, min_reclaim=Pv(0.1)),
            T(S.SignalNodeFsAvailable, Pv(0.205), grace=GRACE, min_reclaim=Pv(0.05)),
        ],
    ),
    "inode eviction values": (
        [],
        {"imagefs.inodesFree": "150Mi", "nodefs.inodesFree": "100Mi"},
        {"imagefs.inodesFree": "300Mi", "nodefs.inodesFree": "200Mi"},
        {"imagefs.inodesFree": "30s", "nodefs.inodesFree": "30s"},
        {"imagefs.inodesFree": "2Gi", "nodefs.inodesFree": "1Gi"},
        False,
        [
            T(S.SignalImageFsInodesFree, Qv("150Mi"), min_reclaim=Qv("2Gi")),
            T(S.SignalNodeFsInodesFree, Qv("100Mi"), min_reclaim=Qv("1Gi")),
            T(S.SignalImageFsInodesFree, Qv("300Mi"), grace=GRACE, min_reclaim=Qv("2Gi")),
            T(S.SignalNodeFsInodesFree, Qv("200Mi"), grace=GRACE, min_reclaim=Qv("1Gi")),
        ],
    ),
    "disable via 0%": (
        [],
        {"memory.available": "0%"},
        {"memory.available": "0%"},
        None,
        None,
        False,
        [],
    ),
    "disable via 100%": (
        [],
        {"memory.available": "100%"},
        {"memory.available": "100%"},
        None,
        None,
        False,
        [],
    ),
    "invalid-signal": ([], {"mem.available": "150Mi"}, {}, {}, {}, True, []),
    "hard-signal-negative": ([], {"memory.available": "-150Mi"}, {}, {}, {}, True, []),
    "hard-signal-negative-percentage": ([], {"memory.available": "-15%"}, {}, {}, {}, True, []),
    "hard-signal-percentage-greater-than-100%": (
        [],
        {"memory.available": "150%"},
        {},
        {},
        {},
        True,
        [],
    ),
    "soft-signal-negative": ([], {}, {"memory.available": "-150Mi"}, {}, {}, True, []),
    "valid-and-invalid-signal": (
        [],
        {"memory.available": "150Mi", "invalid.foo": "150Mi"},
        {},
        {},
        {},
        True,
        [],
    ),
    "soft-no-grace-period": ([], {}, {"memory.available": "150Mi"}, {}, {}, True, []),
    "soft-negative-grace-period": (
        [],
        {},
        {"memory.available": "150Mi"},
        {"memory.available": "-30s"},
        {},
        True,
        [],
    ),
    "negative-reclaim": ([], {}, {}, {}, {"memory.available": "-300Mi"}, True, []),
}


@pytest.mark.parametrize("name", list(PARSE_CASES))
def test_TestParseThresholdConfig(name):
    alloc, hard, soft, grace, reclaim, expect_err, expected = PARSE_CASES[name]
    thresholds, err = ParseThresholdConfig(alloc, hard, soft, grace, reclaim)
    assert expect_err == (err is not None), err
    assert thresholdsEqual(expected, thresholds or [])


def test_TestParseThresholdConfig_error_texts():
    # the texts behind expectErr, as the kubelet prints them
    def err(hard=None, soft=None, grace=None, reclaim=None) -> str:
        _, e = ParseThresholdConfig([], hard, soft, grace, reclaim)
        return e.Error()

    assert err({"mem.available": "150Mi"}) == "unsupported eviction signal mem.available"
    assert err({"memory.available": "-150Mi"}) == (
        "eviction threshold memory.available must be positive: -150Mi"
    )
    assert err({"memory.available": "-15%"}) == (
        "eviction percentage threshold memory.available must be >= 0%: -15%"
    )
    assert err({"memory.available": "150%"}) == (
        "eviction percentage threshold memory.available must be <= 100%: 150%"
    )
    assert err(soft={"memory.available": "150Mi"}) == (
        "grace period must be specified for the soft eviction threshold memory.available"
    )
    assert err(soft={"memory.available": "150Mi"}, grace={"memory.available": "-30s"}) == (
        "invalid eviction grace period specified: -30s, must be a positive value"
    )
    assert err(reclaim={"memory.available": "-300Mi"}) == (
        "negative eviction minimum reclaim specified for memory.available"
    )


# ---------------------------------------------------------------- TestAddAllocatableThresholds

ADD_CASES = {
    "non-memory-signal": (
        [T(S.SignalImageFsAvailable, Qv("150Mi"), min_reclaim=Qv("0"))],
        [T(S.SignalImageFsAvailable, Qv("150Mi"), min_reclaim=Qv("0"))],
    ),
    "memory-signal-with-grace": (
        [T(S.SignalMemoryAvailable, Qv("150Mi"), grace=10, min_reclaim=Qv("0"))],
        [T(S.SignalMemoryAvailable, Qv("150Mi"), grace=10, min_reclaim=Qv("0"))],
    ),
    "memory-signal-without-grace": (
        [T(S.SignalMemoryAvailable, Qv("150Mi"), min_reclaim=Qv("0"))],
        [
            T(S.SignalAllocatableMemoryAvailable, Qv("150Mi"), min_reclaim=Qv("0")),
            T(S.SignalMemoryAvailable, Qv("150Mi"), min_reclaim=Qv("0")),
        ],
    ),
    "memory-signal-without-grace-two-thresholds": (
        [
            T(S.SignalMemoryAvailable, Qv("150Mi"), min_reclaim=Qv("0")),
            T(S.SignalMemoryAvailable, Qv("200Mi"), min_reclaim=Qv("1Gi")),
        ],
        [
            T(S.SignalAllocatableMemoryAvailable, Qv("150Mi"), min_reclaim=Qv("0")),
            T(S.SignalMemoryAvailable, Qv("150Mi"), min_reclaim=Qv("0")),
            T(S.SignalAllocatableMemoryAvailable, Qv("200Mi"), min_reclaim=Qv("1Gi")),
            T(S.SignalMemoryAvailable, Qv("200Mi"), min_reclaim=Qv("1Gi")),
        ],
    ),
}


@pytest.mark.parametrize("name", list(ADD_CASES))
def test_TestAddAllocatableThresholds(name):
    thresholds, expected = ADD_CASES[name]
    assert thresholdsEqual(expected, addAllocatableThresholds(thresholds))


def test_TestGetReclaimableThreshold():
    thresholds = [
        T(S.SignalAllocatableMemoryAvailable, Qv("150Mi"), min_reclaim=Qv("0")),
        T(S.SignalMemoryAvailable, Qv("150Mi"), min_reclaim=Qv("0")),
        T(S.SignalImageFsAvailable, Qv("150Mi"), min_reclaim=Qv("2Gi")),
        T(S.SignalNodeFsAvailable, Qv("100Mi"), min_reclaim=Qv("1Gi")),
    ]
    # (sorted byEvictionPriority upstream: memory first; any order finds one)
    got, resource, ok = getReclaimableThreshold(thresholds)
    assert ok and got == thresholds[0] and resource == "memory"


# ---------------------------------------------------------------- TestMakeSignalObservations


@dataclass
class _Pod:  # the v1.Pod fields statsFunc reads
    Name: str
    Namespace: str
    UID: str


def test_TestMakeSignalObservations():
    nodeAvailableBytes = 1024 * 1024 * 1024
    nodeWorkingSetBytes = 1024 * 1024 * 1024
    allocatableMemoryCapacity = 5 * 1024 * 1024 * 1024
    imageFsAvailableBytes = 1024 * 1024
    imageFsCapacityBytes = 1024 * 1024 * 2
    nodeFsAvailableBytes = 1024
    nodeFsCapacityBytes = 1024 * 2
    imageFsInodesFree = 1024
    imageFsInodes = 1024 * 1024
    nodeFsInodesFree = 1024
    nodeFsInodes = 1024 * 1024
    fakeStats = Summary(
        Node=NodeStats(
            Memory=MemoryStats(
                AvailableBytes=nodeAvailableBytes, WorkingSetBytes=nodeWorkingSetBytes
            ),
            Runtime=RuntimeStats(
                ImageFs=FsStats(
                    AvailableBytes=imageFsAvailableBytes,
                    CapacityBytes=imageFsCapacityBytes,
                    InodesFree=imageFsInodesFree,
                    Inodes=imageFsInodes,
                )
            ),
            Fs=FsStats(
                AvailableBytes=nodeFsAvailableBytes,
                CapacityBytes=nodeFsCapacityBytes,
                InodesFree=nodeFsInodesFree,
                Inodes=nodeFsInodes,
            ),
            SystemContainers=[
                ContainerStats(
                    Name=SystemContainerPods,
                    Memory=MemoryStats(
                        AvailableBytes=nodeAvailableBytes, WorkingSetBytes=nodeWorkingSetBytes
                    ),
                )
            ],
        ),
        Pods=[],
    )
    pods = [
        _Pod("pod1", "ns1", "uuid1"),
        _Pod("pod1", "ns2", "uuid2"),
        _Pod("pod3", "ns3", "uuid3"),
    ]
    podWorkingSetBytes = 1024 * 1024 * 1024
    for pod in pods:
        fakeStats.Pods.append(
            PodStats(
                PodRef=PodReference(Name=pod.Name, Namespace=pod.Namespace, UID=pod.UID),
                Memory=MemoryStats(WorkingSetBytes=podWorkingSetBytes),
            )
        )
    assert q("5Gi").CmpInt64(allocatableMemoryCapacity) == 0
    obs, statsFunc, errs = makeSignalObservations(fakeStats)
    assert errs == {}
    alloc = obs[S.SignalAllocatableMemoryAvailable]
    assert alloc.available.Value() == nodeAvailableBytes
    assert alloc.capacity.Value() == nodeWorkingSetBytes + nodeAvailableBytes
    mem = obs[S.SignalMemoryAvailable]
    assert mem.available.Value() == nodeAvailableBytes
    assert mem.capacity.Value() == nodeWorkingSetBytes + nodeAvailableBytes
    nodefs = obs[S.SignalNodeFsAvailable]
    assert (nodefs.available.Value(), nodefs.capacity.Value()) == (1024, 2048)
    inodes = obs[S.SignalNodeFsInodesFree]
    assert (inodes.available.Value(), inodes.capacity.Value()) == (nodeFsInodesFree, nodeFsInodes)
    imagefs = obs[S.SignalImageFsAvailable]
    assert (imagefs.available.Value(), imagefs.capacity.Value()) == (1024 * 1024, 2 * 1024 * 1024)
    iinodes = obs[S.SignalImageFsInodesFree]
    assert (iinodes.available.Value(), iinodes.capacity.Value()) == (
        imageFsInodesFree,
        imageFsInodes,
    )
    for pod in pods:
        podStats, found = statsFunc(pod)
        assert found
        assert podStats.Memory.WorkingSetBytes == podWorkingSetBytes


def test_makeSignalObservations_without_the_pods_container():
    """memsim's Summary has no system containers: allocatableMemory.available is not observed,
    with the error the eviction manager logs ("failed to construct signal")."""
    s = Summary(Node=NodeStats(Memory=MemoryStats(AvailableBytes=5 * Gi, WorkingSetBytes=Gi)))
    obs, _, errs = makeSignalObservations(s)
    assert S.SignalAllocatableMemoryAvailable not in obs
    assert errs == {
        S.SignalAllocatableMemoryAvailable: 'system container "pods" not found in metrics'
    }
    assert obs[S.SignalMemoryAvailable].capacity.Value() == 6 * Gi


def test_makeSignalObservations_uint64_wraps():
    # availableBytes is capacity - workingSet in uint64: a working set above the capacity
    # wraps it near 2^64, and int64() of that is negative; the sum wraps back to the capacity
    cap, ws = 4 * Gi, 5 * Gi
    avail = (cap - ws) % (1 << 64)
    s = Summary(Node=NodeStats(Memory=MemoryStats(AvailableBytes=avail, WorkingSetBytes=ws)))
    obs, _, _ = makeSignalObservations(s)
    m = obs[S.SignalMemoryAvailable]
    assert m.available.Value() == -Gi
    assert m.capacity.Value() == cap
    # a threshold is met: 100Mi > -1Gi
    hard = T(S.SignalMemoryAvailable, Qv("100Mi"))
    assert thresholdsMet([hard], obs, False) == [hard]
    # int64 of an available above 2^63 (no wrap of the sum) is negative too
    s = Summary(Node=NodeStats(Memory=MemoryStats(AvailableBytes=1 << 63, WorkingSetBytes=0)))
    obs, _, _ = makeSignalObservations(s)
    assert obs[S.SignalMemoryAvailable].available.Value() == -(1 << 63)


def test_makeSignalObservations_needs_both_fields():
    s = Summary(Node=NodeStats(Memory=MemoryStats(WorkingSetBytes=Gi)))
    obs, _, _ = makeSignalObservations(s)
    assert S.SignalMemoryAvailable not in obs


# ---------------------------------------------------------------- TestThresholdsMet

HARD = T(S.SignalMemoryAvailable, Qv("1Gi"), min_reclaim=Qv("500Mi"))
MET_CASES = {
    "empty": (False, [], {}, []),
    "threshold-met-memory": (
        False,
        [HARD],
        {S.SignalMemoryAvailable: signalObservation(available=q("500Mi"))},
        [HARD],
    ),
    "threshold-not-met": (
        False,
        [HARD],
        {S.SignalMemoryAvailable: signalObservation(available=q("2Gi"))},
        [],
    ),
    "threshold-met-with-min-reclaim": (
        True,
        [HARD],
        {S.SignalMemoryAvailable: signalObservation(available=q("1.05Gi"))},
        [HARD],
    ),
    "threshold-not-met-with-min-reclaim": (
        True,
        [HARD],
        {S.SignalMemoryAvailable: signalObservation(available=q("2Gi"))},
        [],
    ),
}


@pytest.mark.parametrize("name", list(MET_CASES))
def test_TestThresholdsMet(name):
    enforce, thresholds, observations, expected = MET_CASES[name]
    actual = thresholdsMet(thresholds, observations, enforce)
    assert thresholdListEqual(actual, expected)


SPECIFIC = [
    T(S.SignalMemoryAvailable, Pv(0.2), min_reclaim=Pv(0.05)),
    T(S.SignalNodeFsAvailable, Pv(0.3)),
]


def _obs(mem_avail, mem_cap, fs_avail=None, fs_cap=None):
    o = {S.SignalMemoryAvailable: signalObservation(available=q(mem_avail), capacity=q(mem_cap))}
    if fs_avail is not None:
        o[S.SignalNodeFsAvailable] = signalObservation(available=q(fs_avail), capacity=q(fs_cap))
    return o


PCT_CASES = {
    "BothMet": (False, _obs("100Mi", "1000Mi", "100Gi", "1000Gi"), SPECIFIC),
    "NoneMet": (False, _obs("300Mi", "1000Mi", "400Gi", "1000Gi"), []),
    "DiskMet": (False, _obs("300Mi", "1000Mi", "100Gi", "1000Gi"), [SPECIFIC[1]]),
    "MemoryMet": (False, _obs("100Mi", "1000Mi", "400Gi", "1000Gi"), [SPECIFIC[0]]),
    "MemoryMetWithMinReclaim": (True, _obs("225Mi", "1000Mi"), [SPECIFIC[0]]),
    "MemoryNotMetWithMinReclaim": (True, _obs("300Mi", "1000Mi"), []),
}


@pytest.mark.parametrize("name", list(PCT_CASES))
def test_TestPercentageThresholdsMet(name):
    enforce, observations, expected = PCT_CASES[name]
    actual = thresholdsMet(SPECIFIC, observations, enforce)
    assert thresholdListEqual(actual, expected)


def test_TestNodeConditions():
    assert nodeConditions([]) == []
    assert nodeConditions([Threshold(Signal=S.SignalMemoryAvailable)]) == [NodeMemoryPressure]


@pytest.mark.parametrize(
    ("input", "has_error", "value"),
    [
        ("blah", True, 0.0),
        ("25.5%", False, float32(0.255)),
        ("foo%", True, 0.0),
        ("12%345", True, 0.0),
    ],
)
def test_TestParsePercentage(input, has_error, value):
    got, err = parsePercentage(input)
    assert (err is not None) == has_error
    assert got == value


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        (
            ThresholdValue(Quantity=NewQuantity(123, BinarySI)),
            ThresholdValue(Quantity=NewQuantity(123, BinarySI)),
            True,
        ),
        (
            ThresholdValue(Quantity=NewQuantity(123, BinarySI)),
            ThresholdValue(Quantity=NewQuantity(456, BinarySI)),
            False,
        ),
        (ThresholdValue(Quantity=NewQuantity(123, BinarySI)), Pv(0.1), False),
        (Pv(0.1), Pv(0.1), True),
        (Pv(0.2), Pv(0.1), False),
    ],
)
def test_TestCompareThresholdValue(a, b, equal):
    assert compareThresholdValue(a, b) == equal
    assert compareThresholdValue(b, a) == equal


# ------------------------------- cm: TestNodeAllocatableReservationForScheduling (memory)


@pytest.mark.parametrize(
    ("kube", "system", "hard", "expected"),
    [
        (100 * Mi, 50 * Mi, ThresholdValue(), 150 * Mi),
        (100 * Mi, 50 * Mi, ThresholdValue(Quantity=q("100Mi")), 250 * Mi),
        # float32(0.05) x 10Gi: 694157320, not 150Mi + 512Mi = 694157312
        (100 * Mi, 50 * Mi, Pv(0.05), 694157320),
        (0, 0, ThresholdValue(), 0),
        (100 * Mi, 50 * Mi, ThresholdValue(), 150 * Mi),
        (100 * Mi, 50 * Mi, ThresholdValue(), 150 * Mi),
    ],
)
def test_TestNodeAllocatableReservationForScheduling(kube, system, hard, expected):
    cfg = AllocatableConfig(
        system_reserved=system,
        kube_reserved=kube,
        eviction_hard=(T(S.SignalMemoryAvailable, hard),),
    )
    assert Kubelet().GetNodeAllocatableReservation(cfg, 10 * Gi) == expected


def test_default_eviction_hard_reserves_100Mi():
    cfg = AllocatableConfig()
    assert Kubelet().GetNodeAllocatableReservation(cfg, 16 * Gi) == 100 * Mi
    none = AllocatableConfig(eviction_hard=())
    assert Kubelet().GetNodeAllocatableReservation(none, 16 * Gi) == 0


def test_memory_eviction_as_the_simulator_reports_it():
    """sim.pipeline.memory_eviction: a failed Summary is the manager's "failed to get summary
    stats"; a node.memory without availableBytes is not observed; a percentage threshold is of
    the observed capacity; the memo gives the same answer for the same inputs."""
    from sim import pipeline

    K = Kubelet()
    cfg = AllocatableConfig()
    ev = pipeline.memory_eviction(K, None, "failed to get root cgroup stats: boom", cfg)
    assert ev.available is None and ev.met is None
    assert ev.error == (
        "Eviction manager: failed to get summary stats: failed to get root cgroup stats: boom"
    )
    ev = pipeline.memory_eviction(K, NodeStats(Memory=MemoryStats(WorkingSetBytes=Gi)), None, cfg)
    assert ev.available is None and ev.error.startswith("not observed")
    node = NodeStats(Memory=MemoryStats(AvailableBytes=50 * Mi, WorkingSetBytes=Gi))
    ev = pipeline.memory_eviction(K, node, None, cfg)
    assert (ev.available, ev.capacity, ev.threshold_bytes, ev.met) == (
        50 * Mi,
        Gi + 50 * Mi,
        100 * Mi,
        True,
    )
    pct = AllocatableConfig(eviction_hard=(T(S.SignalMemoryAvailable, Pv(0.04)),))
    ev = pipeline.memory_eviction(K, node, None, pct)
    assert ev.threshold == "memory.available<4%"
    assert ev.threshold_bytes == int(float(Gi + 50 * Mi) * float32(0.04))  # 45088768 (< 50Mi)
    assert ev.met is False
    assert pipeline.memory_eviction(K, node, None, pct) is ev  # memoised
    none = AllocatableConfig(eviction_hard=())
    ev = pipeline.memory_eviction(K, node, None, none)
    assert (ev.threshold, ev.met, ev.available) == ("none", None, 50 * Mi)
