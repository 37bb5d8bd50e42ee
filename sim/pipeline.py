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
- The API objects between metrics-server and kubectl (NodeMetrics, Node) are handed over
  directly rather than through the apiserver.

Everything only a reader needs (JSON, the teaching steps, the list of files read) is computed
when asked, so the simulator's hot path runs the ports and nothing else.
"""

from __future__ import annotations

import errno as _errno
import functools
from dataclasses import dataclass, field
from typing import Any

from ports import registry
from ports.apimachinery.v0_28_3.pkg.api.resource import BinarySI, DecimalSI, NewQuantity
from ports.cadvisor.v0_47_3.info import v1 as cv1
from ports.cadvisor.v0_47_3.info import v2 as cv2
from ports.go import host, time
from ports.kubectl.v0_28_3 import Node, NodeMetrics, TopNodeOptions
from ports.kubelet.v1_28_3 import AllocatableConfig
from ports.kubelet.v1_28_3.pkg.apis.stats.v1alpha1 import marshal
from ports.metrics_server.v0_6_4 import nodeStorage
from sim.stacks import Stack

MiB = 1 << 20


class KubeletRefusesToStart(Exception):
    """The kubelet exits before serving anything (validateKubeletOSConfiguration failed, e.g.
    v1.35+ on a cgroup v1 host): a failure class, not a number, for every layer after cAdvisor."""


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
            self._cache["runc_json"] = "" if ms is None else self.runc.marshal(ms)[0]
        return str(self._cache["runc_json"])

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

        return {
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


class _CadvisorInterface:
    """cadvisor.Interface.ContainerInfoV2 for "/": the spec and the samples collected so far."""

    __slots__ = ("error", "samples", "spec", "spec_v2")

    def __init__(self, spec: cv1.ContainerSpec) -> None:
        self.spec = spec
        self.spec_v2 = cv2.ContainerSpecFromV1(spec)
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

    def read_file(self, path: str) -> host.ReadResult:
        data, oerr, rerr = self.inner.read_file(path)
        self.reads.append(Read(self.layer, path, data, oerr or rerr))
        return data, oerr, rerr


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
    """Run `stack` on the current host. `record` notes every file read (for explain)."""
    cpu = cpu or DEFAULT_CPU
    allocatable = allocatable or DEFAULT_ALLOCATABLE
    recorder: _Recorder | None = None
    if record:
        recorder = _Recorder(host.current())
        with host.use(recorder):
            res = _run(stack, node_name, cpu, allocatable, show_capacity, recorder)
        res.reads = recorder.reads
        return res
    return _run(stack, node_name, cpu, allocatable, show_capacity, None)


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
        raise KubeletRefusesToStart(verr.Error())
    if recorder is not None:
        recorder.layer = "cadvisor"

    # ---- cAdvisor: the raw handler for "/", its spec, one GetStats per scrape
    C = registry.get(stack.cadvisor.registry)(R)
    C.boot_time = cpu.boot_time
    handler, err = C.root_handler()
    if err is not None:
        raise RuntimeError(f"cadvisor: creating the handler for /: {err.Error()}")
    instant = _OneInstant(handler.libcontainerHandler.cgroupManager, recorder)
    handler.libcontainerHandler.cgroupManager = instant
    spec, _ = handler.GetSpec()
    adapter = _CadvisorInterface(spec)

    if recorder is not None:
        recorder.layer = "kubelet"
    K = _version(stack.kubelet.registry)
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
    capacity = K.CapacityFromMachineInfo(spec.Memory.Limit)
    alloc = K.allocatable_memory(capacity, allocatable)
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
        s, _ = K.Get(adapter, node_name, False)
        return s

    return Result(
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
        allocatable=allocatable,
        show_capacity=show_capacity,
        _cache={"make_kubelet_summary": summary, "make_kubectl": down.kubectl},
    )


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
            "cpu": NewQuantity(cores, DecimalSI),
            "memory": NewQuantity(capacity, BinarySI),
        },
        Allocatable={
            "cpu": NewQuantity(cores, DecimalSI),
            "memory": NewQuantity(alloc, BinarySI),
        },
    )
    metrics = [NodeMetrics(n.Name, n.Usage, n.Timestamp, n.Window) for n in nms]
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
    """One thing a reader follows: a value, the formula with its inputs, the upstream code."""

    layer: str
    name: str
    value: Any
    formula: str
    upstream: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "layer": self.layer,
            "name": self.name,
            "value": self.value,
            "formula": self.formula,
            "upstream": self.upstream,
        }


def _ref(obj: Any) -> str:
    from ports import provenance

    u = provenance.of(obj)
    return str(u) if u else ""


def _kv_lines(data: bytes | None, sep: str) -> dict[str, int]:
    """ "key value" or "Key: value kB" lines as ints (for showing inputs; the ports parse)."""
    out: dict[str, int] = {}
    for line in (data or b"").decode("utf-8", "replace").splitlines():
        k, _, v = line.partition(sep)
        parts = v.split()
        if k and parts:
            try:
                out[k.strip()] = int(parts[0])
            except ValueError:
                continue
    return out


def file_values(r: Read) -> dict[str, int]:
    """The values of a file read that the formulas use (all keys for one-value files)."""
    if r.data is None:
        return {}
    if r.path == "/proc/meminfo":
        mi = _kv_lines(r.data, ":")
        return {k: mi[k] for k in ("MemTotal", "MemFree", "SwapTotal", "SwapFree") if k in mi}
    name = r.path.rsplit("/", 1)[-1]
    if name in ("memory.stat", "memory.events"):
        st = _kv_lines(r.data, " ")
        keys = MEMORY_STAT_KEYS if name == "memory.stat" else ("high", "max", "oom", "oom_kill")
        return {k: st[k] for k in keys if k in st}
    text = r.data.decode("utf-8", "replace").strip()
    if text and "\n" not in text:
        try:
            return {name: int(text)}
        except ValueError:
            return {}
    return {}


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


def teach(res: Result) -> list[Step]:
    """The steps from the files to the kubectl row, each with its formula, inputs and upstream
    code. Needs a run with record=True (the files read are the inputs)."""
    if res.reads is None:
        raise ValueError("teach() needs pipeline.run(..., record=True)")
    R = res.runc
    stk = res.stack
    v2 = res.cgroup == "v2"
    ms = res.runc_memory_stats
    stats: dict[str, int] = dict(getattr(ms, "stats", None) or {})
    meminfo: dict[str, int] = {}
    runc_reads: dict[str, Read] = {}
    for r in res.reads:
        if r.path == "/proc/meminfo" and r.data is not None and not meminfo:
            meminfo = file_values(r)
        if r.layer == "runc":
            runc_reads.setdefault(r.path.rsplit("/", 1)[-1], r)
    steps: list[Step] = []

    def add(layer: str, name: str, value: Any, formula: str, upstream: str = "") -> None:
        steps.append(Step(layer, name, value, formula, upstream))

    # ---- runc
    add(
        "runc",
        "cgroup mode",
        res.cgroup,
        'statfs("/sys/fs/cgroup").f_type == CGROUP2_SUPER_MAGIC (0x63677270): '
        + ("yes, unified" if v2 else "no (tmpfs: v1 or hybrid)"),
        _ref(type(R.cgroups).is_cgroup2_unified_mode),
    )
    usage = ms.usage.usage if ms is not None else None
    mt, mf = meminfo.get("MemTotal"), meminfo.get("MemFree")
    if not v2:
        add(
            "runc",
            "Usage.Usage",
            usage,
            f"memory.usage_in_bytes = {usage} (the kernel's own root usage)",
            _ref(type(R.fs).get_memory_data),
        )
    else:
        stat_read = runc_reads.get("memory.stat")
        current = runc_reads.get("memory.current")
        fixed = getattr(type(R.fs2), "root_stats_from_meminfo", None)
        if stat_read is None or stat_read.data is None:
            add(
                "runc",
                "Usage.Usage",
                usage,
                "no memory.stat: statMemory returns at its first open, before any usage "
                "(Usage 0; cAdvisor ignores the root's error, kubernetes#111291)",
                _ref(type(R.fs2).stat_memory),
            )
        elif current is not None and current.data is not None:
            add(
                "runc",
                "Usage.Usage",
                usage,
                f"memory.current = {usage}",
                _ref(type(R.fs2).get_memory_data_v2),
            )
        elif fixed is not None:
            a, f = stats.get("anon", 0), stats.get("file", 0)
            add(
                "runc",
                "Usage.Usage",
                usage,
                f"root has no memory.current: memory.stat anon + file = {a} + {f}"
                + ("" if a + f == usage else f" (port: {usage})"),
                _ref(fixed),
            )
        else:
            calc = None if mt is None or mf is None else (mt - mf) * 1024
            add(
                "runc",
                "Usage.Usage",
                usage,
                f"root has no memory.current: (MemTotal - MemFree) x 1024 = ({mt} - {mf}) x 1024"
                + ("" if calc == usage else f" (port: {usage})"),
                _ref(type(R.fs2).stats_from_meminfo),
            )
    key = "inactive_file" if v2 else "total_inactive_file"
    add(
        "runc",
        f"Stats[{key!r}]",
        stats.get(key),
        f"{'/sys/fs/cgroup' if v2 else '/sys/fs/cgroup/memory'}/memory.stat {key}"
        + ("" if key in stats else " (absent)"),
        _ref(type(R.fs2).stat_memory) if v2 else _ref(R.fs.MemoryGroup.get_stats),
    )
    if res.runc_error:
        add("runc", "error", res.runc_error, "the manager's GetStats error", "")

    # ---- cAdvisor
    C = registry.get(stk.cadvisor.registry)
    spec = res.cadvisor_spec
    add(
        "cadvisor",
        "Spec.Memory.Limit",
        spec.Memory.Limit if spec.HasMemory else None,
        f"/proc/meminfo MemTotal x 1024 = {mt} x 1024"
        if spec.HasMemory
        else "MemTotal unreadable: HasMemory = false",
        _ref(C.Machine.GetMachineMemoryCapacity),
    )
    mem = res.cadvisor_memory
    set_memory_stats = _ref(C.Libcontainer.setMemoryStats)
    if mem is not None:
        add("cadvisor", "Memory.Usage", mem.Usage, "runc Usage.Usage", set_memory_stats)
        if key in stats:
            v = stats[key]
            add(
                "cadvisor",
                "Memory.WorkingSet",
                mem.WorkingSet,
                f"Usage - {key} = {mem.Usage} - {v}"
                + (" < 0, floored at 0" if mem.Usage < v else ""),
                set_memory_stats,
            )
        else:
            add(
                "cadvisor",
                "Memory.WorkingSet",
                mem.WorkingSet,
                f"no {key}: the working set is the whole Usage {mem.Usage}",
                set_memory_stats,
            )
        if v2:
            su = ms.swap_usage.usage if ms is not None else 0
            wrapped = " (uint64: wraps below 0)" if su < (ms.usage.usage if ms else 0) else ""
            add(
                "cadvisor",
                "Memory.Swap",
                mem.Swap,
                f"SwapUsage.Usage - Usage.Usage = {su} - {mem.Usage}{wrapped}",
                set_memory_stats,
            )
            add("cadvisor", "Memory.RSS", mem.RSS, "memory.stat anon", set_memory_stats)
        else:
            rss_key = "total_rss" if getattr(ms, "use_hierarchy", False) else "rss"
            add("cadvisor", "Memory.RSS", mem.RSS, f"memory.stat {rss_key}", set_memory_stats)
    if res.cadvisor_ignored_error:
        add(
            "cadvisor",
            "ignored error",
            res.cadvisor_ignored_error,
            "v2 root: GetStats logs the manager's error and keeps the partial stats",
            _ref(C.Libcontainer.handler_get_stats),
        )

    # ---- kubelet
    K = _version(stk.kubelet.registry)
    helper = _ref(type(K).cadvisorInfoToCPUandMemoryStats)
    km = res.kubelet_memory
    if km is not None:
        add(
            "kubelet",
            "node.memory.workingSetBytes",
            km.WorkingSetBytes,
            "cAdvisor Memory.WorkingSet",
            helper,
        )
        add("kubelet", "node.memory.usageBytes", km.UsageBytes, "cAdvisor Memory.Usage", helper)
        if km.AvailableBytes is not None:
            add(
                "kubelet",
                "node.memory.availableBytes",
                km.AvailableBytes,
                f"Spec.Memory.Limit - workingSet = {spec.Memory.Limit} - {km.WorkingSetBytes} "
                "(limit <= 2^62; uint64, not clamped)",
                helper,
            )
        else:
            add(
                "kubelet",
                "node.memory.availableBytes",
                None,
                "omitted (no limit, or > 2^62)",
                helper,
            )
    add(
        "kubelet",
        "/metrics/resource",
        res.exposition_line,
        "float64(workingSetBytes) in %g form, then Memory.Time in ms",
        _ref(type(K).collectNodeMemoryMetrics),
    )

    # ---- metrics-server
    MS = _version(stk.metrics_server.registry)
    add(
        "metrics-server",
        "MetricsPoint.MemoryUsage",
        res.metrics_server_bytes,
        "uint64(node_memory_working_set_bytes) of the last scrape"
        + (
            ""
            if res.metrics_server_bytes
            else "; the node is dropped: working set, CPU or time is 0"
        ),
        _ref(type(MS.resource).parseNodeMemUsageMetrics),
    )
    add(
        "metrics-server",
        "NodeMetrics.usage.memory",
        res.metrics_server_usage,
        "uint64Quantity(last.MemoryUsage, BinarySI, 0): the last point, not an average",
        _ref(type(MS.storage).uint64Quantity),
    )

    # ---- kubectl
    KC = _version(stk.kubectl.registry)
    cfg = res.allocatable
    add(
        "kubectl",
        "node allocatable memory",
        res.node_allocatable,
        f"capacity - system-reserved - kube-reserved - evictionHard memory.available = "
        f"{res.node_capacity} - {cfg.system_reserved} - {cfg.kube_reserved} - "
        f"{cfg.eviction_hard_memory_available}",
        _ref(type(K).allocatable_memory),
    )
    row = res.kubectl
    printer = KC.Metricsutil
    if row.error is not None:
        add(
            "kubectl",
            "error",
            row.error,
            "no NodeMetrics for the node: RunTopNode prints no row",
            _ref(type(KC).RunTopNode),
        )
        return steps
    add(
        "kubectl",
        "MEMORY(bytes)",
        row.memory,
        f"Value() / 2^20, truncated = {res.metrics_server_bytes} / 1048576",
        _ref(printer.printSingleResourceUsage),
    )
    denom = res.node_capacity if res.show_capacity else res.node_allocatable
    add(
        "kubectl",
        "MEMORY%",
        row.memory_percent,
        f"int64(usage / {'capacity' if res.show_capacity else 'allocatable'} x 100) = "
        f"int64({res.metrics_server_bytes} / {denom} x 100)",
        _ref(printer.printAllResourceUsages),
    )
    return steps
