"""What one pipeline run produced, in a canonical JSON-safe form, and how two compare.

`layers(result)` turns a sim.pipeline.Result into plain dicts, one per layer, with map keys
as strings, so that a live run and a run saved to JSONL and read back compare equal when
nothing changed. Everything the diff summary needs (working set, error classes, invariant
violations) is computed from these dicts, never from live objects, so a saved run is a
first-class side of a diff.

    {"view": "v1"|"v2",
     "runc":           {"memory_stats": {...}|None, "error": str|None, "error_class": str|None},
     "cadvisor":       {"memory": {...}|None, "spec_memory_limit": int, "has_memory": bool,
                        "ignored_error": str|None},
     "kubelet":        {"memory": {...}|None, "swap": {...}|None, "exposition": str|None,
                        "eviction": {"memory_available": int|None, "capacity": int|None,
                                     "threshold_bytes": int|None, "met": bool|None}},
     "metrics_server": {"usage_bytes": int|None},
     "kubectl":        {"memory_bytes": int|None, "memory": str, "memory_percent": str,
                        "error": str|None}}

A run that could not finish has {"failure": {"class": "go-panic"|"fatal"|"memsim-bug",
"error": str[, "layer": component when not runc]}} instead (a Go panic, or an error upstream
treats as fatal, is upstream behaviour; a Python exception is a bug in memsim).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

from ports.go import errors, syscall
from ports.go import os as goos

Layers = dict[str, Any]
LAYERS = ("runc", "cadvisor", "kubelet", "metrics_server", "kubectl")

# Every size a layer reports, by path in the layers dict: a value >= 2^63 in one of these is a
# uint64 that wrapped below zero (limits are excluded: "unlimited" is MaxUint64 by design).
SIZE_FIELDS: tuple[tuple[str, ...], ...] = (
    ("runc", "memory_stats", "usage", "usage"),
    ("runc", "memory_stats", "swap_usage", "usage"),
    ("runc", "memory_stats", "swap_only_usage", "usage"),
    ("runc", "memory_stats", "kernel_usage", "usage"),
    ("cadvisor", "memory", "Usage"),
    ("cadvisor", "memory", "MaxUsage"),
    ("cadvisor", "memory", "Cache"),
    ("cadvisor", "memory", "RSS"),
    ("cadvisor", "memory", "Swap"),
    ("cadvisor", "memory", "MappedFile"),
    ("cadvisor", "memory", "WorkingSet"),
    ("kubelet", "memory", "UsageBytes"),
    ("kubelet", "memory", "WorkingSetBytes"),
    ("kubelet", "memory", "RSSBytes"),
    ("kubelet", "memory", "AvailableBytes"),
    ("kubelet", "swap", "SwapUsageBytes"),
    ("kubelet", "swap", "SwapAvailableBytes"),
    ("metrics_server", "usage_bytes"),
    ("kubectl", "memory_bytes"),
)
WRAPPED = 1 << 63


# floats are not among them: a float that is not finite (a PSI average read as nan or inf)
# becomes its Go spelling, a string, so the layers stay JSON (--jsonl) and compare equal
# (nan != nan would make two identical runs differ)
_SCALARS = frozenset((bool, int, str, type(None)))
_CONVERTERS: dict[type, Any] = {}


def _float(x: float) -> float | str:
    if x - x == 0.0:  # finite (inf - inf and nan - nan are nan)
        return x
    return "NaN" if x != x else ("+Inf" if x > 0 else "-Inf")


def _converter(t: type) -> Any:
    """A function turning one dataclass type into its dict: the field reads written out once
    per type (no per-call introspection), each value through canon unless it is a scalar."""
    names = [f.name for f in dataclasses.fields(t) if f.name[0] != "_"]
    body = ", ".join(f"{n!r}: _c(v.{n})" for n in names)
    ns: dict[str, Any] = {"_c": _canon_value}
    exec(f"def conv(v):\n    return {{{body}}}\n", ns)
    return ns["conv"]


def _canon_value(x: Any) -> Any:
    return x if type(x) in _SCALARS else canon(x)


def canon(v: Any) -> Any:
    """A Go value (dataclass struct, map, slice, scalar) as plain JSON-safe Python."""
    t = type(v)
    if t in _SCALARS:
        return v
    if t is float:
        return _float(v)
    conv = _CONVERTERS.get(t)
    if conv is not None:
        return conv(v)
    if t is dict:
        return {str(k): x if type(x) in _SCALARS else canon(x) for k, x in v.items()}
    if t is list or t is tuple:
        return [canon(x) for x in v]
    if dataclasses.is_dataclass(v):
        _CONVERTERS[t] = _converter(t)
        return canon(v)
    if isinstance(v, float):
        return _float(v)
    if isinstance(v, (bool, int, str)):  # subclasses (e.g. IntEnum)
        return v
    raise TypeError(f"no canonical form for {t.__name__}")


def error_class(err: Any) -> str | None:
    """The Go class of an error, as callers branch on it: "not-exist" (os.IsNotExist),
    "enoent-wrapped" (errors.Is ENOENT but hidden from os.IsNotExist by wrapping), "parse"
    (a ParseError or strconv.NumError in the chain), "other"."""
    if err is None:
        return None
    if goos.IsNotExist(err):
        return "not-exist"
    if errors.Is(err, syscall.ENOENT):
        return "enoent-wrapped"
    e = err
    while e is not None:
        if type(e).__name__ in ("ParseError", "NumError"):
            return "parse"
        unwrap = getattr(e, "Unwrap", None)
        nxt = unwrap() if unwrap is not None else None
        e = nxt if not isinstance(nxt, list) else (nxt[0] if nxt else None)
    return "other"


def layers(res: Any) -> Layers:
    """The canonical layers of a sim.pipeline.Result."""
    k = res.kubectl
    return {
        "view": res.cgroup,
        "runc": {
            "memory_stats": canon(res.runc_memory_stats),
            "error": res.runc_error,
            "error_class": error_class(res.runc_error_value),
        },
        "cadvisor": {
            "memory": canon(res.cadvisor_memory),
            "spec_memory_limit": res.cadvisor_spec.Memory.Limit,
            "has_memory": res.cadvisor_spec.HasMemory,
            "ignored_error": res.cadvisor_ignored_error,
        },
        "kubelet": {
            "memory": canon(res.kubelet_memory),
            "swap": canon(res.kubelet_swap),
            "exposition": res.exposition_line,
            "eviction": _eviction(res),
        },
        "metrics_server": {"usage_bytes": res.metrics_server_bytes},
        "kubectl": {
            "memory_bytes": k.memory_bytes,
            "memory": k.memory,
            "memory_percent": k.memory_percent,
            "error": k.error,
        },
    }


def _eviction(res: Any) -> dict[str, Any]:
    """memory.available as the kubelet's eviction manager observes it, and whether the hard
    threshold is met (sim.pipeline.MemoryEviction; the threshold itself is the run's flag)."""
    ev = res.eviction
    return {
        "memory_available": ev.available,
        "capacity": ev.capacity,
        "threshold_bytes": ev.threshold_bytes,
        "met": ev.met,
    }


def available(lay: Layers) -> int | None:
    """The node's availableBytes in the kubelet's Summary (bytes; what memory.available
    observes), None when it reports none."""
    v = get(lay, ("kubelet", "memory", "AvailableBytes"))
    return v if isinstance(v, int) else None


def eviction_met(lay: Layers) -> bool | None:
    """Whether this run meets the hard memory.available threshold (None: not observed, no
    threshold, a failed run or a saved run from before memsim observed it)."""
    v = get(lay, ("kubelet", "eviction", "met"))
    return v if isinstance(v, bool) else None


def failure(cls: str, message: str, layer: str = "") -> Layers:
    """A run that could not finish: its class, its error and, when known, the component."""
    f = {"class": cls, "error": message}
    if layer and layer != "runc":  # runc is the default (most panics are runc's)
        f["layer"] = layer
    return {"failure": f}


def get(d: Any, path: Iterable[str]) -> Any:
    for p in path:
        if not isinstance(d, dict):
            return None
        d = d.get(p)
    return d


def working_set(lay: Layers) -> int | None:
    """The node working set the kubelet reports (bytes), None when it reports none."""
    v = get(lay, ("kubelet", "memory", "WorkingSetBytes"))
    return v if isinstance(v, int) else None


# The numbers a node shows (the kubelet's Summary API, /metrics/resource, `kubectl top node`), by
# name: a change to one of these is what the diff's headline counts as "changed" (a field that
# reaches none of them, such as cAdvisor's KernelUsage, stays in the field table). One entry per
# number; the diff's tables, --json and --fail-on-change read this list and nothing else.
NODE_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("working_set", ("kubelet", "memory", "WorkingSetBytes")),
    ("usage", ("kubelet", "memory", "UsageBytes")),
    ("available", ("kubelet", "memory", "AvailableBytes")),
    ("memory_available", ("kubelet", "eviction", "memory_available")),
    ("kubectl_memory", ("kubectl", "memory")),
    ("kubectl_memory_percent", ("kubectl", "memory_percent")),
)


def node_row(lay: Layers) -> bool:
    """Whether `kubectl top node` shows the node (metrics-server kept it and kubectl printed it)."""
    k = lay.get("kubectl")
    return k is not None and k["error"] is None and k["memory_bytes"] is not None


def node_changes(a: Layers, b: Layers) -> tuple[str, ...]:
    """The NODE_FIELDS names whose values differ between two runs."""
    return tuple(name for name, path in NODE_FIELDS if get(a, path) != get(b, path))


def changed_paths(a: Any, b: Any, prefix: str = "") -> list[str]:
    """Dotted paths where two canonical values differ (added and removed keys included), in
    a stable order. Cheap enough to run on every changed state; deepdiff is kept for the
    states a report shows."""
    out: list[str] = []
    _changed(a, b, prefix, out)
    return out


def _changed(a: Any, b: Any, prefix: str, out: list[str]) -> None:
    if a == b:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(a.keys() | b.keys()):
            p = f"{prefix}.{key}" if prefix else key
            if key not in a or key not in b:
                out.append(p)
            else:
                _changed(a[key], b[key], p, out)
        return
    out.append(prefix or "(root)")


def errors_of(lay: Layers) -> list[str]:
    """Error classes of one run, each "layer:class"."""
    f = lay.get("failure")
    if f is not None:
        layer = "memsim" if f["class"] == "memsim-bug" else f.get("layer", "runc")
        return [f"{layer}:{f['class']}"]
    out = []
    cls = get(lay, ("runc", "error_class"))
    if cls:
        out.append(f"runc:{cls}")
    if get(lay, ("cadvisor", "memory")) is None:
        out.append("cadvisor:no-stats")
    if get(lay, ("metrics_server", "usage_bytes")) is None:
        out.append("metrics-server:node-dropped")
    if get(lay, ("kubectl", "error")):
        out.append("kubectl:error")
    return out


Invariant = Callable[[Layers, "dict[str, int] | None"], "str | None"]


def inv_working_set_le_usage(lay: Layers, truth: dict[str, int] | None) -> str | None:
    m = get(lay, ("kubelet", "memory"))
    if not m or m.get("WorkingSetBytes") is None or m.get("UsageBytes") is None:
        return None
    if m["WorkingSetBytes"] > m["UsageBytes"]:
        return "working set > usage"
    return None


def inv_available_plus_ws(lay: Layers, truth: dict[str, int] | None) -> str | None:
    m = get(lay, ("kubelet", "memory"))
    if not m or m.get("AvailableBytes") is None or m.get("WorkingSetBytes") is None:
        return None
    total = get(lay, ("cadvisor", "spec_memory_limit"))
    if truth is not None:
        total = truth["mem_total_b"]
    if m["AvailableBytes"] + m["WorkingSetBytes"] != total:
        return "availableBytes + workingSetBytes != MemTotal"
    return None


def inv_no_wrap(lay: Layers, truth: dict[str, int] | None) -> str | None:
    bad = [".".join(p) for p in SIZE_FIELDS if isinstance(v := get(lay, p), int) and v >= WRAPPED]
    return ("wrapped below zero: " + ", ".join(bad)) if bad else None


INVARIANTS: dict[str, Invariant] = {
    "working_set<=usage": inv_working_set_le_usage,
    "available+working_set==MemTotal": inv_available_plus_ws,
    "no_wrapped_size": inv_no_wrap,
}


def violations(
    lay: Layers, truth: dict[str, int] | None, extra: dict[str, Invariant] | None = None
) -> list[str]:
    """Names of the invariants this run breaks (the built-in ones and a patch's own)."""
    return list(violation_messages(lay, truth, extra))


def violation_messages(
    lay: Layers, truth: dict[str, int] | None, extra: dict[str, Invariant] | None = None
) -> dict[str, str]:
    """The invariants this run breaks, each with what its check said."""
    if "failure" in lay:
        return {}
    out = {}
    for name, inv in {**INVARIANTS, **(extra or {})}.items():
        msg = inv(lay, truth)
        if msg is not None:
            out[name] = msg
    return out
