"""k8s.io/kubernetes@v1.28.3 pkg/kubelet/eviction/helpers.go: parsing the eviction flags into
thresholds, the signal observations the eviction manager makes from the Summary, and which
thresholds they meet.

Parsing is the same on every stack (memsim parses the flags once, with these functions); what
a later kubelet changes in the observations is an override of EvictionMixin."""

from __future__ import annotations

import dataclasses
from typing import Any

from ports.apimachinery.v0_28_3.pkg.api.resource import (
    BinarySI,
    DecimalSI,
    NewQuantity,
    ParseQuantity,
)
from ports.go import fmt, strconv, time
from ports.go.builtin import int64, uint64
from ports.kubelet.v1_28_3.pkg.apis.stats.v1alpha1 import (
    ContainerStats,
    PodStats,
    Summary,
    SystemContainerPods,
)
from ports.kubelet.v1_28_3.pkg.kubelet.eviction.api import (
    GetThresholdQuantity,
    OpForSignal,
    OpLessThan,
    SignalAllocatableMemoryAvailable,
    SignalImageFsAvailable,
    SignalImageFsInodesFree,
    SignalMemoryAvailable,
    SignalNodeFsAvailable,
    SignalNodeFsInodesFree,
    SignalPIDAvailable,
    Threshold,
    ThresholdValue,
    float32,
)
from ports.kubelet.v1_28_3.pkg.kubelet.eviction.types import (
    signalObservation,
    signalObservations,
    statsFunc,
)
from ports.kubelet.v1_28_3.pkg.kubelet.types import NodeAllocatableEnforcementKey
from ports.provenance import formula, upstream

REF = "kubernetes/kubernetes@v1.28.3 pkg/kubelet/eviction/helpers.go"

unsupportedEvictionSignal = "unsupported eviction signal %v"

# v1.NodeConditionType / v1.ResourceName values (k8s.io/api core/v1)
NodeMemoryPressure = "MemoryPressure"
NodeDiskPressure = "DiskPressure"
NodePIDPressure = "PIDPressure"
ResourceMemory = "memory"
ResourceEphemeralStorage = "ephemeral-storage"
resourceInodes = "inodes"
resourcePids = "pids"

# init() (helpers.go:77-97): signal -> node condition, signal -> resource
signalToNodeCondition = {
    SignalMemoryAvailable: NodeMemoryPressure,
    SignalAllocatableMemoryAvailable: NodeMemoryPressure,
    SignalImageFsAvailable: NodeDiskPressure,
    SignalNodeFsAvailable: NodeDiskPressure,
    SignalImageFsInodesFree: NodeDiskPressure,
    SignalNodeFsInodesFree: NodeDiskPressure,
    SignalPIDAvailable: NodePIDPressure,
}
signalToResource = {
    SignalMemoryAvailable: ResourceMemory,
    SignalAllocatableMemoryAvailable: ResourceMemory,
    SignalImageFsAvailable: ResourceEphemeralStorage,
    SignalImageFsInodesFree: resourceInodes,
    SignalNodeFsAvailable: ResourceEphemeralStorage,
    SignalNodeFsInodesFree: resourceInodes,
    SignalPIDAvailable: resourcePids,
}


@upstream(f"{REF}:100-103")
def validSignal(signal: str) -> bool:
    return signal in signalToResource


@upstream(f"{REF}:105-114", deviation="the V(3) log line is not written")
def getReclaimableThreshold(thresholds: list[Threshold]) -> tuple[Threshold, str, bool]:
    for thresholdToReclaim in thresholds:
        resourceToReclaim = signalToResource.get(thresholdToReclaim.Signal)
        if resourceToReclaim is not None:
            return thresholdToReclaim, resourceToReclaim, True
    return Threshold(), "", False


@upstream(f"{REF}:117-157")
def ParseThresholdConfig(
    allocatableConfig: list[str],
    evictionHard: dict[str, str] | None,
    evictionSoft: dict[str, str] | None,
    evictionSoftGracePeriod: dict[str, str] | None,
    evictionMinimumReclaim: dict[str, str] | None,
) -> tuple[list[Threshold] | None, Any]:
    results: list[Threshold] = []
    hardThresholds, err = parseThresholdStatements(evictionHard)
    if err is not None:
        return None, err
    results.extend(hardThresholds or [])
    softThresholds, err = parseThresholdStatements(evictionSoft)
    if err is not None:
        return None, err
    gracePeriods, err = parseGracePeriods(evictionSoftGracePeriod)
    if err is not None:
        return None, err
    minReclaims, err = parseMinimumReclaims(evictionMinimumReclaim)
    if err is not None:
        return None, err
    soft = list(softThresholds or [])
    for i in range(len(soft)):
        signal = soft[i].Signal
        period = (gracePeriods or {}).get(signal)
        if period is None:
            return None, fmt.Errorf(
                "grace period must be specified for the soft eviction threshold %v", signal
            )
        soft[i] = dataclasses.replace(soft[i], GracePeriod=period)
    results.extend(soft)
    for i in range(len(results)):
        minReclaim = (minReclaims or {}).get(results[i].Signal)
        if minReclaim is not None:
            results[i] = dataclasses.replace(results[i], MinReclaim=minReclaim)
    for key in allocatableConfig:
        if key == NodeAllocatableEnforcementKey:
            results = addAllocatableThresholds(results)
            break
    return results, None


@upstream(f"{REF}:158-173")
def addAllocatableThresholds(thresholds: list[Threshold]) -> list[Threshold]:
    additionalThresholds = []
    for threshold in thresholds:
        if threshold.Signal == SignalMemoryAvailable and isHardEvictionThreshold(threshold):
            # the hard memory.available threshold, again for allocatableMemory.available
            additionalThresholds.append(
                Threshold(
                    Signal=SignalAllocatableMemoryAvailable,
                    Operator=threshold.Operator,
                    Value=threshold.Value,
                    MinReclaim=threshold.MinReclaim,
                )
            )
    return list(thresholds) + additionalThresholds


@upstream(
    f"{REF}:176-191",
    deviation="Go ranges over the map in random order; this takes the map's own order",
)
def parseThresholdStatements(
    statements: dict[str, str] | None,
) -> tuple[list[Threshold] | None, Any]:
    if not statements:
        return None, None
    results = []
    for signal, val in statements.items():
        result, err = parseThresholdStatement(signal, val)
        if err is not None:
            return None, err
        if result is not None:
            results.append(result)
    return results, None


@upstream(f"{REF}:195-238")
def parseThresholdStatement(signal: str, val: str) -> tuple[Threshold | None, Any]:
    if not validSignal(signal):
        return None, fmt.Errorf(unsupportedEvictionSignal, signal)
    operator = OpForSignal[signal]
    if val.endswith("%"):
        # 0% and 100% switch the threshold off
        if val in ("0%", "100%"):
            return None, None
        percentage, err = parsePercentage(val)
        if err is not None:
            return None, err
        if percentage < 0:
            return None, fmt.Errorf(
                "eviction percentage threshold %v must be >= 0%%: %s", signal, val
            )
        if percentage > 1:
            return None, fmt.Errorf(
                "eviction percentage threshold %v must be <= 100%%: %s", signal, val
            )
        return Threshold(
            Signal=signal, Operator=operator, Value=ThresholdValue(Percentage=percentage)
        ), None
    quantity, err = ParseQuantity(val)
    if err is not None:
        return None, err
    if quantity.Sign() < 0 or quantity.IsZero():
        return None, fmt.Errorf("eviction threshold %v must be positive: %s", signal, quantity)
    return Threshold(
        Signal=signal, Operator=operator, Value=ThresholdValue(Quantity=quantity)
    ), None


@upstream(f"{REF}:241-247")
def parsePercentage(input: str) -> tuple[float, Any]:
    value, err = strconv.ParseFloat(input.rstrip("%"), 32)
    if err is not None:
        return 0.0, err
    # float32(value) / 100, in float32 arithmetic
    return float32(float32(value) / 100), None


@upstream(f"{REF}:250-270")
def parseGracePeriods(statements: dict[str, str] | None) -> tuple[dict[str, int] | None, Any]:
    if not statements:
        return None, None
    results: dict[str, int] = {}
    for signal, val in statements.items():
        if not validSignal(signal):
            return None, fmt.Errorf(unsupportedEvictionSignal, signal)
        gracePeriod, err = time.ParseDuration(val)
        if err is not None:
            return None, err
        if gracePeriod < 0:
            return None, fmt.Errorf(
                "invalid eviction grace period specified: %v, must be a positive value", val
            )
        results[signal] = gracePeriod
    return results, None


@upstream(f"{REF}:273-308")
def parseMinimumReclaims(
    statements: dict[str, str] | None,
) -> tuple[dict[str, ThresholdValue] | None, Any]:
    if not statements:
        return None, None
    results: dict[str, ThresholdValue] = {}
    for signal, val in statements.items():
        if not validSignal(signal):
            return None, fmt.Errorf(unsupportedEvictionSignal, signal)
        if val.endswith("%"):
            percentage, err = parsePercentage(val)
            if err is not None:
                return None, err
            if percentage <= 0:
                return None, fmt.Errorf(
                    "eviction percentage minimum reclaim %v must be positive: %s", signal, val
                )
            results[signal] = ThresholdValue(Percentage=percentage)
            continue
        quantity, err = ParseQuantity(val)
        if err is not None:
            return None, err
        if quantity.Sign() < 0:
            return None, fmt.Errorf("negative eviction minimum reclaim specified for %v", signal)
        results[signal] = ThresholdValue(Quantity=quantity)
    return results, None


@upstream(f"{REF}:425-434")
def cachedStatsFunc(podStats: list[PodStats]) -> statsFunc:
    uid2PodStats = {p.PodRef.UID: p for p in podStats}

    def stats(pod: Any) -> tuple[Any, bool]:
        found = uid2PodStats.get(str(pod.UID))
        return (found if found is not None else PodStats()), found is not None

    return stats


@upstream(f"{REF}:734-741")
def getSysContainer(sysContainers: list[ContainerStats], name: str) -> tuple[Any, Any]:
    for cont in sysContainers:
        if cont.Name == name:
            return cont, None
    return None, fmt.Errorf("system container %q not found in metrics", name)


@upstream(f"{REF}:848-858")
def nodeConditions(thresholds: list[Threshold]) -> list[str]:
    results: list[str] = []
    for threshold in thresholds:
        nodeCondition = signalToNodeCondition.get(threshold.Signal)
        if nodeCondition is not None and nodeCondition not in results:
            results.append(nodeCondition)
    return results


@upstream(f"{REF}:910-918")
def mergeThresholds(inputsA: list[Threshold], inputsB: list[Threshold]) -> list[Threshold]:
    results = list(inputsA)
    for threshold in inputsB:
        if not hasThreshold(results, threshold):
            results.append(threshold)
    return results


@upstream(f"{REF}:921-928")
def hasThreshold(inputs: list[Threshold], item: Threshold) -> bool:
    for i in inputs:
        if (
            i.GracePeriod == item.GracePeriod
            and i.Operator == item.Operator
            and i.Signal == item.Signal
            and compareThresholdValue(i.Value, item.Value)
        ):
            return True
    return False


@upstream(f"{REF}:931-942")
def compareThresholdValue(a: ThresholdValue, b: ThresholdValue) -> bool:
    if a.Quantity is not None:
        if b.Quantity is None:
            return False
        return a.Quantity.Cmp(b.Quantity) == 0
    if b.Quantity is not None:
        return False
    return a.Percentage == b.Percentage


@upstream(f"{REF}:945-947")
def isHardEvictionThreshold(threshold: Threshold) -> bool:
    return threshold.GracePeriod == 0


@upstream(f"{REF}:949-951")
def isAllocatableEvictionThreshold(threshold: Threshold) -> bool:
    return threshold.Signal == SignalAllocatableMemoryAvailable


class EvictionMixin:
    """The eviction manager's per-synchronize arithmetic, as methods a later kubelet overrides.
    `observation_errors` holds what the manager logs when it cannot construct a signal
    ("Eviction manager: failed to construct signal"), by signal."""

    @upstream(
        f"{REF}:663-732",
        deviation="also returns the errors the manager only logs (klog.ErrorS), by signal",
    )
    @formula(
        "memory.available",
        "Summary node.memory.availableBytes, int64 = {available_bytes}",
    )
    @formula("memory.available not observed", "{error}")
    @formula(
        "allocatableMemory.available",
        'not observed: it needs the Summary\'s "pods" system container ({error})',
    )
    @formula(
        "memory.available capacity",
        "int64(availableBytes + workingSetBytes), uint64 sum = "
        "int64({available_bytes} + {working_set_bytes}){wrapped}",
    )
    def makeSignalObservations(
        self, summary: Summary
    ) -> tuple[signalObservations, statsFunc, dict[str, str]]:
        stats = cachedStatsFunc(summary.Pods)
        result: signalObservations = {}
        errs: dict[str, str] = {}
        memory = summary.Node.Memory
        if (
            memory is not None
            and memory.AvailableBytes is not None
            and memory.WorkingSetBytes is not None
        ):
            result[SignalMemoryAvailable] = signalObservation(
                available=NewQuantity(int64(memory.AvailableBytes), BinarySI),
                capacity=NewQuantity(
                    int64(uint64(memory.AvailableBytes + memory.WorkingSetBytes)), BinarySI
                ),
                time=memory.Time,
            )
        allocatableContainer, err = getSysContainer(
            summary.Node.SystemContainers, SystemContainerPods
        )
        if err is not None:
            errs[SignalAllocatableMemoryAvailable] = err.Error()
        else:
            memory = allocatableContainer.Memory
            if (
                memory is not None
                and memory.AvailableBytes is not None
                and memory.WorkingSetBytes is not None
            ):
                result[SignalAllocatableMemoryAvailable] = signalObservation(
                    available=NewQuantity(int64(memory.AvailableBytes), BinarySI),
                    capacity=NewQuantity(
                        int64(uint64(memory.AvailableBytes + memory.WorkingSetBytes)), BinarySI
                    ),
                    time=memory.Time,
                )
        nodeFs = summary.Node.Fs
        if nodeFs is not None:
            if nodeFs.AvailableBytes is not None and nodeFs.CapacityBytes is not None:
                result[SignalNodeFsAvailable] = signalObservation(
                    available=NewQuantity(int64(nodeFs.AvailableBytes), BinarySI),
                    capacity=NewQuantity(int64(nodeFs.CapacityBytes), BinarySI),
                    time=nodeFs.Time,
                )
            if nodeFs.InodesFree is not None and nodeFs.Inodes is not None:
                result[SignalNodeFsInodesFree] = signalObservation(
                    available=NewQuantity(int64(nodeFs.InodesFree), DecimalSI),
                    capacity=NewQuantity(int64(nodeFs.Inodes), DecimalSI),
                    time=nodeFs.Time,
                )
        if summary.Node.Runtime is not None:
            imageFs = summary.Node.Runtime.ImageFs
            if (
                imageFs is not None
                and imageFs.AvailableBytes is not None
                and imageFs.CapacityBytes is not None
            ):
                result[SignalImageFsAvailable] = signalObservation(
                    available=NewQuantity(int64(imageFs.AvailableBytes), BinarySI),
                    capacity=NewQuantity(int64(imageFs.CapacityBytes), BinarySI),
                    time=imageFs.Time,
                )
                if imageFs.InodesFree is not None and imageFs.Inodes is not None:
                    result[SignalImageFsInodesFree] = signalObservation(
                        available=NewQuantity(int64(imageFs.InodesFree), DecimalSI),
                        capacity=NewQuantity(int64(imageFs.Inodes), DecimalSI),
                        time=imageFs.Time,
                    )
        rlimit = summary.Node.Rlimit
        if (
            rlimit is not None
            and rlimit.NumOfRunningProcesses is not None
            and rlimit.MaxPID is not None
        ):
            available = int64(int64(rlimit.MaxPID) - int64(rlimit.NumOfRunningProcesses))
            result[SignalPIDAvailable] = signalObservation(
                available=NewQuantity(available, DecimalSI),
                capacity=NewQuantity(int64(rlimit.MaxPID), DecimalSI),
                time=rlimit.Time,
            )
        return result, stats, errs

    @upstream(f"{REF}:744-770", deviation="the log line for a signal not observed is not written")
    @formula("memory.available no threshold", "--eviction-hard sets no memory.available threshold")
    @formula(
        "memory.available threshold met",
        "threshold {threshold} of capacity {capacity} = {quantity}; met when "
        "{quantity} > available {available}",
    )
    def thresholdsMet(
        self,
        thresholds: list[Threshold],
        observations: signalObservations,
        enforceMinReclaim: bool,
    ) -> list[Threshold]:
        results = []
        for threshold in thresholds:
            observed = observations.get(threshold.Signal)
            if observed is None:
                continue
            thresholdMet = False
            quantity = GetThresholdQuantity(threshold.Value, observed.capacity)
            # with enforceMinReclaim the threshold is raised by the minimum reclaim
            if enforceMinReclaim and threshold.MinReclaim is not None:
                quantity.Add(GetThresholdQuantity(threshold.MinReclaim, observed.capacity))
            assert observed.available is not None
            thresholdResult = quantity.Cmp(observed.available)
            if threshold.Operator == OpLessThan:
                thresholdMet = thresholdResult > 0
            if thresholdMet:
                results.append(threshold)
        return results


# the package-level functions, as helpers_test.go calls them
_MIXIN = EvictionMixin()
makeSignalObservations = _MIXIN.makeSignalObservations
thresholdsMet = _MIXIN.thresholdsMet
