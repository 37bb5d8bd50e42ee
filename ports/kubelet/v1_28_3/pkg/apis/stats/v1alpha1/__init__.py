"""k8s.io/kubelet@v0.28.3 pkg/apis/stats/v1alpha1/types.go: the Summary API structs (node part),
with their json tags. Times are ports.go.time values; MarshalJSON writes metav1.Time as RFC 3339
in UTC at second precision, as metav1.Time.MarshalJSON does."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from typing import Any

from ports.go import json, time
from ports.provenance import upstream

REF = "kubernetes/kubelet@v0.28.3 pkg/apis/stats/v1alpha1/types.go"


def rfc3339(t: int) -> str:
    """metav1.Time.MarshalJSON: t.UTC().Format(time.RFC3339); the zero time is null."""
    if time.IsZero(t):
        return "null"
    d = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(
        seconds=time.UnixSec(t)
    )
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


@upstream(f"{REF}:223-247")
@dataclass
class MemoryStats:
    Time: int = json.field("-", default=time.ZERO)
    AvailableBytes: int | None = json.field("availableBytes,omitempty", default=None, ptr=True)
    UsageBytes: int | None = json.field("usageBytes,omitempty", default=None, ptr=True)
    WorkingSetBytes: int | None = json.field("workingSetBytes,omitempty", default=None, ptr=True)
    RSSBytes: int | None = json.field("rssBytes,omitempty", default=None, ptr=True)
    PageFaults: int | None = json.field("pageFaults,omitempty", default=None, ptr=True)
    MajorPageFaults: int | None = json.field("majorPageFaults,omitempty", default=None, ptr=True)


@upstream(f"{REF}:250-260")
@dataclass
class SwapStats:
    Time: int = json.field("-", default=time.ZERO)
    SwapAvailableBytes: int | None = json.field(
        "swapAvailableBytes,omitempty", default=None, ptr=True
    )
    SwapUsageBytes: int | None = json.field("swapUsageBytes,omitempty", default=None, ptr=True)


@dataclass
class CPUStats:
    Time: int = json.field("-", default=time.ZERO)
    UsageNanoCores: int | None = json.field("usageNanoCores,omitempty", default=None, ptr=True)
    UsageCoreNanoSeconds: int | None = json.field(
        "usageCoreNanoSeconds,omitempty", default=None, ptr=True
    )


@dataclass
class ContainerStats:
    Name: str = ""
    StartTime: int = time.ZERO
    CPU: CPUStats | None = None
    Memory: MemoryStats | None = None
    Swap: SwapStats | None = None


@upstream(f"{REF}:316-340")
@dataclass
class FsStats:
    Time: int = time.ZERO
    AvailableBytes: int | None = None
    CapacityBytes: int | None = None
    UsedBytes: int | None = None
    InodesFree: int | None = None
    Inodes: int | None = None
    InodesUsed: int | None = None


@upstream(f"{REF}:68-77")
@dataclass
class RlimitStats:
    Time: int = time.ZERO
    MaxPID: int | None = None
    NumOfRunningProcesses: int | None = None


@upstream(f"{REF}:80-86")
@dataclass
class RuntimeStats:
    ImageFs: FsStats | None = None


# the names of the Summary's system containers (types.go:88-97)
SystemContainerKubelet = "kubelet"
SystemContainerRuntime = "runtime"
SystemContainerMisc = "misc"
SystemContainerPods = "pods"


@upstream(f"{REF}:32-65", deviation="no Network; memsim's Summary fills CPU, Memory and Swap")
@dataclass
class NodeStats:
    NodeName: str = ""
    StartTime: int = time.ZERO
    CPU: CPUStats | None = None
    Memory: MemoryStats | None = None
    Swap: SwapStats | None = None
    # not filled by memsim's Summary; kept out of repr so that a NodeStats prints as before
    SystemContainers: list[ContainerStats] = dataclasses.field(default_factory=list, repr=False)
    Fs: FsStats | None = dataclasses.field(default=None, repr=False)
    Runtime: RuntimeStats | None = dataclasses.field(default=None, repr=False)
    Rlimit: RlimitStats | None = dataclasses.field(default=None, repr=False)


@upstream(f"{REF}:174-178")
@dataclass
class PodReference:
    Name: str = ""
    Namespace: str = ""
    UID: str = ""


@upstream(f"{REF}:107-140", deviation="PodRef, StartTime, Containers, CPU, Memory and Swap only")
@dataclass
class PodStats:
    PodRef: PodReference = dataclasses.field(default_factory=PodReference)
    StartTime: int = time.ZERO
    Containers: list[ContainerStats] = dataclasses.field(default_factory=list)
    CPU: CPUStats | None = None
    Memory: MemoryStats | None = None
    Swap: SwapStats | None = None


@upstream(f"{REF}:24-29")
@dataclass
class Summary:
    Node: NodeStats = dataclasses.field(default_factory=NodeStats)
    Pods: list[PodStats] = dataclasses.field(default_factory=list)


def marshal(v: Any) -> str:
    """json.Marshal of MemoryStats/SwapStats/CPUStats: `time` first, then the tagged fields."""
    if v is None:
        return "null"
    text, err = json.Marshal(v)
    assert err is None
    body = text[1:-1]
    head = '"time":' + ('"' + rfc3339(v.Time) + '"' if not time.IsZero(v.Time) else "null")
    return "{" + head + ("," + body if body else "") + "}"
