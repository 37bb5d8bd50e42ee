"""The diff engine: run two sides over the same states and say where and by how much they differ.

    summary = run(DiffConfig(before=sides.parse("k8s-1.28.3"), after=sides.parse("k8s-1.29.0"),
                             states=10_000, seed=0))

For every state both sides run the whole pipeline (sim.pipeline) on the same tree (or each on
its pinned view of the same ground truth); their canonical layers (sim.compare) are compared
for equality, and only where they differ are the changed paths worked out. Aggregates stream:
memory stays flat in the number of states (sim.quantiles holds each row's percentiles).

The summary tells a node's story first: per view and kind of state (`by_view`: synthetic-v1,
synthetic-v2, recorded-v1, recorded-v2, hostile), then per scenario family and kernel profile,
how many states changed a node-visible number (compare.NODE_FIELDS, or the `kubectl top node`
row lost or regained) and by how much the working set moved. The statistics cover the states
where both sides showed a working set; a node row lost (or regained) is counted by the class of
the failure, never as a working set of 0, and a working set that wrapped below zero (>= 2^63)
is counted apart. Field-level changes (`changed_fields`) are the detail behind them.

Workers (--jobs) get chunks of state indices; results are consumed in index order, so
everything but `timing` is identical whatever --jobs is. Bad input never stops a run: a
state a port cannot parse yields that port's upstream error, counted by class; a Python
exception is a memsim bug, reported with the state's seed and index, and the run goes on.
"""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import json
import marshal
import multiprocessing
import os
import platform
import re
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ports.go import host
from ports.kubelet.v1_28_3 import AllocatableConfig
from sim import compare, gorunc, hosts, kubeletflags, pipeline, runtime, states
from sim.compare import Layers
from sim.patch import PatchFailed
from sim.quantiles import Quantiles
from sim.sides import Side, SideError, read_saved

MiB = 1 << 20
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
    # the kubelet flags (--system-reserved, --kube-reserved, --eviction-hard) both live sides
    # run with (saved sides replay what they recorded)
    kubelet: AllocatableConfig = pipeline.DEFAULT_ALLOCATABLE


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
    node: tuple[str, ...]  # the compare.NODE_FIELDS numbers that changed
    row: tuple[bool, bool]  # whether `kubectl top node` shows the node, before and after
    bug: str | None = None
    layers: tuple[Layers, Layers] | None = None
    # whether each side meets the hard memory.available threshold (None: not observed)
    evict: tuple[bool | None, bool | None] = (None, None)
    # the Summary's node availableBytes on each side (None: none reported)
    avail: tuple[int | None, int | None] = (None, None)


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
    """What the v1 and the v2 state of one ground truth share (a kernel-lab pair: its id)."""
    if getattr(ref, "truth", None):
        return ("recorded", ref.truth)
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


def run_side(
    side: Side, ref: Any, harness: bool = False, kubelet: AllocatableConfig | None = None
) -> Layers:
    """Run one side's pipeline on one state: its canonical layers, or a failure. `harness`:
    on the host the oracle's Go runs on (this machine's kernel: a diff with a Go side)."""
    assert side.stack is not None
    try:
        tree = _tree(ref, side_view(side, ref))
    except Exception as e:  # the generator itself failed: a memsim bug
        return compare.failure("memsim-bug", _bug(e))
    try:
        with host.use(hosts.for_tree(tree, harness=harness)), gorunc.state(side.stack, tree):
            res = pipeline.run(side.stack, allocatable=kubelet)
            return compare.layers(res)
    except pipeline.StackFailed as f:  # a Go panic, a fatal upstream error: upstream behaviour
        return compare.failure(f.cls, f.message, f.component)
    except PatchFailed as e:  # the patch's own bug stops the run: say which patch and state
        raise e.on(
            f"state {ref.index} ({states.describe(ref)}); replay: {_explain_cmd(side, ref)}"
        ) from None
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
    kubelet: AllocatableConfig | None = None,
) -> Record:
    harness = gorunc.is_go(before.stack) or gorunc.is_go(after.stack)
    la = saved[0] if saved[0] is not None else run_side(before, ref, harness, kubelet)
    lb = saved[1] if saved[1] is not None else run_side(after, ref, harness, kubelet)
    same = la == lb
    changed = () if same else tuple(compare.changed_paths(la, lb))
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
        node=() if same else compare.node_changes(la, lb),
        row=(compare.node_row(la), compare.node_row(lb)),
        evict=(compare.eviction_met(la), compare.eviction_met(lb)),
        avail=(compare.available(la), compare.available(lb)),
    )


# --------------------------------------------------------------------------- workers

_W: dict[str, Any] = {}


def _worker_init(
    before: Side, after: Side, want_layers: bool, kubelet: AllocatableConfig | None = None
) -> None:
    _W.update(before=before, after=after, want=want_layers, kubelet=kubelet)


def _work(chunk: list[tuple[int, Any, tuple[Layers | None, Layers | None]]]) -> list[Record]:
    b, a, w, k = _W["before"], _W["after"], _W["want"], _W.get("kubelet")
    return [process(i, ref, b, a, sv, w, k) for i, ref, sv in chunk]


# What goes between the parent and a forked worker: a chunk of states out, its records back,
# as plain tuples in one marshal string rather than pickled StateRef and Record objects.
# Under PyPy, pickle is pure Python and its reduce protocol for dataclasses costs the parent
# about 1 ms a state (5x CPython's parent, enough to cap two workers); marshal is built into
# both runtimes. The objects rebuilt on the other side are equal field by field.
_REF_FIELDS = tuple(f.name for f in dataclasses.fields(states.StateRef))
# every field of a Record, in order, after index and ref (so a new field travels too)
_RECORD_REST = tuple(f.name for f in dataclasses.fields(Record))[2:]


def _ref_tuple(ref: Any) -> tuple[Any, ...]:
    return tuple([getattr(ref, f) for f in _REF_FIELDS])


def _pack(chunk: list[tuple[int, Any, tuple[Layers | None, Layers | None]]]) -> bytes:
    return marshal.dumps([(i, _ref_tuple(ref), sv) for i, ref, sv in chunk])


def _work_packed(data: bytes) -> bytes:
    chunk = [(i, states.StateRef(*ref), sv) for i, ref, sv in marshal.loads(data)]
    return marshal.dumps(
        [(r.index, _ref_tuple(r.ref), *[getattr(r, f) for f in _RECORD_REST]) for r in _work(chunk)]
    )


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

# The rows of the per-view table, in order: each kind of state in each view. A diff whose sides
# are pinned to different views adds rows such as "synthetic-v1:v2" (v1 before, v2 after).
VIEW_ROWS = ("synthetic-v1", "synthetic-v2", "recorded-v1", "recorded-v2", "hostile")

# How a state's two sides compare at the node: both showed a working set (BOTH: its delta goes
# into the statistics), the node row was lost (NEW_FAILURE) or regained (RECOVERED), neither
# side showed one (FAILING_BOTH), or a side showed a uint64 that wrapped (WRAPPED_OUT).
BOTH, NEW_FAILURE, RECOVERED, FAILING_BOTH, WRAPPED_OUT = range(5)
_SHOWN = ("", "wrapped")  # side statuses with a node row (see _status)


def view_key(kind: str, before_view: str | None, after_view: str | None) -> str:
    """The per-view row a state counts in: its kind and the view each side ran it in (hostile
    states have one row of their own, whatever the view)."""
    if kind == "hostile":
        return "hostile"
    v = before_view if before_view == after_view else f"{before_view}:{after_view}"
    return f"{kind}-{v}"


def family_of(ref: Any) -> str:
    """A state's scenario family: its generator family (a hostile state's base family), or
    for a capture the directory (recording set) it comes from."""
    if ref.kind == "recorded":
        name = str(ref.source).removeprefix("builtin:").rstrip("/")
        return os.path.basename(os.path.dirname(name)) or name
    if ref.kind == "hostile":
        return states.hostile_base(ref.seed)
    return ref.scenario


def pair_key(ref: Any) -> tuple[Any, ...] | None:
    """What the v1 and the v2 state of one ground truth share (None: a state with no pair).
    Synthetic states pair by their seed; recorded ones when they are a kernel-lab pair
    (StateRef.truth, from the capture's manifest)."""
    if ref.kind == "synthetic" or getattr(ref, "truth", None):
        return truth_key(ref)
    return None


def _status(row: bool, ws: int | None, errors: tuple[str, ...]) -> str:
    """One side at the node: "" (a working set), "wrapped" (one that wrapped below zero) or
    the class of the failure that cost the node its number (the first error, the root)."""
    if row and ws is not None:
        return "wrapped" if ws >= compare.WRAPPED else ""
    if errors:
        return errors[0]
    return "kubelet:no-working-set" if row else "kubectl:no-row"


def _version_key(name: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name))


def _count(c: Counter, items: tuple[str, ...]) -> None:
    # Counter.update, without its Mapping check (an isinstance against an ABC, per call)
    for x in items:
        c[x] += 1


def _classes(c: Counter) -> dict[str, int]:
    return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))


@dataclass
class Row:
    """One row of the per-view (per-family, per-profile) tables."""

    states: int = 0
    node_changed: int = 0  # a NODE_FIELDS number changed, or the kubectl row was lost/regained
    node_fields: Counter = field(default_factory=Counter)
    kubectl_memory_changed: int = 0  # both rows shown, their MEMORY differs
    new_failures: Counter = field(default_factory=Counter)  # by the after side's class
    recovered: Counter = field(default_factory=Counter)  # by the before side's class
    failing_both: Counter = field(default_factory=Counter)
    wrapped: int = 0
    delta: Quantiles = field(default_factory=Quantiles)  # bytes, states with both numbers
    # states whose after side newly meets the hard memory.available threshold (+1), or no
    # longer meets it (-1)
    evict_new: int = 0
    evict_gone: int = 0
    # availableBytes, after - before (bytes), over the states with both working sets and both
    # availableBytes shown; and how many of them moved it by other than minus the working
    # set's change (available = limit - working set, unless a change touches either apart)
    avail_delta: Quantiles = field(default_factory=Quantiles)
    avail_apart: int = 0

    def add(
        self,
        node: tuple[str, ...],
        moved: bool,
        outcome: int,
        cls: str,
        d: int,
        ev: int = 0,
        da: int | None = None,
    ) -> None:
        self.states += 1
        if da is not None:
            self.avail_delta.add(da)
            if da != -d:
                self.avail_apart += 1
        if ev:
            if ev > 0:
                self.evict_new += 1
            else:
                self.evict_gone += 1
        if moved:
            self.node_changed += 1
            _count(self.node_fields, node)
        if outcome == BOTH:
            self.delta.add(d)
        elif outcome == NEW_FAILURE:
            self.new_failures[cls] += 1
        elif outcome == RECOVERED:
            self.recovered[cls] += 1
        elif outcome == FAILING_BOTH:
            self.failing_both[cls] += 1
        else:
            self.wrapped += 1
        if outcome in (BOTH, WRAPPED_OUT) and "kubectl_memory" in node:
            self.kubectl_memory_changed += 1

    @property
    def moved(self) -> bool:
        return bool(self.node_changed or self.new_failures or self.recovered)

    def to_json(self) -> dict[str, Any]:
        return {
            "states": self.states,
            "node_changed": self.node_changed,
            "node_fields": {name: self.node_fields[name] for name, _ in compare.NODE_FIELDS},
            "kubectl_memory_changed": self.kubectl_memory_changed,
            "both_numbers": self.delta.n,
            "new_failures": self.new_failures.total(),
            "new_failures_by_class": _classes(self.new_failures),
            "recovered": self.recovered.total(),
            "recovered_by_class": _classes(self.recovered),
            "failing_both": self.failing_both.total(),
            "failing_both_by_class": _classes(self.failing_both),
            "wrapped": self.wrapped,
            "delta_working_set_mib": self.delta.summary(MiB),
            "eviction_newly_met": self.evict_new,
            "eviction_no_longer_met": self.evict_gone,
            "delta_available_mib": self.avail_delta.summary(MiB),
            "available_apart": self.avail_apart,
        }


@dataclass
class Parity:
    """The v1 and v2 views of one ground truth on one (unpinned) side."""

    tolerance_mib: float
    abs_delta: Quantiles = field(default_factory=Quantiles)  # |v2 - v1| bytes, both numbers
    delta: Quantiles = field(default_factory=Quantiles)  # v2 - v1 bytes (the report's histogram)
    over_tolerance: int = 0
    one_view_failing: Counter = field(default_factory=Counter)  # "v2 runc:parse"
    both_views_failing: int = 0
    wrapped: int = 0
    _pending: dict[Any, tuple[str | None, str, int | None]] = field(default_factory=dict)

    def add(self, key: Any, view: str | None, status: str, ws: int | None) -> None:
        other = self._pending.pop(key, None)
        if other is None or other[0] == view:
            self._pending[key] = (view, status, ws)
            return
        mine = (status, ws)
        (v1s, v1ws), (v2s, v2ws) = (other[1:], mine) if other[0] == "v1" else (mine, other[1:])
        if v1s == "" and v2s == "":
            assert v1ws is not None and v2ws is not None
            d = v2ws - v1ws
            self.delta.add(d)
            self.abs_delta.add(abs(d))
            if abs(d) > self.tolerance_mib * MiB:
                self.over_tolerance += 1
        elif v1s not in _SHOWN and v2s not in _SHOWN:
            self.both_views_failing += 1
        elif v1s not in _SHOWN:
            self.one_view_failing[f"v1 {v1s}"] += 1
        elif v2s not in _SHOWN:
            self.one_view_failing[f"v2 {v2s}"] += 1
        else:
            self.wrapped += 1

    def to_json(self) -> dict[str, Any]:
        return {
            "pairs": self.abs_delta.n,
            "abs_delta_working_set_mib": self.abs_delta.summary(MiB),
            "over_tolerance": self.over_tolerance,
            "one_view_failing": self.one_view_failing.total(),
            "one_view_failing_by_class": _classes(self.one_view_failing),
            "both_views_failing": self.both_views_failing,
            "wrapped": self.wrapped,
        }


@dataclass
class Aggregate:
    """Everything the summary says, built one state at a time in index order: memory is flat
    in the number of states (a Quantiles per row), so is the output whatever --jobs is."""

    sides: tuple[Side, Side]
    tolerance: float
    compared: int = 0
    changed: int = 0
    node_changed: int = 0
    node_fields: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    fields: Counter = field(default_factory=Counter)
    errors: tuple[Counter, Counter] = field(default_factory=lambda: (Counter(), Counter()))
    invariants: tuple[Counter, Counter] = field(default_factory=lambda: (Counter(), Counter()))
    bugs: list[dict[str, Any]] = field(default_factory=list)
    bug_count: int = 0
    by_view: dict[str, Row] = field(default_factory=dict)
    by_family: dict[tuple[str, str], Row] = field(default_factory=dict)
    by_profile: dict[tuple[str, str], Row] = field(default_factory=dict)
    parity: tuple[Parity | None, Parity | None] = (None, None)
    # examples: the largest decrease and increase of a non-hostile working set, (d, index, ref),
    # and the first state of each kind of news, why -> (index, ref)
    lowest: tuple[int, int, Any] | None = None
    highest: tuple[int, int, Any] | None = None
    firsts: dict[str, tuple[int, Any, str | None]] = field(default_factory=dict)  # + invariant
    threshold: str = ""  # the hard memory.available threshold both sides run with
    evict_met: list[int] = field(default_factory=lambda: [0, 0])  # states meeting it, a side

    def __post_init__(self) -> None:
        self.parity = tuple(  # type: ignore[assignment]
            None if s.view is not None else Parity(self.tolerance) for s in self.sides
        )

    def _row(self, table: dict[Any, Row], key: Any) -> Row:
        row = table.get(key)
        if row is None:
            row = table[key] = Row()
        return row

    def _views(self, ref: Any) -> tuple[str | None, str | None]:
        """The view each side runs a state in: its pin, else the state's own."""
        return (
            side_view(self.sides[0], ref) or ref.view,
            side_view(self.sides[1], ref) or ref.view,
        )

    def view_of(self, ref: Any) -> str:
        """The per-view row a state counts in."""
        return view_key(ref.kind, *self._views(ref))

    def add(self, r: Record) -> None:
        ref = r.ref
        self.compared += 1
        self.kinds[ref.kind] += 1
        if r.changed:
            self.changed += 1
            _count(self.fields, r.changed)
        (ra, rb), (wa, wb) = r.row, r.ws
        sa, sb = _status(ra, wa, r.errors[0]), _status(rb, wb, r.errors[1])
        d, cls = 0, ""
        if sa == "" and sb == "":
            outcome = BOTH
            assert wa is not None and wb is not None
            d = wb - wa
        elif sa in _SHOWN and sb not in _SHOWN:
            outcome, cls = NEW_FAILURE, sb
        elif sb in _SHOWN and sa not in _SHOWN:
            outcome, cls = RECOVERED, sa
        elif sa not in _SHOWN:
            outcome, cls = FAILING_BOTH, sa if sa == sb else f"{sa} -> {sb}"
        else:
            outcome = WRAPPED_OUT
        moved = bool(r.node) or ra != rb
        if moved:
            self.node_changed += 1
            _count(self.node_fields, r.node)
        va, vb = self._views(ref)
        view = view_key(ref.kind, va, vb)
        # a crossing is counted where both sides observed memory.available (a side that
        # failed, or a saved run from before memsim observed it, has None)
        ea, eb = r.evict
        ev = 0
        if ea is True:
            self.evict_met[0] += 1
        if eb is True:
            self.evict_met[1] += 1
        if ea is not eb and ea is not None and eb is not None:
            ev = 1 if eb else -1
            if eb:
                self.firsts.setdefault(
                    "first state newly meeting the hard eviction threshold", (r.index, ref, None)
                )
        aa, ab = r.avail
        da = None
        if outcome == BOTH and aa is not None and ab is not None and max(aa, ab) < compare.WRAPPED:
            da = ab - aa
        for row in (
            self._row(self.by_view, view),
            self._row(self.by_family, (view, family_of(ref))),
            self._row(self.by_profile, (view, ref.profile or "-")),
        ):
            row.add(r.node, moved, outcome, cls, d, ev, da)
        for side in (0, 1):
            _count(self.errors[side], r.errors[side])
            _count(self.invariants[side], r.invariants[side])
        self._examples(r, outcome, d)
        if r.bug is not None:
            self.bug_count += 1
            if len(self.bugs) < 20:
                self.bugs.append({"index": r.index, "state": ref_json(ref), "error": r.bug})
            self.firsts.setdefault("first memsim bug", (r.index, ref, None))
        key = pair_key(ref)
        if key is not None:
            for side, (par, s, ws) in enumerate(zip(self.parity, (sa, sb), r.ws, strict=True)):
                if par is not None:
                    par.add(key, (va, vb)[side], s, ws)

    def _examples(self, r: Record, outcome: int, d: int) -> None:
        if outcome == BOTH and d and r.ref.kind != "hostile":
            if d < 0 and (self.lowest is None or d < self.lowest[0]):
                self.lowest = (d, r.index, r.ref)
            if d > 0 and (self.highest is None or d > self.highest[0]):
                self.highest = (d, r.index, r.ref)
        if outcome == NEW_FAILURE:
            self.firsts.setdefault("first new failure", (r.index, r.ref, None))
        elif outcome == RECOVERED:
            self.firsts.setdefault("first recovery", (r.index, r.ref, None))
        ia, ib = r.invariants
        if ia != ib and outcome in (BOTH, WRAPPED_OUT):
            for name in ib:
                if name not in ia:
                    self.firsts.setdefault(f"first new violation of {name}", (r.index, r.ref, name))
            for name in ia:
                if name not in ib:
                    self.firsts.setdefault(f"first fixed {name}", (r.index, r.ref, name))

    def examples(self) -> list[tuple[str, int, Any, str | None]]:
        """(why, index, ref, invariant): the states a reviewer should look at first."""
        out: list[tuple[str, int, Any, str | None]] = []
        if self.lowest is not None:
            out.append(("largest decrease", self.lowest[1], self.lowest[2], None))
        if self.highest is not None:
            out.append(("largest increase", self.highest[1], self.highest[2], None))
        for why in sorted(self.firsts, key=lambda w: (self.firsts[w][0], w)):
            out.append((why, *self.firsts[why]))
        return out

    def views(self) -> list[str]:
        """The per-view rows: the usual five, then any other (pinned) ones, in order seen."""
        return [*VIEW_ROWS, *(v for v in self.by_view if v not in VIEW_ROWS)]

    def _breakdown(self, table: dict[tuple[str, str], Row], sort: bool) -> dict[str, Any]:
        out: dict[str, dict[str, Any]] = {}
        keys = sorted(table, key=lambda k: (k[0], _version_key(k[1]))) if sort else list(table)
        for view in self.views():
            rows = {k[1]: table[k].to_json() for k in keys if k[0] == view}
            if rows:
                out[view] = rows
        return out

    def summary(self) -> dict[str, Any]:
        empty = Row()
        v1v2: dict[str, Any] = {}
        for name, par in zip(("before", "after"), self.parity, strict=True):
            v1v2[name] = {"pinned": True} if par is None else par.to_json()
        return {
            "states_compared": self.compared,
            "states_by_kind": dict(sorted(self.kinds.items())),
            "node_fields": [name for name, _ in compare.NODE_FIELDS],
            "node_changed": self.node_changed,
            "node_changed_by_field": {
                name: self.node_fields[name] for name, _ in compare.NODE_FIELDS
            },
            "states_changed": self.changed,
            "changed_fields": dict(sorted(self.fields.items(), key=lambda kv: (-kv[1], kv[0]))),
            "eviction": {
                "threshold": self.threshold,
                "met_before": self.evict_met[0],
                "met_after": self.evict_met[1],
                "newly_met": sum(r.evict_new for r in self.by_view.values()),
                "no_longer_met": sum(r.evict_gone for r in self.by_view.values()),
            },
            "by_view": {v: self.by_view.get(v, empty).to_json() for v in self.views()},
            "by_family": self._breakdown(self.by_family, sort=False),
            "by_profile": self._breakdown(self.by_profile, sort=True),
            "errors": {
                "before": dict(sorted(self.errors[0].items())),
                "after": dict(sorted(self.errors[1].items())),
            },
            "invariants": {
                "before": dict(sorted(self.invariants[0].items())),
                "after": dict(sorted(self.invariants[1].items())),
                "v1_v2_agreement": {"tolerance_mib": self.tolerance, **v1v2},
            },
            "memsim_bugs": self.bugs,
            "memsim_bug_count": self.bug_count,
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
        _worker_init(cfg.before, cfg.after, want_layers, cfg.kubelet)
        for c in chunks:
            yield from _work(c)
        return
    ctx = multiprocessing.get_context("fork")
    with cf.ProcessPoolExecutor(
        cfg.jobs,
        mp_context=ctx,
        initializer=_worker_init,
        initargs=(cfg.before, cfg.after, want_layers, cfg.kubelet),
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
    agg = Aggregate((cfg.before, cfg.after), cfg.v1v2_tolerance_mib)
    agg.threshold = pipeline.threshold_text(cfg.kubelet)
    out: IO[str] | None = None
    if cfg.jsonl is not None:
        out = cfg.jsonl.open("w")
        out.write(json.dumps(jsonl_header(cfg)) + "\n")
    try:
        for n, r in enumerate(_records(cfg, items, out is not None), 1):
            agg.add(r)
            if out is not None:
                assert r.layers is not None
                out.write(json.dumps(jsonl_record(agg, r)) + "\n")
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
        "examples": examples(cfg, agg),
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


def jsonl_record(agg: Aggregate, r: Record) -> dict[str, Any]:
    """One --jsonl line: the state, its row of the per-view table, what changed (fields and
    node-visible numbers), each side's invariant violations and both sides' layers."""
    assert r.layers is not None
    return {
        "index": r.index,
        "state": ref_json(r.ref),
        "view": agg.view_of(r.ref),
        "changed": list(r.changed),
        "node_changed": list(r.node),
        "invariants": {"before": list(r.invariants[0]), "after": list(r.invariants[1])},
        "before": r.layers[0],
        "after": r.layers[1],
    }


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


def _saved_layers(
    cfg: DiffConfig, indices: set[int]
) -> dict[int, tuple[Layers | None, Layers | None]]:
    """The saved layers of these states (one pass over the saved runs), if a side is saved."""
    if cfg.before.kind != "saved" and cfg.after.kind != "saved":
        return {}
    out = {}
    for i, _ref, sv in state_source(cfg)[1]:
        if i in indices:
            out[i] = sv
            if len(out) == len(indices):
                break
    return out


def examples(cfg: DiffConfig, agg: Aggregate) -> list[dict[str, Any]]:
    """The example states, each re-run in this process for its details and deepdiff."""
    picked = agg.examples()
    saved = _saved_layers(cfg, {p[1] for p in picked})
    return [
        example(cfg, agg, why, i, ref, inv, saved.get(i, (None, None)))
        for why, i, ref, inv in picked
    ]


def example(
    cfg: DiffConfig,
    agg: Aggregate,
    why: str,
    index: int,
    ref: Any,
    invariant: str | None = None,
    saved: tuple[Layers | None, Layers | None] = (None, None),
) -> dict[str, Any]:
    """One example state: what each side showed at the node, its invariants (with what each
    check said), the deepdiff of the two sides and the `memsim explain` commands."""
    from deepdiff import DeepDiff

    r = process(index, ref, cfg.before, cfg.after, saved, want_layers=True, kubelet=cfg.kubelet)
    assert r.layers is not None
    dd = DeepDiff(r.layers[0], r.layers[1], verbose_level=2)
    truth = _truth(ref)
    entry: dict[str, Any] = {
        "why": why,
        "index": index,
        "invariant": invariant,
        "view": agg.view_of(ref),
        "family": family_of(ref),
        "profile": ref.profile,
        "state": ref_json(ref),
        "description": states.describe(ref),
        "working_set_bytes": {"before": r.ws[0], "after": r.ws[1]},
        "memory_available": {
            "before": compare.get(r.layers[0], ("kubelet", "eviction", "memory_available")),
            "after": compare.get(r.layers[1], ("kubelet", "eviction", "memory_available")),
        },
        "eviction_met": {"before": r.evict[0], "after": r.evict[1]},
        "kubectl_memory": {},
        "failure": {},
        "node_changed": list(r.node),
        "errors": {"before": list(r.errors[0]), "after": list(r.errors[1])},
        "invariants": {},
        "deepdiff": json.loads(dd.to_json()) if dd else {},
        "explain": {},
    }
    for n, (name, side) in enumerate((("before", cfg.before), ("after", cfg.after))):
        lay = r.layers[n]
        shown = r.row[n]
        status = _status(shown, r.ws[n], r.errors[n])
        entry["kubectl_memory"][name] = compare.get(lay, ("kubectl", "memory")) if shown else None
        entry["failure"][name] = None if status in _SHOWN else status
        entry["invariants"][name] = compare.violation_messages(lay, truth, side.invariants)
        if side.kind != "saved":
            flags = kubeletflags.args_of(cfg.kubelet)
            entry["explain"][name] = " ".join([_explain_cmd(side, ref), *map(_q, flags)])
    return entry
