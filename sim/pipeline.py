"""Run one version stack on the node that is currently installed (a pyfakefs tree or an
in-memory FakeHost through ports.go.host, or the live machine) and return every layer's result.

    from sim import pipeline, stacks
    res = pipeline.run(stacks.parse("k8s-1.28.3"))
    res.kubectl.memory            # "1515Mi"

What is simulated, not ported:
- cAdvisor's manager/housekeeping: the root container's handler is built once and GetStats is
  called once per scrape; ContainerInfoV2 hands the kubelet the last two samples (Count: 2).
- CPU: memsim models no CPU. metrics-server drops a node whose cumulative CPU is 0 and needs two
  scrapes (prev, last), so a stated synthetic CPU is fed in: `SyntheticCPU` (cumulative core
  nanoseconds, non-zero and increasing between the scrapes, at fixed scrape times).
- The API objects between metrics-server and kubectl (NodeMetrics, Node) are handed over
  directly rather than through the apiserver.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from ports import provenance, registry
from ports.cadvisor.v0_47_3.info import v1 as cv1
from ports.cadvisor.v0_47_3.info import v2 as cv2
from ports.go import time
from ports.kubectl.v0_28_3 import Node, NodeMetrics, TopNodeOptions
from ports.kubelet.v1_28_3 import AllocatableConfig
from ports.kubelet.v1_28_3.pkg.apis.stats.v1alpha1 import NodeStats, marshal
from sim.stacks import Stack

MiB = 1 << 20


@dataclass(frozen=True)
class SyntheticCPU:
    """The stated CPU input (not modelled by memsim): cumulative node CPU in core-nanoseconds
    at each of the two scrapes, the scrape times, and the node's CPU capacity in cores."""

    cumulative_ns: tuple[int, int] = (100 * time.Second, 101 * time.Second)
    scrape_times: tuple[int, int] = (
        time.Unix(1700000000, 0),
        time.Unix(1700000015, 0),
    )
    capacity_cores: int = 4
    boot_time: int = time.Unix(1699990000, 0)


@dataclass
class Step:
    """One thing a reader follows: a value, where it came from, and the upstream code."""

    layer: str
    name: str
    value: Any
    source: str
    upstream: str = ""


@dataclass
class KubectlRow:
    memory_bytes: int | None
    memory: str
    memory_percent: str
    table: str
    error: str | None = None


@dataclass
class Result:
    stack: str
    cgroup: str  # "v1" | "v2"
    runc_memory_stats: Any
    runc_json: str
    runc_error: str | None
    cadvisor_memory: cv1.MemoryStats | None
    cadvisor_spec_limit: int
    cadvisor_has_memory: bool
    kubelet_memory: Any
    kubelet_swap: Any
    kubelet_memory_json: str
    exposition: str
    metrics_server_bytes: int | None
    metrics_server_usage: str | None
    kubectl: KubectlRow
    steps: list[Step] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        import json

        return {
            "stack": self.stack,
            "cgroup": self.cgroup,
            "runc": json.loads(self.runc_json) if self.runc_json else None,
            "cadvisor": None
            if self.cadvisor_memory is None
            else {
                "memory": dataclasses.asdict(self.cadvisor_memory),
                "spec_memory_limit": self.cadvisor_spec_limit,
                "has_memory": self.cadvisor_has_memory,
            },
            "kubelet": {
                "node_memory": json.loads(self.kubelet_memory_json),
                "node_swap": json.loads(marshal(self.kubelet_swap)),
                "exposition_line": next(
                    (
                        ln
                        for ln in self.exposition.splitlines()
                        if ln.startswith("node_memory_working_set_bytes")
                    ),
                    None,
                ),
            },
            "metrics_server": self.metrics_server_bytes,
            "kubectl": dataclasses.asdict(self.kubectl),
        }


class _CadvisorInterface:
    """cadvisor.Interface.ContainerInfoV2 for "/": the spec and the samples collected so far."""

    def __init__(self, spec: cv1.ContainerSpec) -> None:
        self.spec = spec
        self.samples: list[cv1.ContainerStats] = []
        self.error: Any = None

    def ContainerInfoV2(
        self, name: str, opts: dict[str, Any]
    ) -> tuple[dict[str, cv2.ContainerInfo], Any]:
        if self.error is not None:
            return {}, self.error
        count = opts.get("Count", 2)
        stats = self.samples[-count:] if count > 0 else self.samples
        info = cv2.ContainerInfo(
            Spec=cv2.ContainerSpecFromV1(self.spec),
            Stats=cv2.ContainerStatsFromV1(self.spec, stats),
        )
        return {name: info}, None


def _ref(obj: Any) -> str:
    u = provenance.of(obj)
    return str(u) if u else ""


_INSTANCES: dict[str, Any] = {}


def _runc(name: str) -> Any:
    # runc version objects hold no per-node state (sync.Once is scoped to the host generation)
    if name not in _INSTANCES:
        _INSTANCES[name] = registry.get(name)()
    return _INSTANCES[name]


def run(
    stack: Stack,
    *,
    node_name: str = "node",
    cpu: SyntheticCPU = SyntheticCPU(),
    allocatable: AllocatableConfig = AllocatableConfig(),
    show_capacity: bool = False,
) -> Result:
    steps: list[Step] = []
    R = _runc(stack.runc.registry)
    v2mode = bool(R.cgroups.is_cgroup2_unified_mode())
    cgroup = "v2" if v2mode else "v1"
    steps.append(
        Step(
            "runc",
            "cgroup mode",
            cgroup,
            "statfs(/sys/fs/cgroup).f_type == CGROUP2_SUPER_MAGIC",
            "IsCgroup2UnifiedMode",
        )
    )

    # ---- cAdvisor: the raw handler for "/", its spec, one GetStats per scrape
    C = registry.get(stack.cadvisor.registry)(R)
    C.boot_time = cpu.boot_time
    handler, err = C.root_handler()
    if err is not None:
        raise RuntimeError(f"cadvisor: creating the handler for /: {err.Error()}")
    spec, _ = handler.GetSpec()
    adapter = _CadvisorInterface(spec)
    steps.append(
        Step(
            "cadvisor",
            "Spec.Memory.Limit",
            spec.Memory.Limit,
            "/proc/meminfo MemTotal x 1024",
            _ref(C.machine.GetMachineMemoryCapacity),
        )
    )

    K = registry.get(stack.kubelet.registry)()
    MS = registry.get(stack.metrics_server.registry)()
    storage = _node_storage(MS)
    exposition = ""
    node_stats: NodeStats | None = None
    first_stats: Any = None
    for t, cpu_ns in zip(cpu.scrape_times, cpu.cumulative_ns, strict=True):
        C.now, C.cpu_total = t, cpu_ns
        stats, serr = handler.GetStats()
        if serr is not None:
            adapter.error = serr
        elif stats is not None:
            adapter.samples.append(stats)
            first_stats = first_stats or stats
        node_stats, kerr = K.GetCPUAndMemoryStats(adapter, node_name)
        exposition = K.metrics_resource(node_stats, kerr)
        batch, derr = MS.resource.decodeBatch(exposition.encode(), t, node_name)
        if derr is None:
            MS.storage.Store(storage, batch)

    # runc's own view (for teaching and --json): the root memory stats as runc marshals them
    root = "/sys/fs/cgroup" if v2mode else "/sys/fs/cgroup/memory"
    ms, rerr = R.memory_stats(root, manager=True)
    runc_json = R.marshal(ms)[0] if ms is not None else ""
    if ms is not None:
        steps.append(
            Step(
                "runc", "MemoryStats.Usage.Usage", ms.usage.usage, _usage_source(stack, v2mode), ""
            )
        )
        key = "inactive_file" if v2mode else "total_inactive_file"
        steps.append(
            Step(
                "runc",
                f"MemoryStats.Stats[{key!r}]",
                (ms.stats or {}).get(key),
                f"{root}/memory.stat {key}",
                "",
            )
        )

    mem = adapter.samples[-1].Memory if adapter.samples else None
    if mem is not None:
        key = "inactive_file" if v2mode else "total_inactive_file"
        steps.append(
            Step(
                "cadvisor",
                "Memory.WorkingSet",
                mem.WorkingSet,
                f"max(0, Usage {mem.Usage} - {key} {(ms.stats or {}).get(key) if ms else None})",
                _ref(type(C.libcontainer).setMemoryStats),
            )
        )

    summary, _ = K.Get(adapter, node_name, False)
    kmem = summary.Memory if summary else None
    kswap = summary.Swap if summary else None
    if kmem is not None:
        steps.append(
            Step(
                "kubelet",
                "node.memory.workingSetBytes",
                kmem.WorkingSetBytes,
                "cAdvisor Memory.WorkingSet",
                _ref(type(K).cadvisorInfoToCPUandMemoryStats),
            )
        )
        steps.append(
            Step(
                "kubelet",
                "node.memory.availableBytes",
                kmem.AvailableBytes,
                f"Spec.Memory.Limit {spec.Memory.Limit} - workingSet (only if limit <= 2^62)",
                _ref(type(K).cadvisorInfoToCPUandMemoryStats),
            )
        )
    ws_line = next(
        (ln for ln in exposition.splitlines() if ln.startswith("node_memory_working_set_bytes")),
        None,
    )
    steps.append(
        Step(
            "kubelet",
            "/metrics/resource",
            ws_line,
            "float64(workingSetBytes), Memory.Time in ms",
            _ref(type(K).collectNodeMemoryMetrics),
        )
    )

    # ---- metrics-server: NodeMetrics from last/prev
    nms, _ = MS.storage.GetMetrics(storage, node_name)
    ms_bytes = None
    ms_usage = None
    if nms:
        q = nms[0].Usage["memory"]
        ms_bytes, ms_usage = q.Value(), q.String()
    steps.append(
        Step(
            "metrics-server",
            "NodeMetrics.usage.memory",
            ms_usage,
            "uint64(node_memory_working_set_bytes) of the last scrape; node dropped if WS, CPU or timestamp is 0",
            _ref(type(MS.storage).uint64Quantity),
        )
    )

    # ---- kubectl top node
    from ports.apimachinery.v0_28_3.pkg.api.resource import BinarySI, DecimalSI, NewQuantity

    capacity = K.CapacityFromMachineInfo(spec.Memory.Limit)
    alloc = K.allocatable_memory(capacity, allocatable)
    node = Node(
        node_name,
        Capacity={
            "cpu": NewQuantity(cpu.capacity_cores, DecimalSI),
            "memory": NewQuantity(capacity, BinarySI),
        },
        Allocatable={
            "cpu": NewQuantity(cpu.capacity_cores, DecimalSI),
            "memory": NewQuantity(alloc, BinarySI),
        },
    )
    metrics = [NodeMetrics(n.Name, n.Usage, n.Timestamp, n.Window) for n in nms]
    KC = registry.get(stack.kubectl.registry)()
    table, kerr2 = KC.top_node(TopNodeOptions(ShowCapacity=show_capacity), metrics, [node])
    if kerr2 is not None:
        row = KubectlRow(None, "", "", "", kerr2.Error())
    else:
        cols = table.splitlines()[1].split()
        row = KubectlRow(ms_bytes, cols[3], cols[4], table)
    denom = (
        "capacity"
        if show_capacity
        else f"allocatable = {capacity} - {allocatable.system_reserved} - {allocatable.kube_reserved} - {allocatable.eviction_hard_memory_available}"
    )
    steps.append(
        Step(
            "kubectl",
            "MEMORY(bytes)",
            row.memory,
            f"Value() / 2^20 truncated ({ms_bytes})",
            "kubernetes/kubectl@v0.28.3 pkg/metricsutil/metrics_printer.go:209-218",
        )
    )
    steps.append(
        Step(
            "kubectl",
            "MEMORY%",
            row.memory_percent,
            f"int64(usage milli / {denom} milli * 100)",
            "kubernetes/kubectl@v0.28.3 pkg/metricsutil/metrics_printer.go:197-207",
        )
    )

    return Result(
        stack=stack.name,
        cgroup=cgroup,
        runc_memory_stats=ms,
        runc_json=runc_json,
        runc_error=rerr.Error() if rerr is not None else None,
        cadvisor_memory=mem,
        cadvisor_spec_limit=spec.Memory.Limit,
        cadvisor_has_memory=spec.HasMemory,
        kubelet_memory=kmem,
        kubelet_swap=kswap,
        kubelet_memory_json=marshal(kmem),
        exposition=exposition,
        metrics_server_bytes=ms_bytes,
        metrics_server_usage=ms_usage,
        kubectl=row,
        steps=steps,
    )


def _node_storage(MS: Any) -> Any:
    from ports.metrics_server.v0_6_4 import nodeStorage

    return nodeStorage()


def _usage_source(stack: Stack, v2mode: bool) -> str:
    if not v2mode:
        return "/sys/fs/cgroup/memory/memory.usage_in_bytes"
    return f"root emulation of {stack.runc.registry}: (MemTotal - MemFree) x 1024 before runc 1.1.9, memory.stat anon + file from 1.1.9"
