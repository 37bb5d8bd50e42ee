"""Run one version stack on the node that is currently installed (an in-memory FakeHost or a
pyfakefs tree through ports.go.host, or the live machine) and return every layer's result.

    from sim import pipeline, stacks
    res = pipeline.run(stacks.parse("k8s-1.28.3"))
    res.kubectl.memory            # "1515Mi"
    res.runc_json                 # MemoryStats as runc's json.Marshal writes it (computed on use)
    pipeline.teach(res)           # the steps a reader follows (computed on use)

What is simulated, not ported:
- cAdvisor's manager/housekeeping: the root container's handler is built once and GetStats is
  called once per scrape; ContainerInfoV2 hands the kubelet the last two samples (Count: 2).
- One state is one instant. Upstream takes each sample at its own housekeeping tick, so each
  GetStats reads the cgroup files again; on one instant those reads return the same bytes,
  so memsim reads them once (runc's manager GetStats, for the first sample) and hands that
  same cgroups.Stats to every later sample's newContainerStats (`_OneInstant`). What runc
  prints for the root (`runc_memory_stats`) is that same read, not a third one.
- CPU: memsim models no CPU. metrics-server drops a node whose cumulative CPU is 0 and needs two
  scrapes (prev, last), so a stated synthetic CPU is fed in: `SyntheticCPU` (cumulative core
  nanoseconds, non-zero and increasing between the scrapes, at fixed scrape times).
- The API objects between metrics-server and kubectl (NodeMetrics, Node) are not sent through
  an apiserver; their quantities go the way JSON takes them (`over_the_api`: String() out,
  ParseQuantity in), so what kubectl reads is what it would decode.

Everything only a reader needs (JSON, the teaching steps, the list of files read) is computed
when asked, so the simulator's hot path runs the ports and nothing else.

When a stack cannot produce a result on a node the way upstream could not either, run()
raises StackFailed (never a bare GoPanic or RuntimeError): a Go panic in a port, or an error
upstream treats as fatal (cAdvisor cannot create the root container's handler: the kubelet
exits). It names the component and the ported function. A Python exception raised in a
patch's code becomes sim.patch.PatchFailed, naming the patch and the function.
"""

from __future__ import annotations

import errno as _errno
import functools
import sys
import traceback
from dataclasses import dataclass, field
from typing import Any

from ports import registry
from ports.apimachinery.v0_28_3.pkg.api.resource import BinarySI, DecimalSI, NewQuantity, Quantity
from ports.cadvisor.v0_47_3.info import v1 as cv1
from ports.cadvisor.v0_47_3.info import v2 as cv2
from ports.cadvisor.v0_47_3.info.v1.machine import MachineInfo
from ports.go import host, time
from ports.go.builtin import GoPanic
from ports.kubectl.v0_28_3 import Node, NodeMetrics, TopNodeOptions
from ports.kubelet.v1_28_3 import AllocatableConfig
from ports.kubelet.v1_28_3.pkg.apis.stats.v1alpha1 import Summary, marshal
from ports.kubelet.v1_28_3.pkg.kubelet.eviction.api import (
    GetThresholdQuantity,
    SignalAllocatableMemoryAvailable,
    SignalMemoryAvailable,
)
from ports.metrics_server.v0_6_4 import nodeStorage
from sim.kubeletflags import threshold_value
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


DEFAULT_CPU = SyntheticCPU()
DEFAULT_ALLOCATABLE = AllocatableConfig()


@dataclass
class Read:
    """One file the ports opened (through the host shim), in order, and by which layer."""

    layer: str
    path: str
    data: bytes | None  # None when the open failed
    errno: int | None
    # what the ported parsers took from it (sim.watch), key -> value or sim.watch.Failed
    taken: dict[str, Any] = field(default_factory=dict)

    @property
    def outcome(self) -> str:
        if self.errno is not None:
            return _errno.errorcode.get(self.errno, str(self.errno))
        return f"{len(self.data or b'')} bytes"


@dataclass
class KubectlRow:
    memory_bytes: int | None
    memory: str
    memory_percent: str
    table: str
    error: str | None = None


@dataclass
class MemoryEviction:
    """The eviction manager's memory signals on this state (kubelet eviction.makeSignalObservations
    on the Summary, then thresholdsMet with the hard memory.available threshold of
    --eviction-hard). Bytes are the int64 values the kubelet's Quantities hold.
    `error` says why memory.available is not observed (None when it is); allocatableMemory
    .available needs the Summary's "pods" system container, which memsim does not model, so
    it is never observed and `allocatable_error` is the eviction manager's own error for it."""

    available: int | None
    capacity: int | None
    threshold: str  # as the flag writes it: memory.available<100Mi, or "none"
    threshold_bytes: int | None  # GetThresholdQuantity against the observed capacity
    met: bool | None  # None when not observed or no memory.available threshold
    error: str | None
    allocatable_error: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "memory_available": self.available,
            "capacity": self.capacity,
            "threshold": self.threshold,
            "threshold_bytes": self.threshold_bytes,
            "met": self.met,
            "error": self.error,
            "allocatable_memory_available": {"observed": False, "error": self.allocatable_error},
        }


@dataclass
class Result:
    stack: Stack
    cgroup: str  # "v1" | "v2"
    runc: Any  # the runc (or opencontainers/cgroups) version object
    runc_memory_stats: Any  # cgroups.MemoryStats of the root, None when the manager gave none
    runc_error: str | None
    runc_error_value: Any  # the Go error itself (its class: os.IsNotExist, ParseError, ...)
    cadvisor_memory: cv1.MemoryStats | None
    cadvisor_spec: cv1.ContainerSpec
    cadvisor_ignored_error: str | None  # the v2 root's GetStats error cAdvisor logs and drops
    exposition: str
    metrics_server_bytes: int | None
    metrics_server_usage: str | None
    node_capacity: int
    node_allocatable: int
    allocatable: AllocatableConfig
    show_capacity: bool
    reads: list[Read] | None = None  # only with run(record=True)
    # with record=True: ported function's code -> the (file, patched function) run inside it
    patched_inside: dict[Any, set[tuple[str, str]]] | None = None
    cpu: SyntheticCPU = DEFAULT_CPU
    # the node's hugepages-<size> capacities (bytes), from cAdvisor's MachineInfo.HugePages
    node_hugepages: dict[str, int] = field(default_factory=dict)
    machine_info: MachineInfo | None = None  # what cAdvisor's machine.Info gave the kubelet
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def cadvisor_spec_limit(self) -> int:
        return self.cadvisor_spec.Memory.Limit

    @property
    def cadvisor_has_memory(self) -> bool:
        return self.cadvisor_spec.HasMemory

    @property
    def runc_json(self) -> str:
        """The root's MemoryStats as this runc version's json.Marshal writes it ("" if none)."""
        if "runc_json" not in self._cache:
            ms = self.runc_memory_stats
            text, err = ("", None) if ms is None else self.runc.marshal(ms)
            self._cache["runc_json"] = text
            self._cache["runc_json_error"] = None if err is None else err.Error()
        return str(self._cache["runc_json"])

    @property
    def runc_json_error(self) -> str | None:
        """json.Marshal's error on the root's MemoryStats (a PSI average that is NaN or
        infinite: "json: unsupported value: NaN"), None when it marshals."""
        _ = self.runc_json
        err: str | None = self._cache["runc_json_error"]
        return err

    def _lazy(self, key: str) -> Any:
        if key not in self._cache:
            self._cache[key] = self._cache.pop("make_" + key)()
        return self._cache[key]

    @property
    def kubelet_summary(self) -> Any:
        """The Summary API's node stats (/stats/summary): computed on first use."""
        return self._lazy("kubelet_summary")

    @property
    def kubelet_memory(self) -> Any:
        """Summary node.memory (NodeStats.Memory)."""
        s = self.kubelet_summary
        return s.Memory if s else None

    @property
    def kubelet_swap(self) -> Any:
        s = self.kubelet_summary
        return s.Swap if s else None

    @property
    def kubectl(self) -> KubectlRow:
        """The `kubectl top node` row and table: computed on first use."""
        return self._lazy("kubectl")

    @property
    def eviction(self) -> MemoryEviction:
        """memory.available as the eviction manager sees it: computed on first use."""
        if "eviction" not in self._cache:
            self._cache["eviction"] = memory_eviction(
                _version(self.stack.kubelet.registry),
                self.kubelet_summary,
                self._cache.get("kubelet_summary_error"),
                self.allocatable,
            )
        ev: MemoryEviction = self._cache["eviction"]
        return ev

    @property
    def kubelet_memory_json(self) -> str:
        return marshal(self.kubelet_memory)

    @property
    def exposition_line(self) -> str | None:
        for ln in self.exposition.splitlines():
            if ln.startswith("node_memory_working_set_bytes"):
                return ln
        return None

    def to_json(self) -> dict[str, Any]:
        import dataclasses
        import json

        d = {
            "stack": self.stack.name,
            "cgroup": self.cgroup,
            "runc": json.loads(self.runc_json) if self.runc_json else None,
            "runc_error": self.runc_error,
            "cadvisor": None
            if self.cadvisor_memory is None
            else {
                "memory": dataclasses.asdict(self.cadvisor_memory),
                "spec_memory_limit": self.cadvisor_spec.Memory.Limit,
                "spec_memory_swap_limit": self.cadvisor_spec.Memory.SwapLimit,
                "has_memory": self.cadvisor_spec.HasMemory,
                "ignored_error": self.cadvisor_ignored_error,
            },
            "kubelet": {
                "node_memory": json.loads(self.kubelet_memory_json),
                "node_swap": json.loads(marshal(self.kubelet_swap)),
                "exposition_line": self.exposition_line,
            },
            "metrics_server": self.metrics_server_bytes,
            "kubectl": {
                "memory_bytes": self.kubectl.memory_bytes,
                "memory": self.kubectl.memory,
                "memory_percent": self.kubectl.memory_percent,
                "table": self.kubectl.table,
                "error": self.kubectl.error,
            },
        }
        if self.runc_json_error is not None:  # runc's json.Marshal refuses the stats
            d["runc_json_error"] = self.runc_json_error
        return d


class _CadvisorInterface:
    """cadvisor.Interface.ContainerInfoV2 for "/": the spec and the samples collected so far."""

    __slots__ = ("error", "machine_info", "samples", "spec", "spec_v2")

    def __init__(self, spec: cv1.ContainerSpec, machine_info: MachineInfo) -> None:
        self.spec = spec
        self.spec_v2 = cv2.ContainerSpecFromV1(spec)
        self.samples: list[cv1.ContainerStats] = []
        self.error: Any = None
        self.machine_info = machine_info

    def MachineInfo(self) -> tuple[MachineInfo, Any]:
        """cadvisor.Interface.MachineInfo: what manager.New's machine.Info found (memsim: the
        memory and swap capacities and the hugetlb pools)."""
        return self.machine_info, None

    def ContainerInfoV2(
        self, name: str, opts: dict[str, Any]
    ) -> tuple[dict[str, cv2.ContainerInfo], Any]:
        if self.error is not None:
            return {}, self.error
        count = opts.get("Count", 2)
        stats = self.samples[-count:] if count > 0 else self.samples
        info = cv2.ContainerInfo(
            Spec=self.spec_v2,
            Stats=cv2.ContainerStatsFromV1(self.spec, stats),
        )
        return {name: info}, None


class _OneInstant:
    """The root's cgroup manager, read once per state: every GetStats after the first returns
    the first one's (stats, err). See the module docstring."""

    def __init__(self, manager: Any, recorder: _Recorder | None) -> None:
        self._m = manager
        self._rec = recorder
        self.result: tuple[Any, Any] | None = None

    def get_stats(self) -> tuple[Any, Any]:
        if self.result is None:
            if self._rec is not None:
                self._rec.layer = "runc"
            self.result = self._m.get_stats()
            if self._rec is not None:
                self._rec.layer = "cadvisor"
        return self.result

    def __getattr__(self, name: str) -> Any:
        return getattr(self._m, name)


class _Recorder(host.Host):
    """A host that forwards to another and notes every file read (explain's "where from")."""

    def __init__(self, inner: host.Host) -> None:
        self.inner = inner
        self.openat2 = inner.openat2
        self.layer = "cadvisor"
        self.reads: list[Read] = []

    def statfs_type(self, path: str) -> int:
        return self.inner.statfs_type(path)

    def lstat(self, path: str) -> tuple[bool, bool, bool]:
        return self.inner.lstat(path)

    def lookup_errno(self, path: str) -> int:
        return self.inner.lookup_errno(path)

    def read_dir(self, path: str) -> host.DirResult:
        # a listing is not a file read: explain names it through the hugepage step
        return self.inner.read_dir(path)

    def read_file(self, path: str) -> host.ReadResult:
        data, oerr, rerr = self.inner.read_file(path)
        self.reads.append(Read(self.layer, path, data, oerr or rerr))
        return data, oerr, rerr


# ports.<package> -> the pipeline component it belongs to (helpers such as ports.go, ports.apimachinery
# belong to whichever component called them)
_COMPONENT_OF_PACKAGE = {
    "runc": "runc",
    "cgroups": "runc",
    "cadvisor": "cadvisor",
    "kubelet": "kubelet",
    "metrics_server": "metrics-server",
    "kubectl": "kubectl",
}


def _function_of(frame: Any) -> Any:
    """The function object a traceback frame runs (by module and qualified name), or None."""
    mod = sys.modules.get(frame.f_globals.get("__name__", ""))
    obj: Any = mod
    for part in getattr(frame.f_code, "co_qualname", frame.f_code.co_name).split("."):
        if obj is None or part == "<locals>":
            return None
        obj = getattr(obj, part, None)
    return obj


@dataclass(frozen=True)
class Origin:
    """Where in the ported code an exception was raised."""

    component: str  # "runc", "cadvisor", ... ("" when no ported frame is on the traceback)
    function: str  # qualified name of the innermost ported function with an upstream citation
    upstream: str  # its citation ("" if none)
    file: str  # innermost frame's file:line
    patch_module: str  # the innermost patch module on the traceback ("" if none)
    patch_function: str  # and its function


def origin(exc: BaseException) -> Origin:
    """Which component, ported function and (if any) patch function an exception came from."""
    from ports import provenance

    component = function = up = patch_module = patch_function = ""
    frames = [f for f, _ in traceback.walk_tb(exc.__traceback__)]
    last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    file = f"{last[0].filename}:{last[0].lineno}" if last else ""
    for frame in reversed(frames):
        name = frame.f_globals.get("__name__", "")
        if name.startswith("memsim_patch_") and not patch_module:
            patch_module = name
            patch_function = getattr(frame.f_code, "co_qualname", frame.f_code.co_name)
        parts = name.split(".")
        if not component and parts[0] == "ports" and len(parts) > 1:
            component = _COMPONENT_OF_PACKAGE.get(parts[1], "")
        if not function and (parts[0] == "ports" or name.startswith("memsim_patch_")):
            fn = _function_of(frame)
            ref = provenance.of(fn) if fn is not None else None
            if ref is not None:
                function = getattr(frame.f_code, "co_qualname", frame.f_code.co_name)
                up = str(ref)
    return Origin(component, function, up, file, patch_module, patch_function)


class StackFailed(Exception):
    """The stack stops on this node, as upstream would. `cls` is "go-panic" (a Go panic in a
    port; `message` is its "panic: ..." text) or "fatal" (an error upstream treats as fatal);
    `component`, `function` and `upstream` (its citation) say where."""

    def __init__(
        self,
        stack: str,
        cls: str,
        component: str,
        message: str,
        function: str = "",
        upstream: str = "",
    ) -> None:
        super().__init__(stack, cls, component, message, function, upstream)
        self.stack, self.cls, self.component = stack, cls, component
        self.message, self.function, self.upstream = message, function, upstream

    def __str__(self) -> str:
        what = (
            "panics on this node, as its Go code would"
            if self.cls == "go-panic"
            else ("fails on this node, as upstream would")
        )
        where = ", ".join(x for x in (self.function, self.upstream) if x)
        at = f" (in {self.component}: {where})" if where else ""
        return f"{self.stack} {what}: {self.message}{at}"


class KubeletRefusesToStart(StackFailed):
    """The kubelet exits before serving anything: validateKubeletOSConfiguration failed (v1.35+
    on a cgroup v1 host, failCgroupV1 being on by default). Class "refuses-to-start", in the
    kubelet: a failure, not a number, for every layer."""

    def __init__(self, stack: str, message: str) -> None:
        super().__init__(
            stack,
            "refuses-to-start",
            "kubelet",
            message,
            "validateKubeletOSConfiguration",
            "kubernetes/kubernetes pkg/kubelet/apis/config/validation/validation_linux.go",
        )


def _panicked(stack: Stack, p: GoPanic) -> StackFailed:
    o = origin(p)
    return StackFailed(stack.name, "go-panic", o.component, str(p), o.function, o.upstream)


@functools.cache
def _version(name: str, *args: Any) -> Any:
    # runc version objects hold no per-node state (sync.Once is scoped to the host generation);
    # kubelet, metrics-server and kubectl version objects hold none either
    return registry.get(name)(*args)


def run(
    stack: Stack,
    *,
    node_name: str = "node",
    cpu: SyntheticCPU | None = None,
    allocatable: AllocatableConfig | None = None,
    show_capacity: bool = False,
    record: bool = False,
) -> Result:
    """Run `stack` on the current host. `record` notes every file read (for explain).

    Raises StackFailed when the stack stops on this node as upstream would (a Go panic, a
    fatal upstream error), sim.patch.PatchFailed when a patch in the stack raised."""
    cpu = cpu or DEFAULT_CPU
    allocatable = allocatable or DEFAULT_ALLOCATABLE
    recorder: _Recorder | None = None
    try:
        if record:
            from sim.watch import Watch

            recorder = _Recorder(host.current())
            with host.use(recorder), Watch(recorder.reads) as watch:
                res = _run(stack, node_name, cpu, allocatable, show_capacity, recorder)
                # made now, while watched, so that patched kubelet or kubectl code is seen
                # running
                res.kubelet_summary  # noqa: B018
                res.kubectl  # noqa: B018
            res.reads = recorder.reads
            res.patched_inside = watch.patched_inside
            return res
        return _run(stack, node_name, cpu, allocatable, show_capacity, None)
    except GoPanic as p:
        raise _panicked(stack, p) from p
    except StackFailed:
        raise
    except Exception as e:
        from sim import patch

        blamed = patch.blame(stack, e)
        if blamed is None:
            raise
        raise blamed from e


def _run(
    stack: Stack,
    node_name: str,
    cpu: SyntheticCPU,
    allocatable: AllocatableConfig,
    show_capacity: bool,
    recorder: _Recorder | None,
) -> Result:
    R = _version(stack.runc.registry)
    if recorder is not None:
        recorder.layer = "runc"
    v2mode = bool(R.cgroups.is_cgroup2_unified_mode())
    # the kubelet validates its configuration before it starts (v1.31+: failCgroupV1)
    validate = getattr(_version(stack.kubelet.registry), "validateKubeletOSConfiguration", None)
    if validate is not None and (verr := validate(v2mode)) is not None:
        raise KubeletRefusesToStart(stack.name, verr.Error())
    if recorder is not None:
        recorder.layer = "cadvisor"

    # ---- cAdvisor: manager.New's machine.Info (its MemTotal, SwapTotal and hugepage steps),
    # the raw handler for "/", its spec, one GetStats per scrape
    C = registry.get(stack.cadvisor.registry)(R)
    C.boot_time = cpu.boot_time
    machine_info, ierr = C.machine.Info()
    if ierr is not None or machine_info is None:
        # machine.Info fails (MemTotal or SwapTotal not in /proc/meminfo as its regexp wants
        # it, an nr_hugepages that does not scan), so manager.New and the kubelet's
        # cadvisor.New: the kubelet's run returns the error and the process exits (kubernetes
        # cmd/kubelet/app/server.go)
        raise StackFailed(
            stack.name,
            "fatal",
            "cadvisor",
            f"failed to run Kubelet: {ierr.Error()}",
            "machine.Info (in manager.New)",
            "google/cadvisor machine/info.go Info",
        )
    handler, err = C.root_handler()
    if err is not None:
        # cAdvisor's manager.Start fails on "/", and the kubelet exits (kubernetes v1.28.3
        # pkg/kubelet/kubelet.go initializeRuntimeDependentModules: "Failed to start
        # cAdvisor", os.Exit(1)): no number comes out of this node
        raise StackFailed(
            stack.name,
            "fatal",
            "cadvisor",
            f'"Failed to start cAdvisor": the root container\'s handler: {err.Error()}; '
            "the kubelet exits",
            "manager.Start",
            "kubernetes/kubernetes pkg/kubelet/kubelet.go initializeRuntimeDependentModules",
        )
    instant = _OneInstant(handler.libcontainerHandler.cgroupManager, recorder)
    handler.libcontainerHandler.cgroupManager = instant
    spec, _ = handler.GetSpec()
    adapter = _CadvisorInterface(spec, machine_info)

    if recorder is not None:
        recorder.layer = "kubelet"
    K = _version(stack.kubelet.registry)
    K.systemBootTime = cpu.boot_time  # the Summary's node StartTime (util.GetBootTime)
    expositions = []
    for t, cpu_ns in zip(cpu.scrape_times, cpu.cumulative_ns, strict=True):
        C.now, C.cpu_total = t, cpu_ns
        if recorder is not None:
            recorder.layer = "cadvisor"
        stats, serr = handler.GetStats()
        if recorder is not None:
            recorder.layer = "kubelet"
        if serr is not None:
            adapter.error = serr
        elif stats is not None:
            adapter.samples.append(stats)
        node_stats, kerr = K.GetCPUAndMemoryStats(adapter, node_name)
        expositions.append(K.metrics_resource(node_stats, kerr))

    ms, rerr = instant.result if instant.result is not None else (None, None)
    runc_ms = None if ms is None else ms.memory_stats
    ignored = handler.libcontainerHandler.ignored_error
    mem = adapter.samples[-1].Memory if adapter.samples else None

    # ---- metrics-server and kubectl top node: pure functions of what the kubelet served
    node_capacity = K.CapacityFromMachineInfo(adapter.machine_info)
    capacity = node_capacity["memory"]
    alloc = K.allocatable_memory(capacity, allocatable, node_capacity)
    down = _downstream(
        stack.metrics_server.registry,
        stack.kubectl.registry,
        tuple(expositions),
        cpu,
        node_name,
        capacity,
        alloc,
        show_capacity,
    )

    def summary() -> Any:
        s, err = K.Get(adapter, node_name, False)
        if err is not None:
            res._cache["kubelet_summary_error"] = err.Error()
        return s

    res = Result(
        stack=stack,
        cgroup="v2" if v2mode else "v1",
        runc=R,
        runc_memory_stats=runc_ms,
        runc_error=rerr.Error() if rerr is not None else None,
        runc_error_value=rerr,
        cadvisor_memory=mem,
        cadvisor_spec=spec,
        cadvisor_ignored_error=ignored.Error() if ignored is not None else None,
        exposition=expositions[-1],
        metrics_server_bytes=down.ms_bytes,
        metrics_server_usage=down.ms_usage,
        node_capacity=capacity,
        node_allocatable=alloc,
        node_hugepages={k: v for k, v in node_capacity.items() if k != "memory"},
        machine_info=adapter.machine_info,
        allocatable=allocatable,
        show_capacity=show_capacity,
        cpu=cpu,
        _cache={"make_kubelet_summary": summary, "make_kubectl": down.kubectl},
    )
    return res


def memory_threshold(cfg: AllocatableConfig) -> Any:
    """The hard memory.available threshold of `cfg` (None when --eviction-hard sets none)."""
    return _threshold_info(cfg).threshold


def threshold_text(cfg: AllocatableConfig) -> str:
    """The hard memory.available threshold as the flag writes it: memory.available<100Mi,
    memory.available<5%, or "none"."""
    return _threshold_info(cfg).text


class _ThresholdInfo:
    """A config's memory.available threshold and its text, worked out once. Hashed by
    identity: a key of the eviction memo that keeps its config alive."""

    __slots__ = ("cfg", "text", "threshold")

    def __init__(self, cfg: AllocatableConfig) -> None:
        self.cfg = cfg
        t = next((t for t in cfg.eviction_hard if t.Signal == SignalMemoryAvailable), None)
        self.threshold = t
        if t is None:
            self.text = "none"
        else:
            self.text = f"{t.Signal}<{threshold_value(t)}"


_INFO: dict[int, _ThresholdInfo] = {}
# (makeSignalObservations, thresholdsMet as the kubelet resolves them, availableBytes,
# workingSetBytes, threshold info) -> MemoryEviction. memsim's Summary has no system
# containers, filesystems or rlimit, so the memory signals are a pure function of these.
_EVICTION_MEMO: dict[tuple[Any, ...], MemoryEviction] = {}


def _threshold_info(cfg: AllocatableConfig) -> _ThresholdInfo:
    info = _INFO.get(id(cfg))
    if info is None or info.cfg is not cfg:
        if len(_INFO) >= 64:
            _INFO.clear()
        info = _INFO[id(cfg)] = _ThresholdInfo(cfg)
    return info


def memory_eviction(
    K: Any, node: Any, summary_error: str | None, cfg: AllocatableConfig
) -> MemoryEviction:
    """What kubelet K's eviction manager makes of the Summary's node stats `node` (None when
    the Summary failed, with `summary_error`) under the hard thresholds of `cfg`."""
    info = _threshold_info(cfg)
    if node is None:
        err = f"Eviction manager: failed to get summary stats: {summary_error}"
        return MemoryEviction(None, None, info.text, None, None, err, err)
    cls = type(K)
    mem = node.Memory
    key = None
    if not (node.SystemContainers or node.Fs or node.Runtime or node.Rlimit):
        ab = mem.AvailableBytes if mem is not None else None
        wb = mem.WorkingSetBytes if mem is not None else None
        key = (cls.makeSignalObservations, cls.thresholdsMet, ab, wb, info)
        hit = _EVICTION_MEMO.get(key)
        if hit is not None:
            return hit
    ev = _memory_eviction(K, node, info)
    if key is not None:
        if len(_EVICTION_MEMO) >= 65536:
            _EVICTION_MEMO.clear()
        _EVICTION_MEMO[key] = ev
    return ev


def _memory_eviction(K: Any, node: Any, info: _ThresholdInfo) -> MemoryEviction:
    threshold, text = info.threshold, info.text
    observations, _, errs = K.makeSignalObservations(Summary(Node=node))
    alloc_err = errs.get(SignalAllocatableMemoryAvailable)
    if alloc_err is not None:
        alloc_err = "Eviction manager: failed to construct signal: " + alloc_err
    o = observations.get(SignalMemoryAvailable)
    if o is None:
        err = "not observed: the Summary's node.memory lacks availableBytes or workingSetBytes"
        return MemoryEviction(None, None, text, None, None, err, alloc_err)
    available, capacity = o.available.Value(), o.capacity.Value()
    if threshold is None:
        return MemoryEviction(available, capacity, text, None, None, None, alloc_err)
    quantity = GetThresholdQuantity(threshold.Value, o.capacity).Value()
    met = bool(K.thresholdsMet([threshold], observations, False))
    return MemoryEviction(available, capacity, text, quantity, met, None, alloc_err)


class _Downstream:
    """metrics-server's node metrics from the kubelet's expositions, and the kubectl row (made
    when first asked, then kept: a _Downstream is shared by every run that served the same)."""

    __slots__ = ("_row", "alloc", "capacity", "cpu", "kc", "ms_bytes", "ms_usage", "nms", "opts")

    def __init__(
        self, ms_reg: str, kc_reg: str, expositions: tuple[str, ...], cpu: SyntheticCPU,
        node_name: str, capacity: int, alloc: int, show_capacity: bool,
    ) -> None:  # fmt: skip
        MS = _version(ms_reg)
        storage = nodeStorage()
        for exposition, t in zip(expositions, cpu.scrape_times, strict=True):
            batch, derr = MS.resource.decodeBatch(exposition.encode(), t, node_name)
            if derr is None:
                MS.storage.Store(storage, batch)
        # NodeMetrics from last/prev
        self.nms, _ = MS.storage.GetMetrics(storage, node_name)
        self.ms_bytes: int | None = None
        self.ms_usage: str | None = None
        if self.nms:
            q = self.nms[0].Usage["memory"]
            self.ms_bytes, self.ms_usage = q.Value(), q.String()
        self.kc, self.cpu, self.capacity, self.alloc = kc_reg, cpu, capacity, alloc
        self.opts = (node_name, show_capacity)
        self._row: KubectlRow | None = None

    def kubectl(self) -> KubectlRow:
        """The `kubectl top node` row: the node object now, the table when asked."""
        if self._row is None:
            node_name, show_capacity = self.opts
            self._row = _kubectl_row(
                self.kc, self.nms, self.cpu.capacity_cores, self.capacity, self.alloc,
                self.ms_bytes, node_name, show_capacity,
            )  # fmt: skip
        return self._row


def over_the_api(q: Quantity) -> Quantity:
    """A Quantity as kubectl decodes it from the API server's JSON: the server writes
    MarshalJSON (the quoted String()), kubectl's UnmarshalJSON parses it back with
    ParseQuantity, so a BinarySI value above MaxInt64 comes back capped at MaxInt64."""
    text, _ = q.MarshalJSON()
    out = Quantity()
    err = out.UnmarshalJSON(text)
    if err is not None:  # a canonical string always parses
        raise RuntimeError(f"kubectl cannot parse quantity {text!r}: {err.Error()}")
    return out


_ROWS: dict[tuple[Any, ...], KubectlRow] = {}


def _kubectl_row(
    kc: str, nms: Any, cores: int, capacity: int, alloc: int, ms_bytes: int | None,
    node_name: str, show_capacity: bool,
) -> KubectlRow:  # fmt: skip
    """`kubectl top node` for one node: a pure function of the NodeMetrics' values and the
    Node's, so it is made once per distinct input (the two sides of a diff that report the
    same working set print the same row, whatever kubelet served it)."""
    key = (
        kc, cores, capacity, alloc, ms_bytes, node_name, show_capacity,
        tuple(
            (n.Name, n.Usage["cpu"].String(), n.Usage["memory"].String(), n.Timestamp, n.Window)
            for n in nms
        ),
    )  # fmt: skip
    row = _ROWS.get(key)
    if row is not None:
        return row
    node = Node(
        node_name,
        Capacity={
            "cpu": over_the_api(NewQuantity(cores, DecimalSI)),
            "memory": over_the_api(NewQuantity(capacity, BinarySI)),
        },
        Allocatable={
            "cpu": over_the_api(NewQuantity(cores, DecimalSI)),
            "memory": over_the_api(NewQuantity(alloc, BinarySI)),
        },
    )
    metrics = [
        NodeMetrics(n.Name, {k: over_the_api(q) for k, q in n.Usage.items()}, n.Timestamp, n.Window)
        for n in nms
    ]
    KC = _version(kc)
    table, kerr = KC.top_node(TopNodeOptions(ShowCapacity=show_capacity), metrics, [node])
    if kerr is not None:
        row = KubectlRow(None, "", "", "", kerr.Error())
    else:
        cols = table.splitlines()[1].split()
        row = KubectlRow(ms_bytes, cols[3], cols[4], table)
    if len(_ROWS) >= 64:
        _ROWS.clear()
    _ROWS[key] = row
    return row


# Both sides of a diff often serve the same exposition (a v1 node under k8s-1.28.3 and 1.29.0):
# what follows it is computed once. Keyed by every input, so a hit is the same computation.
_downstream = functools.lru_cache(maxsize=16)(_Downstream)


# ---------------------------------------------------------------- teaching (explain, docs)


@dataclass
class Step:
    """One thing a reader follows: a value, the formula with its inputs, the upstream code.

    The formula is the one stated at the function that computes the value (ports.provenance
    `@formula`), filled with the values the ports took; `patched` says when a patch replaced
    that function, or ran inside it, so that the stock formula is not (or may not be) it."""

    layer: str
    name: str
    value: Any
    formula: str
    upstream: str = ""
    patched: str = ""
    # the component (registry name) that runs this function as ported for an older version
    inherited_by: str = ""
    # the values the formula is filled with, by the {name} it uses
    inputs: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "layer": self.layer,
            "name": self.name,
            "value": self.value,
            "formula": self.formula,
            "upstream": self.upstream,
            "inherited_by": self.inherited_by or None,
            "patched": self.patched or None,
            "inputs": self.inputs,
        }


def _ref(obj: Any) -> str:
    from ports import provenance

    u = provenance.of(obj)
    return str(u) if u else ""


def _own(fn: Any, reg: str) -> bool:
    """Is `fn` defined in the version package of component `reg` (a patch: of its base)?"""
    base = reg.split("@", 1)[1] if reg.startswith("patch:") else reg
    try:
        pkg = registry.get(base).__module__
    except KeyError:
        return True
    mod = str(getattr(fn, "__module__", "") or "")
    return mod == pkg or mod.startswith(pkg + ".")


def _where(path: str) -> str:
    import os

    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


class _Fill(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def _shown(v: Any) -> Any:
    from sim.watch import Failed

    return "?" if v is None or isinstance(v, Failed) else v


def file_values(r: Read) -> dict[str, Any]:
    """What the ports took from a file read (sim.watch: recorded from the ported parser that
    read it, as it returned), restricted for memory.stat and memory.events to the keys the
    formulas use. A value the parser refused is its error text (sim.watch.Failed)."""
    if r.data is None:
        return {}
    name = r.path.rsplit("/", 1)[-1]
    if name in ("memory.stat", "memory.events"):
        keys = MEMORY_STAT_KEYS if name == "memory.stat" else ("high", "max", "oom", "oom_kill")
        return {k: r.taken[k] for k in (*keys, "error") if k in r.taken}
    return dict(r.taken)


MEMORY_STAT_KEYS = (
    "anon",
    "file",
    "inactive_file",
    "active_file",
    "file_mapped",
    "cache",
    "rss",
    "total_cache",
    "total_rss",
    "total_inactive_file",
    "total_active_file",
    "total_mapped_file",
    "pgfault",
    "pgmajfault",
)


def _taken(res: Result, layer: str, name: str) -> dict[str, Any]:
    """What `layer`'s ported parsers took from the file `name`, over all its reads."""
    out: dict[str, Any] = {}
    for r in res.reads or ():
        if r.layer == layer and r.data is not None and r.path.rsplit("/", 1)[-1] == name:
            for k, v in r.taken.items():
                out.setdefault(k, v)
    return out


def _cls(obj: Any) -> type:
    return obj if isinstance(obj, type) else type(obj)


def teach(res: Result) -> list[Step]:
    """The steps from the files to the kubectl row, each with its formula, inputs and upstream
    code. Needs a run with record=True (the files read are the inputs)."""
    from ports import provenance
    from sim.watch import is_port

    if res.reads is None:
        raise ValueError("teach() needs pipeline.run(..., record=True)")
    R = res.runc
    stk = res.stack
    v2 = res.cgroup == "v2"
    ms = res.runc_memory_stats
    stats: dict[str, int] = dict(getattr(ms, "stats", None) or {})
    steps: list[Step] = []

    def plain(layer: str, name: str, value: Any, text: str, upstream: str = "") -> None:
        steps.append(Step(layer, name, value, text, upstream))

    def add(
        layer: str,
        name: str,
        value: Any,
        owner: Any,
        fname: str,
        comp: str,
        field: str = "",
        check: Any = None,
        **inputs: Any,
    ) -> None:
        """A step computed by `owner.fname` (as the stack resolves it), whose formula for
        `field` (default: the step's name) is the one stated at that function."""
        f = provenance.formula_of(_cls(owner), fname, field or name)
        fn = f.function
        fill = _Fill({k: _shown(v) for k, v in inputs.items()})
        patched = inherited = ""
        module = str(getattr(fn, "__module__", ""))
        if module == "sim.gorunc":  # a runc=go: stack: the real Go code answers this
            text = (
                "the real Go code computes this (runc=go:, run in the oracle's sandbox on a "
                "copy of the node's files); memsim states no formula for it"
            )
            steps.append(Step(layer, name, value, text, comp, "", "", dict(fill)))
            return
        if fn is not None and not is_port(module):
            src = _where(getattr(getattr(fn, "__code__", None), "co_filename", "") or "a patch")
            if f.text:
                text = f.text.format_map(fill)
                patched = f"{src} overrides {f.qualname} and states this formula"
            else:
                text = ""
                patched = (
                    f"{src} overrides {f.qualname}: memsim cannot know the patched formula; "
                    "the value is what the patched code computed"
                )
            upstream = _ref(fn) or src
        else:
            if f.text is None:
                text = f"(no formula is stated at {f.qualname})"
            else:
                text = f.text.format_map(fill)
                if check is not None and check != value:
                    if layer == "runc" and res.runc_error:
                        text += "; not reached: runc returned its error first (below)"
                    else:
                        text += f" (but the port gave {value})"
            upstream = _ref(fn)
            if upstream and not _own(fn, comp):
                inherited = comp
            inside = (res.patched_inside or {}).get(getattr(fn, "__code__", None))
            if inside:
                ran = ", ".join(f"{q} ({_where(p)})" for p, q in sorted(inside))
                patched = f"{f.qualname} calls the patch's {ran}; this formula is the stock one"
        steps.append(Step(layer, name, value, text, upstream, patched, inherited, dict(fill)))

    # ---- runc
    rc = stk.runc.registry
    add(
        "runc",
        "cgroup mode",
        res.cgroup,
        R.cgroups,
        "is_cgroup2_unified_mode",
        rc,
        verdict="yes, unified" if v2 else "no (tmpfs: v1 or hybrid)",
    )
    usage = ms.usage.usage if ms is not None else None
    if not v2:
        got = _taken(res, "runc", "memory.usage_in_bytes").get("memory.usage_in_bytes")
        add("runc", "Usage.Usage", usage, R.fs, "get_memory_data", rc, usage_in_bytes=got)
    else:
        runc_files = {r.path.rsplit("/", 1)[-1]: r for r in res.reads if r.layer == "runc"}
        stat_read = runc_files.get("memory.stat")
        current = runc_files.get("memory.current")
        if stat_read is None or stat_read.data is None:
            add("runc", "Usage.Usage", usage, R.fs2, "stat_memory", rc)
        elif current is not None and current.data is not None:
            got = current.taken.get("memory.current")
            add("runc", "Usage.Usage", usage, R.fs2, "get_memory_data_v2", rc, current=got)
        elif getattr(_cls(R.fs2), "root_stats_from_meminfo", None) is not None:
            a, f = stats.get("anon", 0), stats.get("file", 0)
            add(
                "runc", "Usage.Usage", usage, R.fs2, "root_stats_from_meminfo", rc,
                check=(a + f) % (1 << 64), anon=a, file=f,
            )  # fmt: skip
        else:
            mi = _taken(res, "runc", "meminfo")
            mt, mf = mi.get("MemTotal"), mi.get("MemFree")
            check = None
            if isinstance(mt, int) and isinstance(mf, int) and "error" not in mi:
                check = ((mt - mf) * 1024) % (1 << 64)
            add("runc", "Usage.Usage", usage, R.fs2, "stats_from_meminfo", rc, check=check,
                MemTotal=mt, MemFree=mf)  # fmt: skip
    key = "inactive_file" if v2 else "total_inactive_file"
    absent = "" if key in stats else " (absent)"
    if v2:
        add("runc", f"Stats[{key!r}]", stats.get(key), R.fs2, "stat_memory", rc,
            field=f"Stats[{key}]", dir="/sys/fs/cgroup", absent=absent)  # fmt: skip
    else:
        add("runc", f"Stats[{key!r}]", stats.get(key), R.fs.MemoryGroup, "get_stats", rc,
            field=f"Stats[{key}]", dir="/sys/fs/cgroup/memory", absent=absent)  # fmt: skip
    if res.runc_error:
        plain("runc", "error", res.runc_error, "the manager's GetStats error")

    # ---- cAdvisor
    C = registry.get(stk.cadvisor.registry)
    cc = stk.cadvisor.registry
    spec = res.cadvisor_spec
    minfo = res.machine_info
    pools = minfo.HugePages if minfo is not None else []
    hp_dir = "/sys/kernel/mm/hugepages/"
    if pools:
        add("cadvisor", "MachineInfo.HugePages",
            ", ".join(f"{p.PageSize}kB x {p.NumPages}" for p in pools), C.Machine,
            "GetHugePagesInfo", cc, dir=hp_dir,
            pools=", ".join(f"hugepages-{p.PageSize}kB/nr_hugepages = {p.NumPages}" for p in pools))  # fmt: skip
    else:
        add("cadvisor", "MachineInfo.HugePages", "none", C.Machine, "GetHugePagesInfo", cc,
            field="MachineInfo.HugePages none", dir=hp_dir)  # fmt: skip
    mt = _taken(res, "cadvisor", "meminfo").get("MemTotal")
    if spec.HasMemory:
        add("cadvisor", "Spec.Memory.Limit", spec.Memory.Limit, C.Machine,
            "GetMachineMemoryCapacity", cc,
            check=(mt * 1024) % (1 << 64) if isinstance(mt, int) else None, MemTotal=mt)  # fmt: skip
    else:
        add("cadvisor", "Spec.Memory.Limit", None, C.Machine, "GetMachineMemoryCapacity", cc,
            field="Spec.Memory.Limit unreadable")  # fmt: skip
    mem = res.cadvisor_memory
    lc = C.Libcontainer
    if mem is not None:
        add("cadvisor", "Memory.Usage", mem.Usage, lc, "setMemoryStats", cc, check=usage)
        if key in stats:
            v = stats[key]
            add(
                "cadvisor", "Memory.WorkingSet", mem.WorkingSet, lc, "setMemoryStats", cc,
                check=0 if mem.Usage < v else mem.Usage - v, key=key, Usage=mem.Usage,
                inactive=v, floored=" < 0, floored at 0" if mem.Usage < v else "",
            )  # fmt: skip
        else:
            add("cadvisor", "Memory.WorkingSet", mem.WorkingSet, lc, "setMemoryStats", cc,
                field="Memory.WorkingSet without inactive", check=mem.Usage, key=key,
                Usage=mem.Usage)  # fmt: skip
        if v2:
            su = ms.swap_usage.usage if ms is not None else 0
            wrapped = " (uint64: wraps below 0)" if su < (usage or 0) else ""
            add("cadvisor", "Memory.Swap", mem.Swap, lc, "setMemoryStats", cc,
                check=(su - mem.Usage) % (1 << 64), swap=su, Usage=mem.Usage, wrapped=wrapped)  # fmt: skip
            add("cadvisor", "Memory.RSS", mem.RSS, lc, "setMemoryStats", cc, rss_key="anon")
        else:
            rss_key = "total_rss" if getattr(ms, "use_hierarchy", False) else "rss"
            add("cadvisor", "Memory.RSS", mem.RSS, lc, "setMemoryStats", cc, rss_key=rss_key)
    if res.cadvisor_ignored_error:
        add("cadvisor", "ignored error", res.cadvisor_ignored_error, lc, "handler_get_stats", cc)

    # ---- kubelet
    K = _version(stk.kubelet.registry)
    kc = stk.kubelet.registry
    km = res.kubelet_memory
    helper = "cadvisorInfoToCPUandMemoryStats"
    if km is not None:
        add("kubelet", "node.memory.workingSetBytes", km.WorkingSetBytes, K, helper, kc)
        add("kubelet", "node.memory.usageBytes", km.UsageBytes, K, helper, kc)
        summary_get = getattr(_cls(K), "Get", None)
        if (
            km.AvailableBytes is not None
            and not is_port(str(getattr(summary_get, "__module__", "")))
            and provenance.formula_of(_cls(K), "Get", "node.memory.availableBytes").text
        ):
            # a patch's Summary Get that states its own availableBytes (docs/patches/
            # kubelet_pr138127.py): its formula, with the hugepage capacity it may take off
            add(
                "kubelet", "node.memory.availableBytes", km.AvailableBytes, K, "Get", kc,
                limit=spec.Memory.Limit, working_set=km.WorkingSetBytes,
                hugepages=sum(res.node_hugepages.values()),
            )  # fmt: skip
        elif km.AvailableBytes is not None:
            add(
                "kubelet", "node.memory.availableBytes", km.AvailableBytes, K, helper, kc,
                check=(spec.Memory.Limit - km.WorkingSetBytes) % (1 << 64),
                limit=spec.Memory.Limit, working_set=km.WorkingSetBytes,
            )  # fmt: skip
        else:
            add("kubelet", "node.memory.availableBytes", None, K, helper, kc,
                field="node.memory.availableBytes omitted")  # fmt: skip
    add("kubelet", "/metrics/resource", res.exposition_line, K, "collectNodeMemoryMetrics", kc)
    ev = res.eviction
    if ev.available is not None and km is not None:
        ab, wb = km.AvailableBytes, km.WorkingSetBytes
        wrapped = ""
        if ab + wb >= 1 << 64 or ab >= 1 << 63 or (ev.capacity or 0) < 0:
            wrapped = " (uint64 wraps, int64 takes the bits)"
        add("kubelet", "eviction memory.available", ev.available, K, "makeSignalObservations", kc,
            field="memory.available", available_bytes=ab)  # fmt: skip
        add("kubelet", "eviction memory.available capacity", ev.capacity, K,
            "makeSignalObservations", kc, field="memory.available capacity",
            available_bytes=ab, working_set_bytes=wb, wrapped=wrapped)  # fmt: skip
        if ev.met is not None:
            add("kubelet", f"eviction {ev.threshold}", "met" if ev.met else "not met", K,
                "thresholdsMet", kc,
                field="memory.available threshold met", threshold=ev.threshold,
                capacity=ev.capacity, quantity=ev.threshold_bytes, available=ev.available)  # fmt: skip
        else:
            add("kubelet", "eviction threshold", "none", K, "thresholdsMet", kc,
                field="memory.available no threshold")  # fmt: skip
    else:
        add("kubelet", "eviction memory.available", None, K, "makeSignalObservations", kc,
            field="memory.available not observed", error=ev.error or "not observed")  # fmt: skip
    add("kubelet", "eviction allocatableMemory.available", None, K, "makeSignalObservations", kc,
        field="allocatableMemory.available", error=ev.allocatable_error)  # fmt: skip

    # ---- metrics-server
    MS = _version(stk.metrics_server.registry)
    msc = stk.metrics_server.registry
    dropped = (
        "" if res.metrics_server_bytes else "; the node is dropped: working set, CPU or time is 0"
    )
    add("metrics-server", "MetricsPoint.MemoryUsage", res.metrics_server_bytes, MS.resource,
        "parseNodeMemUsageMetrics", msc, dropped=dropped)  # fmt: skip
    add("metrics-server", "NodeMetrics.usage.memory", res.metrics_server_usage, MS.storage,
        "uint64Quantity", msc)  # fmt: skip

    # ---- kubectl
    KC = _version(stk.kubectl.registry)
    kcc = stk.kubectl.registry
    cfg = res.allocatable
    hp = res.node_hugepages
    for name, size in sorted(hp.items()):
        add("kubectl", f"node capacity {name}", size, K, "CapacityFromMachineInfo", kc,
            field="node capacity hugepages",
            pools=", ".join(f"{p.PageSize} x 1024 x {p.NumPages}" for p in pools))  # fmt: skip
    add(
        "kubectl", "node allocatable memory", res.node_allocatable, K, "allocatable_memory", kc,
        field="node allocatable memory with hugepages" if hp else "",
        capacity=res.node_capacity, system_reserved=cfg.system_reserved,
        kube_reserved=cfg.kube_reserved,
        eviction_hard=K.eviction_reservation(cfg, res.node_capacity),
        hugepages=" - ".join(f"{v} ({k})" for k, v in sorted(hp.items())),
    )  # fmt: skip
    row = res.kubectl
    if row.error is not None:
        add("kubectl", "error", row.error, KC, "RunTopNode", kcc)
        return steps
    printer = KC.Metricsutil
    add("kubectl", "MEMORY(bytes)", row.memory, printer, "printSingleResourceUsage", kcc,
        bytes=res.metrics_server_bytes)  # fmt: skip
    denom = res.node_capacity if res.show_capacity else res.node_allocatable
    add("kubectl", "MEMORY%", row.memory_percent, printer, "printAllResourceUsages", kcc,
        denominator="capacity" if res.show_capacity else "allocatable",
        bytes=res.metrics_server_bytes, denom=denom)  # fmt: skip
    cols = row.table.splitlines()[1].split() if row.table.count("\n") >= 1 else []
    cpu = res.cpu
    (t0, t1), (c0, c1) = cpu.scrape_times, cpu.cumulative_ns
    add(
        "kubectl", "CPU(cores)", cols[1] if len(cols) > 2 else None, printer,
        "printSingleResourceUsage", kcc,
        note=f"; synthetic, as is CPU% ({cols[2] if len(cols) > 2 else '-'}): memsim models no "
        f"CPU. It states {c0 / time.Second:g} s, then {c1 / time.Second:g} s of cumulative node "
        f"CPU at two scrapes {(t1 - t0) / time.Second:g} s apart, on {cpu.capacity_cores} "
        "cores (sim.pipeline.SyntheticCPU), so that metrics-server keeps the node: it drops a "
        "node whose CPU is 0",
    )  # fmt: skip
    return steps
