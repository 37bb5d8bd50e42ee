"""The diff engine: run two sides over the same states and say where and by how much they differ.

    summary = run(DiffConfig(before=sides.parse("k8s-1.28.3"), after=sides.parse("k8s-1.29.0"),
                             states=10_000, seed=0))

For every state both sides run the whole pipeline (sim.pipeline) on the same tree (or each on
its pinned view of the same ground truth); their canonical layers (sim.compare) are compared
for equality, and only where they differ are the changed paths worked out. Aggregates stream:
memory stays flat in the number of states (a float per state for the percentiles).

Workers (--jobs) get chunks of state indices; results are consumed in index order, so
everything but `timing` is identical whatever --jobs is. Bad input never stops a run: a
state a port cannot parse yields that port's upstream error, counted by class; a Python
exception is a memsim bug, reported with the state's seed and index, and the run goes on.
"""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import heapq
import json
import marshal
import multiprocessing
import os
import platform
import statistics
import time
import traceback
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ports.go import host
from ports.go.builtin import GoPanic
from sim import compare, gorunc, hosts, pipeline, runtime, states
from sim.compare import Layers
from sim.sides import Side, SideError, read_saved

MiB = 1 << 20
TELLING = 8  # states shown with their deepdiff
TOP_PER_KIND = 2  # of those, the largest working-set changes of each kind of state
KIND_ORDER = ("synthetic", "recorded", "hostile")
DEFAULT_V1V2_TOLERANCE_MIB = 64.0


@dataclass(frozen=True)
class DiffConfig:
    before: Side
    after: Side
    states: int = 10_000
    seed: int = 0
    scenarios: tuple[str, ...] | None = None
    corpus: tuple[str, ...] = ()
    hostile: bool = True
    jobs: int = 1
    chunk: int = 64
    jsonl: Path | None = None
    v1v2_tolerance_mib: float = DEFAULT_V1V2_TOLERANCE_MIB
    progress: Callable[[int, int], None] | None = None  # (done, total)


@dataclass
class Record:
    """What a worker sends back for one state (small; layers only when --jsonl wants them)."""

    index: int
    ref: Any
    changed: tuple[str, ...]
    ws: tuple[int | None, int | None]
    view: tuple[str | None, str | None]
    errors: tuple[tuple[str, ...], tuple[str, ...]]
    invariants: tuple[tuple[str, ...], tuple[str, ...]]
    bug: str | None = None
    layers: tuple[Layers, Layers] | None = None


# --------------------------------------------------------------------------- state refs


def ref_json(ref: Any) -> dict[str, Any]:
    """A StateRef as JSON (for --jsonl, --json and saved runs)."""
    return {
        f.name: list(v) if isinstance(v := getattr(ref, f.name), tuple) else v
        for f in dataclasses.fields(ref)
    }


def ref_from_json(d: dict[str, Any]) -> Any:
    kw: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in d.items()}
    return states.StateRef(**kw)


def truth_key(ref: Any) -> tuple[Any, ...]:
    """What the v1 and the v2 state of one ground truth share."""
    return (ref.kind, ref.scenario, ref.seed, ref.profile, ref.source)


# --------------------------------------------------------------------------- running a side


_TREES: dict[tuple[Any, str | None], Any] = {}


def _tree(ref: Any, view: str | None) -> Any:
    key = (ref, view)
    t = _TREES.get(key)
    if t is None:
        if len(_TREES) > 8:
            _TREES.clear()
        t = _TREES[key] = states.tree(ref, view=view, scope="node")
    return t


def side_view(side: Side, ref: Any) -> str | None:
    """The view a side renders a state in: its pin, for states that have a ground truth."""
    if side.view is not None and ref.kind != "recorded":
        return side.view
    return None


def run_side(side: Side, ref: Any, harness: bool = False) -> Layers:
    """Run one side's pipeline on one state: its canonical layers, or a failure. `harness`:
    on the host the oracle's Go runs on (this machine's kernel: a diff with a Go side)."""
    assert side.stack is not None
    try:
        tree = _tree(ref, side_view(side, ref))
    except Exception as e:  # the generator itself failed: a memsim bug
        return compare.failure("memsim-bug", _bug(e))
    try:
        with host.use(hosts.for_tree(tree, harness=harness)), gorunc.state(side.stack, tree):
            res = pipeline.run(side.stack)
            return compare.layers(res)
    except GoPanic as p:
        return compare.failure("go-panic", str(p))
    except Exception as e:
        if type(e).__name__ == "OracleError":  # the Go harness could not run the state
            return compare.failure("go-harness", str(e))
        return compare.failure("memsim-bug", _bug(e))


def _bug(e: BaseException) -> str:
    tb = traceback.extract_tb(e.__traceback__)
    where = f" at {tb[-1].filename}:{tb[-1].lineno}" if tb else ""
    return f"{type(e).__name__}: {e}{where}"


def _truth(ref: Any) -> dict[str, int] | None:
    if ref.kind != "synthetic":
        return None  # hostile files no longer tell the ground truth; captures have none
    try:
        t = states.truth(ref)
    except Exception:
        return None
    return t


def process(
    index: int,
    ref: Any,
    before: Side,
    after: Side,
    saved: tuple[Layers | None, Layers | None] = (None, None),
    want_layers: bool = False,
) -> Record:
    harness = gorunc.is_go(before.stack) or gorunc.is_go(after.stack)
    la = saved[0] if saved[0] is not None else run_side(before, ref, harness)
    lb = saved[1] if saved[1] is not None else run_side(after, ref, harness)
    changed = () if la == lb else tuple(compare.changed_paths(la, lb))
    truth = _truth(ref)
    bugs = [
        f"{s}: {lay['failure']['error']}"
        for s, lay in (("before", la), ("after", lb))
        if lay.get("failure", {}).get("class") == "memsim-bug"
    ]
    return Record(
        index=index,
        ref=ref,
        changed=changed,
        ws=(compare.working_set(la), compare.working_set(lb)),
        view=(la.get("view"), lb.get("view")),
        errors=(tuple(compare.errors_of(la)), tuple(compare.errors_of(lb))),
        invariants=(
            tuple(compare.violations(la, truth, before.invariants)),
            tuple(compare.violations(lb, truth, after.invariants)),
        ),
        bug="; ".join(bugs) or None,
        layers=(la, lb) if want_layers else None,
    )


# --------------------------------------------------------------------------- workers

_W: dict[str, Any] = {}


def _worker_init(before: Side, after: Side, want_layers: bool) -> None:
    _W.update(before=before, after=after, want=want_layers)


def _work(chunk: list[tuple[int, Any, tuple[Layers | None, Layers | None]]]) -> list[Record]:
    return [process(i, ref, _W["before"], _W["after"], sv, _W["want"]) for i, ref, sv in chunk]


# What goes between the parent and a forked worker: a chunk of states out, its records back,
# as plain tuples in one marshal string rather than pickled StateRef and Record objects.
# Under PyPy, pickle is pure Python and its reduce protocol for dataclasses costs the parent
# about 1 ms a state (5x CPython's parent, enough to cap two workers); marshal is built into
# both runtimes. The objects rebuilt on the other side are equal field by field.
_REF_FIELDS = tuple(f.name for f in dataclasses.fields(states.StateRef))


def _pack(chunk: list[tuple[int, Any, tuple[Layers | None, Layers | None]]]) -> bytes:
    return marshal.dumps(
        [(i, tuple([getattr(ref, f) for f in _REF_FIELDS]), sv) for i, ref, sv in chunk]
    )


def _work_packed(data: bytes) -> bytes:
    chunk = [(i, states.StateRef(*ref), sv) for i, ref, sv in marshal.loads(data)]
    return marshal.dumps(
        [
            (r.index, tuple([getattr(r.ref, f) for f in _REF_FIELDS]), r.changed, r.ws, r.view,
             r.errors, r.invariants, r.bug, r.layers)
            for r in _work(chunk)
        ]
    )  # fmt: skip


def _unpack(data: bytes) -> list[Record]:
    return [Record(t[0], states.StateRef(*t[1]), *t[2:]) for t in marshal.loads(data)]


# --------------------------------------------------------------------------- state source


def _saved_states(path: Path, side: str) -> Iterator[tuple[Any, Layers]]:
    it = read_saved(path)
    header = next(it, None)
    if not header or header.get("memsim") != "diff-run":
        raise SideError(f"{path}: not a memsim --jsonl run (no header line)")
    for rec in it:
        yield ref_from_json(rec["state"]), rec[side]


def state_source(cfg: DiffConfig) -> tuple[int, Iterator[tuple[int, Any, Any]]]:
    """(count, iterator of (index, ref, (saved before, saved after)))."""
    saved = [s for s in (cfg.before, cfg.after) if s.kind == "saved"]
    if saved:
        streams: list[Iterator[tuple[Any, Layers]] | None] = []
        for s in (cfg.before, cfg.after):
            if s.kind == "saved":
                assert s.saved_path is not None
                streams.append(_saved_states(s.saved_path, s.saved_side))
            else:
                streams.append(None)
        first = saved[0]
        assert first.saved_path is not None
        count = sum(1 for _ in _saved_states(first.saved_path, first.saved_side))

        def gen() -> Iterator[tuple[int, Any, Any]]:
            for i in range(count):
                got = [next(s) if s is not None else None for s in streams]
                ref = next(g[0] for g in got if g is not None)
                for g in got:
                    if g is not None and g[0] != ref:
                        raise SideError(f"saved runs disagree on state {i}: {g[0]} vs {ref}")
                yield i, ref, tuple(g[1] if g is not None else None for g in got)

        return count, gen()
    refs = states.iter_plan(  # lazy: a million-state run never holds its plan
        cfg.states,
        cfg.seed,
        scenarios=list(cfg.scenarios) if cfg.scenarios else None,
        corpus=list(cfg.corpus),
        hostile=cfg.hostile,
    )
    return len(refs), ((r.index, r, (None, None)) for r in refs)


# --------------------------------------------------------------------------- aggregation


def _pct(sorted_vals: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of sorted values (p in (0, 100])."""
    k = max(1, -(-len(sorted_vals) * p // 100))
    return sorted_vals[int(k) - 1]


def _dist(vals: array) -> dict[str, float] | None:
    if not len(vals):
        return None
    s = sorted(vals)
    return {
        "n": len(s),
        "min": round(s[0], 3),
        "median": round(statistics.median(s), 3),
        "p99": round(_pct(s, 99), 3),
        "max": round(s[-1], 3),
    }


@dataclass
class Aggregate:
    tolerance: float
    pinned: tuple[bool, bool]
    compared: int = 0
    changed: int = 0
    kinds: Counter = field(default_factory=Counter)
    fields: Counter = field(default_factory=Counter)
    deltas: array = field(default_factory=lambda: array("d"))
    delta_kinds: array = field(default_factory=lambda: array("b"))  # KIND_ORDER index per delta
    errors: tuple[Counter, Counter] = field(default_factory=lambda: (Counter(), Counter()))
    invariants: tuple[Counter, Counter] = field(default_factory=lambda: (Counter(), Counter()))
    bugs: list[dict[str, Any]] = field(default_factory=list)
    # per side, per ground truth: (working set of its v1 view, of its v2 view), MiB
    v1v2: tuple[tuple[array, array], tuple[array, array]] = field(
        default_factory=lambda: ((array("d"), array("d")), (array("d"), array("d")))
    )
    _pending: tuple[dict, dict] = field(default_factory=lambda: ({}, {}))
    # per kind of state, a min-heap of (|d|, -i, ref): the largest changes of each kind, so the
    # hostile family's wrapped values do not hide the largest synthetic or recorded change
    top: dict[str, list[tuple[float, int, Any]]] = field(default_factory=dict)
    firsts: dict[str, tuple[int, Any]] = field(default_factory=dict)

    def add(self, r: Record) -> None:
        self.compared += 1
        self.kinds[r.ref.kind] += 1
        if r.changed:
            self.changed += 1
            self.fields.update(r.changed)
        a, b = r.ws
        if a is not None and b is not None:
            d = (b - a) / MiB
            self.deltas.append(d)
            kind = r.ref.kind
            self.delta_kinds.append(KIND_ORDER.index(kind))
            if r.changed and d:
                item = (abs(d), -r.index, r.ref)
                heap = self.top.setdefault(kind, [])
                if len(heap) < TOP_PER_KIND:
                    heapq.heappush(heap, item)
                elif item > heap[0]:
                    heapq.heapreplace(heap, item)
        for side in (0, 1):
            self.errors[side].update(r.errors[side])
            self.invariants[side].update(r.invariants[side])
            for tag in [
                *(f"error:{e}" for e in r.errors[side]),
                *(f"invariant:{v}" for v in r.invariants[side]),
            ]:
                self.firsts.setdefault(f"{('before', 'after')[side]} {tag}", (r.index, r.ref))
        if r.bug is not None:
            self.bugs.append({"index": r.index, "state": ref_json(r.ref), "error": r.bug})
            self.firsts.setdefault("memsim bug", (r.index, r.ref))
        # v1 vs v2 of one ground truth (unpinned sides: the pair of adjacent states)
        if r.ref.kind == "synthetic":
            key = truth_key(r.ref)
            for side in (0, 1):
                if self.pinned[side] or r.ws[side] is None:
                    continue
                pend = self._pending[side]
                other = pend.pop(key, None)
                if other is None:
                    pend[key] = (r.view[side], r.ws[side])
                elif other[0] != r.view[side] and other[1] is not None:
                    pair = {other[0]: other[1], r.view[side]: r.ws[side]}
                    if "v1" in pair and "v2" in pair:
                        self.v1v2[side][0].append(pair["v1"] / MiB)
                        self.v1v2[side][1].append(pair["v2"] / MiB)

    def telling(self) -> list[tuple[str, int, Any]]:
        """(why, index, ref): the few states most worth a reviewer's look, deterministic."""
        out: list[tuple[str, int, Any]] = []
        seen: set[int] = set()
        for kind in KIND_ORDER:
            for d, negi, ref in sorted(self.top.get(kind, ()), reverse=True):
                out.append((f"largest {kind} working-set change ({d:.1f} MiB)", -negi, ref))
                seen.add(-negi)
        for why in sorted(self.firsts, key=lambda w: (self.firsts[w][0], w)):
            i, ref = self.firsts[why]
            if i in seen or len(out) >= TELLING:
                continue
            seen.add(i)
            out.append((f"first state with {why}", i, ref))
        return out

    def summary(self) -> dict[str, Any]:
        v1v2 = {}
        for side, name in ((0, "before"), (1, "after")):
            v1, v2 = self.v1v2[side]
            absd = array("d", (abs(b - a) for a, b in zip(v1, v2, strict=True)))
            v1v2[name] = (
                {"pinned": True}
                if self.pinned[side]
                else {
                    "pairs": len(absd),
                    "abs_delta_working_set_mib": _dist(absd),
                    "over_tolerance": sum(1 for x in absd if x > self.tolerance),
                }
            )
        return {
            "states_compared": self.compared,
            "states_by_kind": dict(sorted(self.kinds.items())),
            "states_changed": self.changed,
            "changed_fields": dict(sorted(self.fields.items(), key=lambda kv: (-kv[1], kv[0]))),
            "delta_working_set_mib": _dist(self.deltas),
            "delta_working_set_mib_by_kind": {
                k: _dist(
                    array(
                        "d",
                        (d for d, c in zip(self.deltas, self.delta_kinds, strict=True) if c == i),
                    )
                )
                for i, k in enumerate(KIND_ORDER)
                if i in self.delta_kinds
            },
            "errors": {
                "before": dict(sorted(self.errors[0].items())),
                "after": dict(sorted(self.errors[1].items())),
            },
            "invariants": {
                "before": dict(sorted(self.invariants[0].items())),
                "after": dict(sorted(self.invariants[1].items())),
                "v1_v2_agreement": {"tolerance_mib": self.tolerance, **v1v2},
            },
            "memsim_bugs": self.bugs[:20],
            "memsim_bug_count": len(self.bugs),
        }


# --------------------------------------------------------------------------- the run


def _chunks(it: Iterator[Any], n: int) -> Iterator[list[Any]]:
    buf: list[Any] = []
    for x in it:
        buf.append(x)
        if len(buf) == n:
            yield buf
            buf = []
    if buf:
        yield buf


def _records(cfg: DiffConfig, items: Iterator[Any], want_layers: bool) -> Iterator[Record]:
    # an even chunk keeps the v1 and v2 state of a ground truth (2g, 2g+1) in one worker,
    # which builds that world once
    chunks = _chunks(items, cfg.chunk + cfg.chunk % 2)
    if cfg.jobs <= 1:
        _worker_init(cfg.before, cfg.after, want_layers)
        for c in chunks:
            yield from _work(c)
        return
    ctx = multiprocessing.get_context("fork")
    with cf.ProcessPoolExecutor(
        cfg.jobs,
        mp_context=ctx,
        initializer=_worker_init,
        initargs=(cfg.before, cfg.after, want_layers),
    ) as pool:
        inflight: deque[cf.Future[bytes]] = deque()
        for c in chunks:
            inflight.append(pool.submit(_work_packed, _pack(c)))
            if len(inflight) >= cfg.jobs * 4:
                yield from _unpack(inflight.popleft().result())
        while inflight:
            yield from _unpack(inflight.popleft().result())


def jsonl_header(cfg: DiffConfig) -> dict[str, Any]:
    return {
        "memsim": "diff-run",
        "version": 1,
        "before": cfg.before.describe(),
        "after": cfg.after.describe(),
        "seed": cfg.seed,
        "states": cfg.states,
    }


@dataclass
class Outcome:
    summary: dict[str, Any]  # what --json writes
    data: Aggregate  # the per-state series the report plots


def run(cfg: DiffConfig) -> Outcome:
    """Run the diff: the summary (what --json writes) and the data behind it."""
    t0 = time.perf_counter()
    cpu0 = os.times()
    total, items = state_source(cfg)
    agg = Aggregate(
        cfg.v1v2_tolerance_mib, (cfg.before.view is not None, cfg.after.view is not None)
    )
    out: IO[str] | None = None
    if cfg.jsonl is not None:
        out = cfg.jsonl.open("w")
        out.write(json.dumps(jsonl_header(cfg)) + "\n")
    try:
        for n, r in enumerate(_records(cfg, items, out is not None), 1):
            agg.add(r)
            if out is not None:
                assert r.layers is not None
                out.write(
                    json.dumps(
                        {
                            "index": r.index,
                            "state": ref_json(r.ref),
                            "changed": list(r.changed),
                            "before": r.layers[0],
                            "after": r.layers[1],
                        }
                    )
                    + "\n"
                )
            if cfg.progress is not None:
                cfg.progress(n, total)
    finally:
        if out is not None:
            out.close()
    elapsed = time.perf_counter() - t0
    cpu1 = os.times()
    summary = {
        "before": cfg.before.describe(),
        "after": cfg.after.describe(),
        "seed": cfg.seed,
        **agg.summary(),
        "telling_states": [_telling(cfg, why, i, ref) for why, i, ref in agg.telling()],
        "timing": {
            "seconds": round(elapsed, 3),
            "states_per_second": round(agg.compared / elapsed, 1) if elapsed else None,
            "cpu_seconds": round(
                (cpu1.user - cpu0.user) + (cpu1.children_user - cpu0.children_user), 3
            ),
            "jobs": cfg.jobs,
            "machine": f"{platform.machine()} {os.cpu_count()} cpus, {runtime.describe()}",
        },
    }
    return Outcome(summary, agg)


def _explain_cmd(side: Side, ref: Any) -> str:
    args = ["memsim", "explain", "--stack", side.explain_stack(), *ref.explain_args()]
    view = side_view(side, ref)
    if view is not None:
        if "--cgroup" in args:
            args[args.index("--cgroup") + 1] = view
        else:
            args += ["--cgroup", view]
    return " ".join(_q(a) for a in args)


def _q(a: str) -> str:
    return a if a and all(c.isalnum() or c in "-_./:=@+," for c in a) else json.dumps(a)


def _telling(cfg: DiffConfig, why: str, index: int, ref: Any) -> dict[str, Any]:
    """Re-run one state in this process for its deepdiff and the commands that replay it."""
    from deepdiff import DeepDiff

    saved: tuple[Layers | None, Layers | None] = (None, None)
    if cfg.before.kind == "saved" or cfg.after.kind == "saved":
        for i, _ref, sv in state_source(cfg)[1]:
            if i == index:
                saved = sv
                break
    r = process(index, ref, cfg.before, cfg.after, saved, want_layers=True)
    assert r.layers is not None
    dd = DeepDiff(r.layers[0], r.layers[1], verbose_level=2)
    diff = json.loads(dd.to_json()) if dd else {}
    entry: dict[str, Any] = {
        "why": why,
        "index": index,
        "state": ref_json(ref),
        "description": states.describe(ref),
        "working_set_bytes": {"before": r.ws[0], "after": r.ws[1]},
        "errors": {"before": list(r.errors[0]), "after": list(r.errors[1])},
        "invariants": {"before": list(r.invariants[0]), "after": list(r.invariants[1])},
        "deepdiff": diff,
        "explain": {},
    }
    for name, side in (("before", cfg.before), ("after", cfg.after)):
        if side.kind != "saved":
            entry["explain"][name] = _explain_cmd(side, ref)
    return entry
