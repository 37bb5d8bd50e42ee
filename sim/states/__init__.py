"""The states memsim runs pipelines over: synthetic, hostile and recorded.

    refs = plan(10000, seed=1)                 # deterministic; pairs (v1, v2) of one ground truth
    t = tree(refs[0])                          # its files (a fake_sysfs.Tree), node scope
    t = tree(refs[0], view="v2")               # the same ground truth seen as v2 (a stack pin)
    ground_truth(refs[0]), truth(refs[0])      # the World and its truth() (None if recorded)
    synthetic("page-cache", 7, view="v1")      # what `memsim explain --scenario ... --seed` uses
    describe(refs[0]); refs[0].explain_args()  # for reports: what it is and how to rebuild it

- **synthetic**: a family of sim.states.families (SCENARIOS lists them) drawn from the state's
  own seed; the seed draws the kernel profile too, so a plan covers every profile. The same
  (scenario, seed) is the same World in any process, and v1/v2 render that one World.
- **hostile**: a synthetic state (its family drawn from the seed, among HOSTILE_BASES) plus named mutations of its
  node-level files (sim.states.hostile), also a function of (seed, view) alone.
- **recorded**: a capture in the recorded layout (directory, .tar.gz, "builtin:NAME"), loaded
  through fake_sysfs.load_capture. A kernel-lab capture (fake_sysfs.lab) names in its manifest
  the ground truth it shares with the other cgroup version's capture of the same kernel,
  workload and moment (`truth`): the v1 and the v2 capture of a lab pair are one ground truth,
  adjacent in the plan, as a synthetic pair is.

`index` is a state's position in its plan, kept for reports; a state's files depend on its kind,
scenario, seed and view (or its source), never on its index.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from fake_sysfs import (
    Tree,
    World,
    builtin_captures,
    drawn_profile,
    lab_captures,
    load_capture,
    read_manifest,
    render,
)
from fake_sysfs.capture import find_captures
from sim.states import hostile as _hostile
from sim.states.families import FAMILIES, HOSTILE_BASES, build

HOSTILE = "hostile"
SCENARIOS: dict[str, str] = {name: f.description for name, f in FAMILIES.items()}
SCENARIOS[HOSTILE] = (
    "a synthetic state with malformed node-level files (negative, max, >= 2^63, >= 2^64, "
    "missing, blank lines, duplicate keys, truncated, a directory, ...): every parser's error path"
)
FAMILY_NAMES: tuple[str, ...] = tuple(FAMILIES)
VIEWS = ("v1", "v2")
_MASK63 = (1 << 63) - 1


@dataclass(frozen=True)
class StateRef:
    """One state of a plan. Frozen and hashable; JSON-able field by field."""

    kind: str  # "synthetic" | "hostile" | "recorded"
    scenario: str  # a SCENARIOS name ("hostile" for hostile states, "recorded" for captures)
    seed: int  # the state's own seed (0 for recorded)
    index: int  # position in its plan
    view: str | None  # "v1" | "v2"; a capture's own view for recorded
    profile: str | None = None  # kernel profile name (synthetic, hostile); release (recorded)
    source: str | None = None  # the capture (recorded)
    mutations: tuple[str, ...] = ()  # hostile catalogue entries ("FILE:KIND") for `view`
    truth: str | None = None  # recorded: the lab pair it belongs to ("6.1/mix/loaded"), if any

    def explain_args(self) -> list[str]:
        """The `memsim explain` arguments that rebuild exactly this state."""
        if self.kind == "recorded":
            return ["--capture", str(self.source)]
        args = ["--scenario", self.scenario, "--seed", str(self.seed)]
        return [*args, "--cgroup", self.view] if self.view else args


def derive(seed: int, i: int) -> int:
    """State i's own seed in a plan of `seed`: splitmix64 of the pair, 63 bits."""
    z = (seed * 0x9E3779B97F4A7C15 + (i + 1) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return (z ^ (z >> 31)) & _MASK63


def _hostile_seed(seed: int, ordinal: int) -> int:
    """A seed from `seed` whose residue modulo the catalogue period is `ordinal`'s: the plan's
    hostile states walk the catalogues in order (hostile.choose reads the residue)."""
    period = _hostile.PERIOD
    return (seed // period) * period + ordinal % period


def _is_capture(entry: str) -> bool:
    p = Path(entry)
    return entry.startswith("builtin:") or not p.is_dir() or (p / "fstype").is_file()


def expand_corpus(corpus: Sequence[str]) -> list[str]:
    """Capture sources from corpus entries: "builtin" (the shipped recorded captures), "lab"
    (the shipped kernel-lab captures), "builtin:NAME", "builtin:lab/PREFIX" (the lab captures
    under it, e.g. builtin:lab/6.1), a capture (a directory with an `fstype` file, or a
    .tar.gz/.tgz), or a directory holding captures (searched recursively, in sorted order)."""
    out: list[str] = []
    for entry in corpus:
        if entry == "builtin":
            out += [f"builtin:{n}" for n in builtin_captures()]
        elif entry == "lab":
            out += [f"builtin:{n}" for n in lab_captures()]
        elif entry.startswith("builtin:lab/") and (
            under := [n for n in lab_captures() if n.startswith(entry[8:].rstrip("/") + "/")]
        ):
            out += [f"builtin:{n}" for n in under]
        elif _is_capture(entry):
            out.append(entry)
        else:
            out += find_captures(entry)  # a directory of captures (CaptureError if none)
    return out


def plan(
    states: int,
    seed: int,
    scenarios: Sequence[str] | None = None,
    corpus: Sequence[str] = (),
    hostile: bool = True,
) -> list[StateRef]:
    """`states` generated states then the corpus captures, deterministic in the arguments.

    Ground truth g is states 2g (v1) and 2g+1 (v2), adjacent, sharing one seed derived from
    (seed, g); an odd `states` ends with a lone v1 state. Scenarios take turns per ground truth
    in the order given (default: every family, then "hostile" unless hostile=False).
    """
    return list(iter_plan(states, seed, scenarios, corpus, hostile))


class PlanStream:
    """The states of a plan, one at a time; len() is how many there will be."""

    def __init__(self, total: int, refs: Iterator[StateRef]) -> None:
        self.total = total
        self._refs = refs

    def __iter__(self) -> Iterator[StateRef]:
        return self._refs

    def __len__(self) -> int:
        return self.total


def iter_plan(
    states: int,
    seed: int,
    scenarios: Sequence[str] | None = None,
    corpus: Sequence[str] = (),
    hostile: bool = True,
) -> PlanStream:
    """plan(), one state at a time: a run of a million states never holds its plan. The
    arguments are checked (and the corpus expanded and loaded) before the first state."""
    if states < 0:
        raise ValueError(f"states must be >= 0, got {states}")
    names = list(FAMILY_NAMES) if scenarios is None else list(dict.fromkeys(scenarios))
    if scenarios is None and hostile:
        names.append(HOSTILE)
    if not hostile:
        names = [n for n in names if n != HOSTILE]
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        raise ValueError(f"unknown scenario {unknown[0]!r} (known: {', '.join(SCENARIOS)})")
    if states and not names:
        raise ValueError("no scenario to draw states from")
    recorded = []
    for src in expand_corpus(corpus):
        t = _capture(src)
        recorded.append((src, "v2" if t.is_v2 else "v1", t.kernel, lab_pair(src)))
    return PlanStream(states + len(recorded), _iter_plan(states, seed, names, recorded))


def lab_pair(source: str) -> str | None:
    """The ground truth a kernel-lab capture shares with its other view (its manifest's
    `pair`); None for any other capture, and for a lab capture without a memory controller."""
    doc = read_manifest(source)
    if not doc or doc.get("memsim") != "lab":
        return None
    pair = doc.get("pair")
    return pair if isinstance(pair, str) else None


def _iter_plan(
    states: int, seed: int, names: list[str], recorded: list[tuple[str, str, str, str | None]]
) -> Iterator[StateRef]:
    ordinal = 0
    s, scen, profile = 0, "", None
    for i in range(states):
        g, second = divmod(i, 2)
        if not second:
            scen = names[g % len(names)]
            s = derive(seed, g)
            if scen == HOSTILE:
                s = _hostile_seed(s, ordinal)
                ordinal += 1
            profile = drawn_profile(s)
        v = VIEWS[second]
        assert profile is not None
        if scen == HOSTILE:
            muts = _hostile.choose(s, v, profile)
            yield StateRef("hostile", scen, s, i, v, profile.name, None, muts)
        else:
            yield StateRef("synthetic", scen, s, i, v, profile.name)
    for n, (src, view, kernel, pair) in enumerate(recorded):
        yield StateRef("recorded", "recorded", 0, states + n, view, kernel, src, truth=pair)


# ------------------------------------------------------------------------- building states

_WORLDS: dict[tuple[str, int], World] = {}
_KEEP = 4  # worlds kept: a state's pair and both sides of a diff find theirs
_CAPTURES: dict[str, Tree] = {}


def _world(scenario: str, seed: int) -> World:
    """The World of (scenario, seed), cached: the v1 and v2 states of one ground truth (and the
    sides of a diff) share one generation."""
    key = (scenario, seed)
    w = _WORLDS.get(key)
    if w is None:
        if len(_WORLDS) >= _KEEP:  # the oldest goes: a plan's pairs are adjacent
            del _WORLDS[next(iter(_WORLDS))]
        family = scenario
        if scenario == HOSTILE:
            family = HOSTILE_BASES[_hostile.base_index(seed, len(HOSTILE_BASES))]
        elif scenario not in FAMILIES:
            raise ValueError(f"unknown scenario {scenario!r} (known: {', '.join(SCENARIOS)})")
        w = _WORLDS[key] = build(family, seed)
    return w


def _capture(source: str) -> Tree:
    t = _CAPTURES.get(source)
    if t is None:
        if len(_CAPTURES) >= 32:
            _CAPTURES.clear()
        t = _CAPTURES[source] = load_capture(source)
    return t


def hostile_base(seed: int) -> str:
    """The family a hostile state of this seed starts from."""
    return HOSTILE_BASES[_hostile.base_index(seed, len(HOSTILE_BASES))]


def ground_truth(ref: StateRef) -> World | None:
    """The World behind a state (a hostile state's is its unmutated base); None if recorded."""
    if ref.kind == "recorded":
        return None
    return _world(ref.scenario, ref.seed)


def _render(scenario: str, seed: int, view: str, scope: str) -> Tree:
    w = _world(scenario, seed)
    t = render(w, view, scope=scope)  # type: ignore[arg-type]
    if scenario == HOSTILE:
        muts = _hostile.choose(seed, view, w.profile)
        t, _ = _hostile.apply_all(t, view, muts, seed)
    return t


def tree(ref: StateRef, view: str | None = None, scope: str = "node") -> Tree:
    """A state's files. `view` overrides ref.view (a stack pinned to v1 or v2 sees the same
    ground truth that way; a hostile state then gets that view's mutations). Recorded states
    are their capture, whatever the view and scope."""
    if ref.kind == "recorded":
        assert ref.source is not None
        return _capture(ref.source)
    v = view or ref.view or _world(ref.scenario, ref.seed).mode
    return _render(ref.scenario, ref.seed, v, scope)


def truth(ref: StateRef) -> dict[str, int] | None:
    """The ground truth's scalars (World.accounting.truth()); None if recorded."""
    w = ground_truth(ref)
    return None if w is None else w.accounting.truth()


def synthetic(
    scenario: str, seed: int, index: int = 0, view: str | None = None, scope: str = "node"
) -> Tree:
    """The files of a generated state: `memsim explain --scenario NAME --seed N --cgroup V`.
    view defaults to the world's own cgroup mode; index does not change the files (a state is
    its scenario, seed and view)."""
    del index
    if scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r} (known: {', '.join(SCENARIOS)})")
    v = view or _world(scenario, seed).mode
    return _render(scenario, seed, v, scope)


def mutations(ref: StateRef, view: str | None = None) -> list[str]:
    """A hostile state's mutations as applied (with the key each one picked); [] otherwise."""
    if ref.kind != "hostile":
        return []
    w = _world(ref.scenario, ref.seed)
    v = view or ref.view or w.mode
    muts = _hostile.choose(ref.seed, v, w.profile)
    _, names = _hostile.apply_all(render(w, v, scope="node"), v, muts, ref.seed)  # type: ignore[arg-type]
    return names


def describe(ref: StateRef) -> str:
    """One line: what the state is, for reports."""
    if ref.kind == "recorded":
        pair = f", lab pair {ref.truth}" if ref.truth else ""
        return f"recorded {ref.source} (kernel {ref.profile}, {ref.view}{pair})"
    head = f"{ref.kind} {ref.scenario} seed {ref.seed} (kernel profile {ref.profile}, {ref.view})"
    if ref.kind == "hostile":
        return f"{head} on {hostile_base(ref.seed)}: {', '.join(mutations(ref))}"
    return f"{head}: {SCENARIOS[ref.scenario]}"


__all__ = [
    "FAMILY_NAMES",
    "HOSTILE",
    "SCENARIOS",
    "StateRef",
    "derive",
    "describe",
    "expand_corpus",
    "ground_truth",
    "hostile_base",
    "lab_pair",
    "mutations",
    "plan",
    "synthetic",
    "tree",
    "truth",
]
