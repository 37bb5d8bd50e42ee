"""The oracle: memsim's runc ports against the real upstream Go code, case by case.

The Go side is oracle/harness, built by scripts/oracle-setup from Debian's Go source packages
(one binary per version, listed in the cache's bin/manifest.json), or by `build_source` from
any runc / opencontainers/cgroups source tree. It reads trees in the recorded layout from
disk; the port side reads the same trees from memory (ports.go.host). See docs/oracle.md.

    builds, why = load_builds()                 # the Debian builds, or why there are none
    report = compare(builds, synthetic(10_000, seed=1) + recorded())
    report.mismatches                           # [] when every port matches its Go

    go = GoRunc("runc-1.1.15")                  # or GoRunc("/path/to/runc-checkout")
    go.batch([tree, (tree, "/sys/fs/cgroup/kubepods.slice")])  # [GoStats(stats=..., err=...)]

States come from fake_sysfs here (random_world, plus this module's hostile mutations) until
sim.states lands; then from sim.states, the one source of states for diff, oracle and explain.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import json
import os
import posixpath
import random
import re
import shutil
import subprocess
import tempfile
import threading
import time
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fake_sysfs import Tree, builtin_captures, load_builtin, load_capture, random_world, render
from fake_sysfs.capture import infer_mounts

REPO = Path(__file__).resolve().parents[1]
CGROUP_ROOT = "/sys/fs/cgroup"
MEMINFO = "/proc/meminfo"

# Debian build label -> the port it is compared with (docs/oracle.md: Debian's 1.1.5 has
# v1.1.7's memory code; 1.1.15 is v1.1.15; sid's cgroups is v0.0.5)
DEBIAN_PORTS: dict[str, str] = {
    "runc-1.1.5": "runc@v1.1.7",
    "runc-1.1.15": "runc@v1.1.15",
    "cgroups-0.0.5": "cgroups@v0.0.5",
}
# the Debian build whose GOPATH supplies the dependencies of a source tree of that flavor
DEPS_BUILD = {"runc": "runc-1.1.15", "cgroups": "cgroups-0.0.5"}


class OracleError(RuntimeError):
    """The oracle cannot run: not built, not root, a source tree it cannot build."""


def cache_dir() -> Path:
    return Path(os.environ.get("MEMSIM_ORACLE_CACHE", REPO / ".cache" / "oracle"))


def gocache_dir() -> Path:
    return Path(os.environ.get("MEMSIM_ORACLE_GOCACHE", cache_dir() / "gocache"))


def go_version_tuple(go: str) -> tuple[int, int]:
    """ "go1.23.5" -> (1, 23)."""
    m = re.match(r"go(\d+)\.(\d+)", go)
    if not m:
        raise ValueError(f"not a Go version: {go!r}")
    return int(m[1]), int(m[2])


# --------------------------------------------------------------------------- Go builds


@dataclass(frozen=True)
class Build:
    """One harness binary: the upstream code of one version (or source tree), and the port
    it is compared with."""

    label: str  # runc-1.1.5, runc-1.1.15, cgroups-0.0.5; src-runc-1.1.15-<hash> for a tree
    flavor: str  # runc | cgroups
    package_version: str  # Debian package version, or the source tree's detected version
    go: str  # the toolchain it was built with, e.g. go1.19.8
    binary: Path
    port: str  # registry name of the port, e.g. runc@v1.1.7
    source: str = ""  # where the code came from (Debian suite/package, or the tree's path)

    @property
    def go_version(self) -> tuple[int, int]:
        return go_version_tuple(self.go)

    def command(self, manager: bool = False) -> list[str]:
        return [str(self.binary), *(["-manager"] if manager else [])]

    def shell_command(self, root: str | Path, cgroup: str, manager: bool = False) -> str:
        """A shell line running one case through this harness (a mismatch's reproducer)."""
        import shlex

        args = " ".join(shlex.quote(a) for a in self.command(manager))
        return f"printf '%s\\t%s\\n' {shlex.quote(str(root))} {shlex.quote(cgroup)} | {args}"


def can_run() -> str | None:
    """None when this process can run a harness, else one line saying why not."""
    if os.geteuid() != 0:
        return "oracle harness needs root (it mounts in a private mount namespace)"
    return None


def load_builds(check_root: bool = True) -> tuple[list[Build], str | None]:
    """The Debian builds of scripts/oracle-setup, or ([], one line saying why there are none
    usable here)."""
    manifest = cache_dir() / "bin" / "manifest.json"
    if not manifest.exists():
        return [], f"oracle not built ({manifest} missing): run scripts/oracle-setup"
    if check_root and (why := can_run()):
        return [], why
    out = []
    for e in json.loads(manifest.read_text()):
        binary = Path(e["binary"])
        if not binary.exists():
            return [], f"oracle binary {binary} missing: run scripts/oracle-setup"
        out.append(
            Build(
                label=e["label"],
                flavor=e["flavor"],
                package_version=e["package_version"],
                go=e["go"],
                binary=binary,
                port=DEBIAN_PORTS[e["label"]],
                source=f"Debian {e.get('suite', '?')} {e.get('package', '?')}",
            )
        )
    return out, None


def get_build(label: str) -> Build:
    builds, why = load_builds()
    if why:
        raise OracleError(why)
    for b in builds:
        if b.label == label:
            return b
    raise OracleError(f"no oracle build {label!r} (built: {', '.join(b.label for b in builds)})")


# --------------------------------------------------------------------------- outcomes


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one side said for one (tree, cgroup): the comparable part of a harness line."""

    stats: str | None  # MemoryStats as json.Marshal writes it; None when there are none
    error: str | None  # err.Error()
    is_not_exist: bool = False  # os.IsNotExist(err)
    is_enoent: bool = False  # errors.Is(err, ENOENT)
    panic: str | None = None  # a Go panic's value (%v); on the port side a GoPanic
    failure: str | None = None  # the case could not run (harness_error, or a port exception)


_DEC = json.JSONDecoder()


def parse_harness_line(line: str) -> tuple[str, str, Outcome, dict[str, Any]]:
    """(root, cgroup, Outcome, the decoded line) of one harness output line. The stats are
    kept as the exact JSON text Go wrote (json.RawMessage), so that the port's json.Marshal
    can be compared byte for byte."""
    d = json.loads(line)
    stats: str | None = None
    if d.get("stats") is not None:
        # {"root":S,"cgroup":S,"stats":RAW,...}: the field order of the harness's result
        i = len('{"root":')
        _, i = _DEC.raw_decode(line, i)
        key = ',"cgroup":'
        if not line.startswith(key, i):
            raise ValueError(f"unexpected harness line: {line[:200]}")
        _, i = _DEC.raw_decode(line, i + len(key))
        key = ',"stats":'
        if not line.startswith(key, i):
            raise ValueError(f"unexpected harness line: {line[:200]}")
        start = i + len(key)
        _, end = _DEC.raw_decode(line, start)
        stats = line[start:end]
    herr = d.get("harness_error") or None
    panic = None
    if herr is not None and herr.startswith("panic: "):
        panic, herr = herr[len("panic: ") :], None
    out = Outcome(
        stats=stats,
        error=d.get("error"),
        is_not_exist=bool(d.get("is_not_exist")),
        is_enoent=bool(d.get("is_enoent")),
        panic=panic,
        failure=herr,
    )
    return d["root"], d.get("cgroup", ""), out, d


def run_harness(
    build: Build,
    cases: Sequence[tuple[str | Path, str | None]],
    *,
    manager: bool = False,
    timeout: float | None = None,
) -> list[str]:
    """Run (tree directory, cgroup path or None for the default) cases through one harness
    process; its output lines, one per case, in order."""
    text = "".join(f"{root}\t{cg}\n" if cg is not None else f"{root}\n" for root, cg in cases)
    proc = subprocess.run(
        build.command(manager),
        input=text.encode("utf-8", "surrogateescape"),
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    return _harness_lines(build, proc.returncode, proc.stdout, proc.stderr, len(cases))


def _harness_lines(build: Build, rc: int, out: bytes, err: bytes, n: int) -> list[str]:
    if rc != 0:
        raise OracleError(
            f"{build.label} harness failed (exit {rc}): {err.decode(errors='replace').strip()}"
        )
    lines = out.decode("utf-8", "surrogateescape").splitlines()
    if len(lines) != n:
        raise OracleError(f"{build.label}: {n} cases in, {len(lines)} results out")
    return lines


class HarnessHost:
    """The machine the harness runs the Go on, for the ports: sim.hosts.for_tree(harness=True)."""

    @staticmethod
    def make(tree: Tree) -> Any:
        from sim import hosts

        return hosts.for_tree(tree, harness=True)


def port_outcome(R: Any, h: Any, cgroup: str, go_version: tuple[int, int]) -> Outcome:
    """The port `R` (a Version instance) on the host `h` (HarnessHost.make) for one cgroup,
    marshalled as a binary built with Go `go_version` would."""
    from ports.go import errors, host, os, unix
    from ports.go.builtin import GoPanic

    try:
        with host.use(h):
            st, err = R.memory_stats(cgroup)
    except GoPanic as p:
        return Outcome(None, None, panic=str(p))
    except Exception as e:  # a bug in the port, not upstream behaviour: reported, not raised
        return Outcome(None, None, failure=f"port raised {type(e).__name__}: {e}")
    stats = None
    if st is not None:
        stats, merr = R.marshal(st, go_version=go_version)
        if merr is not None:  # the harness panics on it (backend_*.go) and recovers the text
            return Outcome(None, None, panic="panic: " + merr.Error())
    if err is None:
        return Outcome(stats, None)
    return Outcome(stats, err.Error(), os.IsNotExist(err), errors.Is(err, unix.ENOENT))


_PLAIN = re.compile(r"[A-Za-z0-9 _./:@+=,()\[\]{}#%*!?~^$|;'-]*")


def _go_string(s: str, gv: tuple[int, int]) -> str:
    if _PLAIN.fullmatch(s):
        return '"' + s + '"'
    from ports.go import json as gojson

    return gojson.Marshal(s, go_version=gv)[0]


def expected_line(root: str, cgroup: str, o: Outcome, gv: tuple[int, int]) -> str | None:
    """The harness line a Go run agreeing with the port outcome `o` would print (the json.Marshal
    of oracle/harness/main.go's result), or None when no line can agree (a panic, a failure)."""
    if o.panic is not None or o.failure is not None:
        return None
    return (
        '{"root":'
        + _go_string(root, gv)
        + ',"cgroup":'
        + _go_string(cgroup, gv)
        + ',"stats":'
        + (o.stats if o.stats is not None else "null")
        + ',"error":'
        + (_go_string(o.error, gv) if o.error is not None else "null")
        + ',"is_not_exist":'
        + ("true" if o.is_not_exist else "false")
        + ',"is_enoent":'
        + ("true" if o.is_enoent else "false")
        + "}"
    )


# --------------------------------------------------------------------------- comparing


def _json_diff(a: Any, b: Any, path: str, out: list[str], limit: int = 12) -> None:
    if len(out) >= limit:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            p = f"{path}.{k}" if path else str(k)
            if k not in a:
                out.append(f"{p}: Go has none, port {json.dumps(b[k])[:80]}")
            elif k not in b:
                out.append(f"{p}: Go {json.dumps(a[k])[:80]}, port has none")
            else:
                _json_diff(a[k], b[k], p, out, limit)
            if len(out) >= limit:
                return
    elif a != b or type(a) is not type(b):
        out.append(f"{path or 'stats'}: Go {json.dumps(a)[:80]}, port {json.dumps(b)[:80]}")


def differences(go: Outcome, port: Outcome) -> list[tuple[str, str]]:
    """(kind, detail) of every way the two sides differ; [] when they agree. Kinds: failure,
    panic, stats presence, stats, stats text, error presence, error text, error class."""
    out: list[tuple[str, str]] = []
    if go.failure or port.failure:
        if go.failure:
            out.append(("failure", f"harness could not run the case: {go.failure}"))
        if port.failure:
            out.append(("failure", port.failure))
        return out
    if go.panic is not None or port.panic is not None:
        if go.panic != port.panic:
            out.append(("panic", f"Go panic {go.panic!r}, port panic {port.panic!r}"))
        return out
    if (go.stats is None) != (port.stats is None):
        which = "Go" if go.stats is None else "port"
        out.append(("stats presence", f"{which} returned no stats"))
    elif go.stats != port.stats:
        assert go.stats is not None and port.stats is not None
        vals: list[str] = []
        _json_diff(json.loads(go.stats), json.loads(port.stats), "", vals)
        if vals:
            out.extend(("stats", v) for v in vals)
        else:
            i = next(
                (i for i, (x, y) in enumerate(zip(go.stats, port.stats, strict=False)) if x != y),
                min(len(go.stats), len(port.stats)),
            )
            out.append(
                (
                    "stats text",
                    f"same values, JSON differs at byte {i}: Go …{go.stats[max(0, i - 20) : i + 30]!r}, "
                    f"port …{port.stats[max(0, i - 20) : i + 30]!r}",
                )
            )
    if (go.error is None) != (port.error is None):
        out.append(("error presence", f"Go error {go.error!r}, port error {port.error!r}"))
    elif go.error != port.error:
        out.append(("error text", f"Go {go.error!r}, port {port.error!r}"))
    if go.error is not None and port.error is not None:
        for name in ("is_not_exist", "is_enoent"):
            if getattr(go, name) != getattr(port, name):
                out.append(
                    ("error class", f"{name}: Go {getattr(go, name)}, port {getattr(port, name)}")
                )
    return out


# --------------------------------------------------------------------------- states

# The memory files the ports read, per view: the hostile family aims at these.
V2_FILES = (
    "memory.stat",
    "memory.current",
    "memory.max",
    "memory.peak",
    "memory.swap.current",
    "memory.swap.max",
    "memory.swap.peak",
    "memory.numa_stat",
)
V1_FILES = (
    "memory.stat",
    "memory.usage_in_bytes",
    "memory.max_usage_in_bytes",
    "memory.failcnt",
    "memory.limit_in_bytes",
    "memory.memsw.usage_in_bytes",
    "memory.memsw.max_usage_in_bytes",
    "memory.memsw.failcnt",
    "memory.memsw.limit_in_bytes",
    "memory.kmem.usage_in_bytes",
    "memory.kmem.max_usage_in_bytes",
    "memory.kmem.failcnt",
    "memory.kmem.limit_in_bytes",
    "memory.kmem.tcp.usage_in_bytes",
    "memory.kmem.tcp.max_usage_in_bytes",
    "memory.kmem.tcp.failcnt",
    "memory.kmem.tcp.limit_in_bytes",
    "memory.use_hierarchy",
    "memory.numa_stat",
)
# files of key/value lines (the rest hold one value)
KV_FILES = ("memory.stat", "memory.numa_stat", "meminfo")

HOSTILE_VALUES = (
    "-1",
    "-4096",
    "-9223372036854775808",
    "-9223372036854775809",
    "-18446744073709551616",
    "max",
    "MAX",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "36893488147419103232",
    "99999999999999999999999999",
    "",
    "0",
    "-0",
    "+1",
    "0x10",
    "1e3",
    "4.2",
    "12abc",
    " 7",
    "7 ",
    "\t7",
    "00017",
    "\u0663",
)
ODD_KEYS = ("", "a b", "<&>", "\x08\x0c", "\xff\xfe", "total_", "N0", "anon\x00", "é")


def root_cgroup(tree: Tree) -> str:
    """The cgroup the harness defaults to: the v2 root, or the v1 memory hierarchy's root."""
    return CGROUP_ROOT if tree.is_v2 else CGROUP_ROOT + "/memory"


def memory_cgroups(tree: Tree) -> list[str]:
    """The root and every cgroup directory of the memory hierarchy, sorted."""
    top = root_cgroup(tree)
    dirs = {top}
    prefix = top + "/"
    for p in tree.files:
        if p.startswith(prefix):
            d = p.rsplit("/", 1)[0]
            while d.startswith(prefix) and d not in dirs:
                dirs.add(d)
                d = d.rsplit("/", 1)[0]
    return sorted(dirs)


@dataclass(frozen=True)
class State:
    """One machine state and the cgroups to compare on it."""

    name: str  # e.g. "seed 17", "builtin:v1-kernel6.18/0-idle", a capture's path
    family: str  # synthetic | hostile | recorded | corpus | tree
    tree: Tree
    cgroups: tuple[str, ...]
    replay: tuple[str, ...]  # memsim oracle arguments that rebuild this state alone
    notes: tuple[str, ...] = ()  # the hostile mutations, in order
    explain: tuple[str, ...] = ()  # memsim explain arguments (states from sim.states)


@dataclass(frozen=True)
class StateSpec:
    """A state not built yet (states are built a chunk at a time)."""

    family: str  # synthetic | cgroups | planned | recorded | corpus | tree
    key: Any  # world seed, sim.states StateRef, builtin capture name, capture path, directory
    hostile: bool = True
    cgroups: tuple[str, ...] = ()  # corpus/tree: the cgroups to compare (default: all)
    replay: tuple[str, ...] = ()  # planned, cgroups: the memsim oracle arguments rebuilding it

    def build(self) -> State:
        if self.family == "synthetic":
            return synthetic_state(int(self.key), hostile=self.hostile)
        if self.family == "cgroups":
            st = synthetic_state(int(self.key), hostile=self.hostile, scope="all")
            return dataclasses.replace(st, replay=self.replay)
        if self.family == "planned":
            S = sim_states()
            assert S is not None
            ref = self.key
            t = S.tree(ref)
            return State(
                f"{ref.kind} {ref.scenario} seed {ref.seed} {ref.view}",
                ref.kind,
                t,
                (root_cgroup(t),),
                self.replay,
                tuple(ref.mutations),
                tuple(ref.explain_args()),
            )
        if self.family == "recorded":
            t = load_builtin(str(self.key))
            return State(
                f"builtin:{self.key}",
                "recorded",
                t,
                self.cgroups or tuple(memory_cgroups(t)),
                ("--states", "0", "--no-recorded", "--corpus", f"builtin:{self.key}"),
            )
        if self.family == "corpus":
            t = load_capture(self.key)
            return State(
                str(self.key),
                "corpus",
                t,
                self.cgroups or tuple(memory_cgroups(t)),
                ("--states", "0", "--no-recorded", "--corpus", str(self.key)),
            )
        if self.family == "tree":
            t = read_tree(self.key)
            cgs = self.cgroups or tuple(memory_cgroups(t))
            return State(
                str(self.key),
                "tree",
                t,
                cgs,
                ("--states", "0", "--no-recorded", "--tree", str(self.key), *_cgroup_args(cgs)),
            )
        raise ValueError(f"unknown state family {self.family!r}")


def _cgroup_args(cgroups: Iterable[str]) -> list[str]:
    return [a for c in cgroups for a in ("--cgroup", c)]


def synthetic(n: int, seed: int = 0, *, hostile: bool = True) -> list[StateSpec]:
    """n synthetic states, world seeds seed .. seed+n-1; about a third of them hostile."""
    return [StateSpec("synthetic", seed + i, hostile) for i in range(n)]


def sim_states() -> Any | None:
    """sim.states (the states diff, oracle and explain share) when this checkout has it."""
    try:
        mod = importlib.import_module("sim.states")
    except ImportError:
        return None
    return mod if hasattr(mod, "plan") and hasattr(mod, "tree") else None


def planned(
    n: int, seed: int = 0, *, hostile: bool = True, pick: Sequence[int] = ()
) -> list[StateSpec]:
    """The generated states of a run of `n`: sim.states.plan(n, seed) (its synthetic families
    and hostile states, node scope: the root cgroup), plus n/20 states of this module's
    generator with every cgroup (scope "all": the root and up to four cgroups compared, a
    third with hostile files or cgroup paths), since the plan's states are node-level only.
    Without sim.states, this module's generator alone (`synthetic`). `pick` keeps only those
    positions: `--seed S --states N --pick I` rebuilds state I of a run."""
    S = sim_states()
    if S is None:
        specs = synthetic(n, seed, hostile=hostile)
    else:
        base: tuple[str, ...] = ("--seed", str(seed), "--states", str(n), "--no-recorded")
        base += () if hostile else ("--no-hostile",)
        refs = S.plan(n, seed, hostile=hostile)
        specs = [
            StateSpec("planned", r, replay=(*base, "--pick", str(i))) for i, r in enumerate(refs)
        ]
        extra = n // 20
        specs += [
            StateSpec("cgroups", seed + i, hostile, replay=(*base, "--pick", str(len(refs) + i)))
            for i in range(extra)
        ]
    if pick:
        bad = [i for i in pick if not 0 <= i < len(specs)]
        if bad:
            raise ValueError(f"--pick {bad[0]}: a run of {n} has states 0..{len(specs) - 1}")
        specs = [specs[i] for i in pick]
    return specs


def recorded(names: Iterable[str] | None = None) -> list[StateSpec]:
    """The recorded corpus packaged with fake_sysfs (every capture, or the named ones)."""
    return [StateSpec("recorded", n) for n in (builtin_captures() if names is None else names)]


def corpus(paths: Iterable[str | Path], cgroups: Sequence[str] = ()) -> list[StateSpec]:
    """Captures: each path a capture (directory, .tar.gz, builtin:NAME) or a directory
    holding captures (found by their `fstype` file)."""
    out = []
    for p in paths:
        s = str(p)
        if s.startswith("builtin:"):
            out.append(StateSpec("recorded", s[len("builtin:") :], cgroups=tuple(cgroups)))
            continue
        path = Path(s)
        if path.is_dir() and not (path / "fstype").exists():
            found = sorted(f.parent for f in path.rglob("fstype") if f.is_file())
            if not found:
                raise OracleError(f"{path}: no capture in it (no fstype file)")
            out.extend(StateSpec("corpus", str(f), cgroups=tuple(cgroups)) for f in found)
        else:
            out.append(StateSpec("corpus", s, cgroups=tuple(cgroups)))
    return out


# hostile operations and their weights
_OPS = (
    ("value", 30),
    ("blank", 6),
    ("duplicate", 8),
    ("truncate_line", 7),
    ("delete_line", 6),
    ("separator", 5),
    ("crlf", 3),
    ("no_newline", 2),
    ("odd_key", 4),
    ("long_line", 1),
    ("missing", 10),
    ("empty", 4),
    ("directory", 6),
    ("add", 5),
    ("truncate_file", 4),
    ("missing_cgroup", 2),
    ("path", 3),
)
_OP_NAMES = [o for o, _ in _OPS]
_OP_WEIGHTS = [w for _, w in _OPS]


def synthetic_state(seed: int, *, hostile: bool = True, scope: str | None = None) -> State:
    """The state of world seed `seed`: random_world(seed) in its own cgroup layout; one in 20
    with every cgroup (scope "all", the root and up to four cgroups compared), the rest the
    node view (the root only); when `hostile`, one in three gets 1-3 hostile mutations. All
    of it is drawn from the seed, so `--seed S --states 1` rebuilds it."""
    rng = random.Random(f"memsim-oracle:{seed}")
    scope_all = rng.random() < 0.05
    if scope is not None:
        scope_all = scope == "all"
    is_hostile = rng.random() < 0.35
    w = random_world(seed)
    tree = render(w, None, scope="all" if scope_all else "node")
    root = root_cgroup(tree)
    cgroups = [root]
    if scope_all:
        others = [c for c in memory_cgroups(tree) if c != root]
        cgroups += sorted(rng.sample(others, min(4, len(others))))
    notes: list[str] = []
    family = "synthetic"
    if hostile and is_hostile:
        family = "hostile"
        for _ in range(1 + (rng.random() < 0.4) + (rng.random() < 0.15)):
            tree, cgroups, note = _mutate(tree, cgroups, rng)
            notes.append(note)
    if scope == "all":
        family = "cgroups"
    return State(
        f"seed {seed}",
        family,
        tree,
        tuple(cgroups),
        ("--seed", str(seed), "--states", "1", "--no-recorded")
        + (() if hostile else ("--no-hostile",)),
        tuple(notes),
    )


def _rel(path: str) -> str:
    return path[len(CGROUP_ROOT) + 1 :] if path.startswith(CGROUP_ROOT + "/") else path


def _mutate(tree: Tree, cgroups: list[str], rng: random.Random) -> tuple[Tree, list[str], str]:
    """One hostile mutation: (tree, cgroups, what was done)."""
    names = V2_FILES if tree.is_v2 else V1_FILES
    given = rng.choice(cgroups)
    # the directory a cgroup path names (a path variant of an earlier mutation may have
    # made it relative, empty or not normal: then only the path itself is mutated again)
    target = posixpath.normpath(given) if given.startswith("/") else ""
    present = [f"{target}/{n}" for n in names if f"{target}/{n}" in tree.files]
    if MEMINFO in tree.files and (tree.is_v2 or rng.random() < 0.3):
        present.append(MEMINFO)
    kv = [p for p in present if p.rsplit("/", 1)[1] in KV_FILES]
    single = [p for p in present if p not in kv]
    op = rng.choices(_OP_NAMES, _OP_WEIGHTS)[0]
    files = dict(tree.files)

    def done(desc: str) -> tuple[Tree, list[str], str]:
        return tree_with(tree, files), cgroups, desc

    if op == "path" or not target:
        base = target or root_cgroup(tree)
        i = cgroups.index(given)
        variants = [base + "/", base + "/nonexistent", _rel(base), "", base + "//"]
        new = rng.choice([v for v in variants if v != given])
        cgroups = [*cgroups[:i], new, *cgroups[i + 1 :]]
        return tree, cgroups, f"cgroup path {given!r} given as {new!r}"
    if op == "missing_cgroup" and target != root_cgroup(tree):
        for p in [p for p in files if p.startswith(target + "/")]:
            del files[p]
        return done(f"{_rel(target)}: cgroup directory missing")
    if op == "add":
        dirs = {p.rsplit("/", 1)[0] for p in tree.files}
        absent = [
            f"{target}/{n}"
            for n in names
            if f"{target}/{n}" not in tree.files and f"{target}/{n}" not in dirs
        ]
        if absent:
            p = rng.choice(absent)
            v = rng.choice(
                ("0", "4096", "max", str(rng.randrange(1 << 40)), rng.choice(HOSTILE_VALUES))
            )
            files[p] = (v + "\n").encode()
            return done(f"{_rel(p)}: added, {v!r}")
        op = "value"
    if not present:
        return tree, cgroups, f"{_rel(target)}: no memory file to mutate"
    if op in ("missing", "empty", "directory", "truncate_file"):
        p = rng.choice(present)
        data = files.pop(p)
        if op == "empty":
            files[p] = b""
        elif op == "directory":
            files[p + "/x"] = b"0\n"
        elif op == "truncate_file":
            cut = rng.randrange(len(data)) if data else 0
            files[p] = data[:cut]
            return done(f"{_rel(p)}: cut to its first {cut} of {len(data)} bytes")
        return done(
            f"{_rel(p)}: "
            + {"missing": "missing", "empty": "empty", "directory": "a directory"}[op]
        )
    if op == "value" and single and (not kv or rng.random() < 0.5):
        p = rng.choice(single)
        v = rng.choice(HOSTILE_VALUES)
        end = rng.choice(("\n", "\n", "", "\n\n", "\r\n"))
        files[p] = (v + end).encode()
        return done(f"{_rel(p)}: {v + end!r}")
    if not kv:
        p = rng.choice(single)
        v = rng.choice(HOSTILE_VALUES)
        files[p] = (v + "\n").encode()
        return done(f"{_rel(p)}: {v!r}")
    p = rng.choice(kv)
    text = files[p].decode("utf-8", "surrogateescape")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        files[p] = b"\n"
        return done(f"{_rel(p)}: a blank line")
    i = rng.randrange(len(lines))
    line = lines[i]
    desc: str
    if op == "value":
        v = rng.choice(HOSTILE_VALUES)
        new, n = _replace_number(line, v, rng)
        lines[i] = new
        desc = f"line {i + 1} {line!r} -> {new!r}" if n else f"line {i + 1} has no number"
    elif op == "blank":
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(("", " ", "\t")))
        desc = "a blank line inserted"
    elif op == "duplicate":
        dup, _ = _replace_number(line, str(rng.randrange(1 << 36)), rng)
        j = rng.randrange(i + 1, len(lines) + 1)
        lines.insert(j, dup)
        desc = f"duplicate of line {i + 1} as line {j + 1}: {dup!r}"
    elif op == "truncate_line":
        cut = rng.randrange(len(line)) if line else 0  # strictly shorter
        lines[i] = line[:cut]
        desc = f"line {i + 1} {line!r} cut to {line[:cut]!r}"
    elif op == "delete_line":
        del lines[i]
        desc = f"line {i + 1} {line!r} deleted"
    elif op == "separator":
        sep = rng.choice(("\t", "  ", " : ", "=", ""))
        lines[i] = re.sub(r"[ :=]+", sep, line, count=1)
        desc = f"line {i + 1} separator -> {sep!r}: {lines[i]!r}"
    elif op == "crlf":
        lines = [x + "\r" for x in lines]
        desc = "CRLF line ends"
    elif op == "no_newline":
        files[p] = "\n".join(lines).encode("utf-8", "surrogateescape")
        return done(f"{_rel(p)}: no final newline")
    elif op == "odd_key":
        key = rng.choice(ODD_KEYS)
        rest = line.split(" ", 1)[1] if " " in line else "1"
        lines[i] = f"{key} {rest}"
        desc = f"line {i + 1} key {line.split(' ', 1)[0]!r} -> {key!r}"
    else:  # long_line: longer than bufio.Scanner's 64 KiB token limit
        lines.insert(i, "x" * 70000 + " 1")
        desc = f"a 70,002-byte line before line {i + 1}"
    files[p] = ("\n".join(lines) + "\n").encode("utf-8", "surrogateescape")
    return done(f"{_rel(p)}: {desc}")


_NUM = re.compile(r"(?<![A-Za-z_])\d+")


def _replace_number(line: str, value: str, rng: random.Random) -> tuple[str, int]:
    ms = list(_NUM.finditer(line))
    if not ms:
        return line, 0
    m = rng.choice(ms)
    return line[: m.start()] + value + line[m.end() :], 1


def tree_with(tree: Tree, files: dict[str, bytes]) -> Tree:
    return Tree(files, tree.fstype, tree.mounts, tree.uname, tree.kernel, tree.when, tree.source)


# --------------------------------------------------------------------------- trees on disk


def write_tree(tree: Tree, dest: str | Path) -> Path:
    """Write `tree` in the recorded layout (fstype, uname, proc/..., sys/...) into the new
    directory `dest`: what the harness reads, and what read_tree reads back. Unlike
    fake_sysfs.write_capture it keeps any tree (no /proc/meminfo, a file made a directory)."""
    dest = str(dest)
    os.makedirs(dest)
    made = {dest}
    meta = {"fstype": tree.fstype.encode() + b"\n"}
    if tree.uname:
        meta["uname"] = tree.uname.encode() + b"\n"
    for name, data in meta.items():
        _write(os.path.join(dest, name), data)
    for path, data in tree.files.items():
        target = dest + path
        parent = target.rsplit("/", 1)[0]
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        _write(target, data)
    for d in getattr(tree, "empty_dirs", ()):
        os.makedirs(dest + d, exist_ok=True)
    return Path(dest)


PACK_MAGIC = b"memsim-oracle-pack 1\n"


def pack_tree(name: str, tree: Tree) -> bytes:
    """One tree in the harness's pack format (oracle/harness/tree.go, readPack)."""
    files = {"fstype": tree.fstype.encode() + b"\n"}
    for path, data in tree.files.items():
        files[path[1:]] = data
    for d in getattr(tree, "empty_dirs", ()):
        files[d[1:].rstrip("/") + "/"] = b""  # a directory holding no file
    out = [b"T %d %d\n" % (len(name.encode()), len(files)), name.encode()]
    for rel, data in files.items():
        r = rel.encode()
        out += [b"%d %d\n" % (len(r), len(data)), r, data]
    return b"".join(out)


def _write(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def read_tree(src: str | Path) -> Tree:
    """A tree written by write_tree (or any capture directory), as it is: no file required
    but `fstype`."""
    root = Path(src)
    fstype = (root / "fstype").read_text().strip()
    uname = (root / "uname").read_text().strip() if (root / "uname").exists() else ""
    files: dict[str, bytes] = {}
    empty: set[str] = set()
    for top in ("proc", "sys"):
        base = root / top
        for dirpath, dirs, names in os.walk(base):
            if not dirs and not names and Path(dirpath) != base:
                empty.add("/" + str(Path(dirpath).relative_to(root)))
            for n in names:
                p = Path(dirpath) / n
                files["/" + str(p.relative_to(root))] = p.read_bytes()
    parts = uname.split()
    return Tree(
        files,
        fstype,
        infer_mounts(fstype, files),
        uname,
        parts[2] if len(parts) > 2 else "",
        source=str(src),
        empty_dirs=frozenset(empty),
    )


def scratch_base() -> str:
    """Where the trees of a run are written: $MEMSIM_ORACLE_SCRATCH, else /dev/shm when it is
    a writable directory (a tmpfs: several times faster than a disk for thousands of small
    files), else the system's temporary directory."""
    env = os.environ.get("MEMSIM_ORACLE_SCRATCH")
    if env:
        return env
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK | os.X_OK):
        return "/dev/shm"
    return tempfile.gettempdir()


# --------------------------------------------------------------------------- the run


@dataclass
class VersionReport:
    build: Build
    states: int = 0
    cases: int = 0
    mismatches: int = 0  # cases that differ
    go_seconds: float = 0.0  # harness wall time
    port_seconds: float = 0.0  # port CPU time in this process

    def to_json(self) -> dict[str, Any]:
        b = self.build
        return {
            "port": b.port,
            "states": self.states,
            "cases": self.cases,
            "mismatches": self.mismatches,
            "package_version": b.package_version,
            "go": b.go,
            "source": b.source,
            "go_seconds": round(self.go_seconds, 2),
            "port_seconds": round(self.port_seconds, 2),
        }


@dataclass
class Mismatch:
    label: str  # the build
    port: str
    state: str
    family: str
    cgroup: str
    differences: list[tuple[str, str]]
    go: Outcome
    port_outcome: Outcome
    replay: list[str]  # memsim oracle arguments
    notes: list[str]  # hostile mutations
    tree: str | None = None  # the kept tree directory
    go_command: str | None = None  # the harness on the kept tree
    tree_replay: list[str] | None = None  # memsim oracle arguments for the kept tree
    explain: list[str] = field(default_factory=list)  # memsim explain arguments, if any

    @property
    def kinds(self) -> list[str]:
        return sorted({k for k, _ in self.differences})

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.label,
            "port": self.port,
            "state": self.state,
            "family": self.family,
            "cgroup": self.cgroup,
            "kinds": self.kinds,
            "differences": [f"{k}: {d}" for k, d in self.differences],
            "go": dataclasses.asdict(self.go),
            "port_side": dataclasses.asdict(self.port_outcome),
            "notes": self.notes,
            "explain": ["memsim", "explain", *self.explain] if self.explain else None,
            "replay": ["memsim", "oracle", *self.replay],
            "tree": self.tree,
            "tree_replay": None
            if self.tree_replay is None
            else ["memsim", "oracle", *self.tree_replay],
            "go_command": self.go_command,
        }


@dataclass
class Report:
    versions: dict[str, VersionReport]
    families: dict[str, int] = field(default_factory=dict)
    mismatches: list[Mismatch] = field(default_factory=list)
    states: int = 0
    seconds: float = 0.0
    kept: str | None = None
    phases: dict[str, float] = field(default_factory=dict)  # this process's wall time by phase

    def to_json(self) -> dict[str, Any]:
        return {
            "versions": {k: v.to_json() for k, v in self.versions.items()},
            "states": {"total": self.states, **self.families},
            "mismatches": [m.to_json() for m in self.mismatches],
            "seconds": round(self.seconds, 2),
            "phases": {k: round(v, 2) for k, v in self.phases.items()},
            "kept": self.kept,
        }


Progress = Callable[[int, int, str], None]  # (states done, states total, what is running)


class _Chunk:
    """One chunk of states on its way through both sides."""

    def __init__(self, index: int, first: int, directory: str) -> None:
        self.index = index
        self.first = first  # index of its first state in the run
        self.dir = directory
        self.states: list[State] = []
        self.cases: list[tuple[int, str]] = []  # (state index in the chunk, cgroup)
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.ended: dict[str, float] = {}
        self.started = 0.0
        self.threads: list[threading.Thread] = []
        self.port_out: dict[str, list[Outcome]] = {}


def compare(
    builds: Sequence[Build],
    specs: Sequence[StateSpec],
    *,
    chunk: int = 1000,
    keep: str | Path | None = None,
    max_kept: int = 50,
    progress: Progress | None = None,
    replay_extra: Callable[[Build], list[str]] | None = None,
) -> Report:
    """Run every state through every build's harness and its port; report each case that
    differs. The trees are written once per chunk of `chunk` states into a scratch directory
    (removed at the end); each build's harness reads a whole chunk in one process while this
    process runs the ports on it and then writes the next chunk. The trees of mismatching
    states are copied to `keep` (at most `max_kept`), with the command lines that reproduce
    them."""
    from ports import registry

    if why := can_run():
        raise OracleError(why)
    ports = {b.port: registry.get(b.port)() for b in builds}
    report = Report({b.label: VersionReport(b) for b in builds})
    kept: dict[int, str] = {}  # state number -> its tree on disk
    copied = [0]  # trees written to `keep`
    t0 = time.monotonic()
    total = len(specs)
    done = 0
    phase = report.phases

    def tick(what: str, n: int) -> None:
        if progress:
            progress(n, total, what)

    def prepare(k: int) -> _Chunk | None:
        first = k * chunk
        if first >= total:
            return None
        t = time.perf_counter()
        c = _Chunk(k, first, os.path.join(scratch, str(k)))
        os.mkdir(c.dir)
        with open(os.path.join(c.dir, "pack"), "wb") as pack:
            pack.write(PACK_MAGIC)
            for i, spec in enumerate(specs[first : first + chunk]):
                st = spec.build()
                c.states.append(st)
                pack.write(pack_tree(str(i), st.tree))
                c.cases.extend((i, cg) for cg in st.cgroups)
                report.families[st.family] = report.families.get(st.family, 0) + 1
        with open(
            os.path.join(c.dir, "cases"), "w", encoding="utf-8", errors="surrogateescape"
        ) as f:
            f.writelines(f"{i}\t{cg}\n" for i, cg in c.cases)
        phase["states"] = phase.get("states", 0.0) + time.perf_counter() - t
        return c

    def start(c: _Chunk) -> None:
        c.started = time.monotonic()
        for b in builds:
            with (
                open(os.path.join(c.dir, "cases"), "rb") as fin,
                open(os.path.join(c.dir, f"out-{b.label}"), "wb") as fout,
            ):
                p = subprocess.Popen(
                    [*b.command(), "-pack", os.path.join(c.dir, "pack")],
                    stdin=fin,
                    stdout=fout,
                    stderr=subprocess.PIPE,
                )
            c.procs[b.label] = p

            def wait(label: str = b.label, p: subprocess.Popen[bytes] = p) -> None:
                p.wait()
                c.ended[label] = time.monotonic()

            th = threading.Thread(target=wait, daemon=True)
            th.start()
            c.threads.append(th)

    def run_ports(c: _Chunk) -> None:
        t = time.perf_counter()
        c.port_out = {b.label: [] for b in builds}
        for i, st in enumerate(c.states):
            h = HarnessHost.make(st.tree)
            for b in builds:
                tp = time.perf_counter()
                R = ports[b.port]
                c.port_out[b.label].extend(
                    port_outcome(R, h, cg, b.go_version) for cg in st.cgroups
                )
                report.versions[b.label].port_seconds += time.perf_counter() - tp
            if i % 50 == 49:
                tick("ports", done + i + 1)
        phase["ports"] = phase.get("ports", 0.0) + time.perf_counter() - t

    def finish(c: _Chunk) -> None:
        t = time.perf_counter()
        tick("waiting for the Go harnesses", done + len(c.states))
        for th in c.threads:
            th.join()
        phase["waiting for Go"] = phase.get("waiting for Go", 0.0) + time.perf_counter() - t
        t = time.perf_counter()
        for b in builds:
            p = c.procs[b.label]
            assert p.stderr is not None
            err = p.stderr.read()
            p.stderr.close()
            vr = report.versions[b.label]
            vr.go_seconds += c.ended[b.label] - c.started
            with open(os.path.join(c.dir, f"out-{b.label}"), "rb") as fo:
                lines = _harness_lines(b, p.returncode, fo.read(), err, len(c.cases))
            vr.states += len(c.states)
            vr.cases += len(c.cases)
            gv = b.go_version
            for (i, cg), line, po in zip(c.cases, lines, c.port_out[b.label], strict=True):
                if line == expected_line(str(i), cg, po, gv):
                    continue  # the same line, byte for byte
                _, _, go, _ = parse_harness_line(line)
                diffs = differences(go, po)
                if diffs:
                    vr.mismatches += 1
                    report.mismatches.append(mismatch(b, c, i, cg, diffs, go, po))
        shutil.rmtree(c.dir)
        phase["comparing"] = phase.get("comparing", 0.0) + time.perf_counter() - t

    def mismatch(
        b: Build, c: _Chunk, i: int, cg: str, diffs: list[tuple[str, str]], go: Outcome, po: Outcome
    ) -> Mismatch:
        st = c.states[i]
        m = Mismatch(
            b.label,
            b.port,
            st.name,
            st.family,
            cg,
            diffs,
            go,
            po,
            [*st.replay, *(replay_extra(b) if replay_extra else ["--only", b.label])],
            list(st.notes),
            explain=list(st.explain),
        )
        n = c.first + i
        if n not in kept:
            if st.family == "tree":  # on disk already
                kept[n] = str(Path(st.name).resolve())
            elif keep is not None and copied[0] < max_kept:
                dest = Path(keep) / f"{copied[0]:03d}-{_slug(st.name)}"
                if dest.exists():
                    shutil.rmtree(dest)
                dest.parent.mkdir(parents=True, exist_ok=True)
                write_tree(st.tree, dest)
                kept[n] = str(dest.resolve())
                copied[0] += 1
        if n in kept:
            m.tree = kept[n]
            m.go_command = b.shell_command(kept[n], cg)
            m.tree_replay = [
                *("--states", "0", "--no-recorded", "--tree", kept[n], "--cgroup", cg),
                *(replay_extra(b) if replay_extra else ["--only", b.label]),
            ]
        return m

    scratch = tempfile.mkdtemp(prefix="memsim-oracle-", dir=scratch_base())
    running: list[_Chunk] = []
    try:
        cur = prepare(0)
        if cur is not None:
            start(cur)
            running.append(cur)
        while cur is not None:
            run_ports(cur)
            nxt = prepare(cur.index + 1)  # while the harnesses work on cur
            finish(cur)
            running.remove(cur)
            done += len(cur.states)
            tick("ports", done)
            if nxt is not None:
                start(nxt)
                running.append(nxt)
            cur = nxt
    finally:
        for c in running:  # an error or ^C: stop the harnesses still running
            for p in c.procs.values():
                if p.poll() is None:
                    p.terminate()
                    p.wait()
        shutil.rmtree(scratch, ignore_errors=True)
    report.states = total
    report.seconds = time.monotonic() - t0
    report.kept = str(keep) if copied[0] else None
    return report


def _slug(s: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", s).strip("_")[:60] or "state"


# --------------------------------------------------------------------------- source trees


@dataclass(frozen=True)
class SourceTree:
    """A runc or opencontainers/cgroups source tree, as detected."""

    path: Path
    flavor: str  # runc | cgroups
    import_path: str
    version: str | None  # e.g. "1.1.15", from VERSION or git; None when unknown
    port: str  # the port it is compared with
    how: str  # how the port was chosen
    go_directive: str | None  # go.mod's `go` line


def _version_key(v: str) -> tuple[int, int, int]:
    m = re.match(r"v?(\d+)\.(\d+)\.(\d+)", v)
    if not m:
        raise ValueError(v)
    return int(m[1]), int(m[2]), int(m[3])


def _git_version(path: Path) -> str | None:
    if not (path / ".git").exists() or shutil.which("git") is None:
        return None
    r = subprocess.run(
        ["git", "-C", str(path), "describe", "--tags", "--abbrev=0"],
        capture_output=True,
        text=True,
        check=False,
    )
    v = r.stdout.strip()
    return v.lstrip("v") if r.returncode == 0 and re.match(r"v?\d+\.\d+\.\d+", v) else None


def _fingerprint(path: Path, flavor: str) -> str:
    """The port whose memory code the tree's code looks like (for trees without VERSION
    or tags, e.g. Debian's -dev packages)."""

    def has(rel: str, text: str) -> bool:
        f = path / rel
        return f.is_file() and text in f.read_text(errors="replace")

    if flavor == "cgroups":
        return "cgroups@v0.1.0" if has("stats.go", "omitzero") else "cgroups@v0.0.5"
    cg = "libcontainer/cgroups/"
    if (path / cg / "fs2" / "psi.go").is_file():
        return "runc@v1.2.0"
    if has(cg + "fs2/memory.go", "peak"):
        return "runc@v1.1.15" if has(cg + "file.go", "O_CLOEXEC") else "runc@v1.1.11"
    if has(cg + "fs2/memory.go", '"anon"'):
        return (
            "runc@v1.1.10"
            if has(cg + "fs/memory.go", 'name == "kmem" && os.IsNotExist')
            else "runc@v1.1.9"
        )
    return "runc@v1.1.7"


def port_for_version(flavor: str, version: str) -> str:
    """The port of the newest ported version <= `version` (runc 1.1.12-1.1.14 have 1.1.15's
    memory code; anything older than the oldest port gets the oldest)."""
    from ports.runc import versions

    v = _version_key(version)
    if flavor == "runc" and (1, 1, 12) <= v < (1, 1, 15):
        return "runc@v1.1.15"
    candidates = [n for n in versions() if n.startswith(flavor + "@")]
    best = candidates[0]
    for n in candidates:
        if _version_key(n.split("@", 1)[1]) <= v:
            best = n
    return best


def detect_source(src: str | Path, port: str | None = None) -> SourceTree:
    """Which source tree `src` is (runc with libcontainer/cgroups, or opencontainers/cgroups),
    its version, and the port to compare it with (`port` overrides)."""
    from ports.runc import resolve

    path = Path(src).resolve()
    if not path.is_dir():
        raise OracleError(f"{src}: not a directory")
    gomod = path / "go.mod"
    module = directive = None
    if gomod.is_file():
        text = gomod.read_text(errors="replace")
        if m := re.search(r"^module\s+(\S+)", text, re.M):
            module = m[1]
        if m := re.search(r"^go\s+(\S+)", text, re.M):
            directive = m[1]
    if (path / "libcontainer/cgroups/fs2/memory.go").is_file():
        flavor, imp = "runc", "github.com/opencontainers/runc"
    elif (path / "fs2/memory.go").is_file() and (path / "stats.go").is_file():
        flavor, imp = "cgroups", "github.com/opencontainers/cgroups"
    elif (path / "libcontainer").is_dir():
        raise OracleError(
            f"{src}: a runc tree without libcontainer/cgroups (runc >= 1.3 takes its cgroup "
            "code from opencontainers/cgroups): give a checkout of that instead"
        )
    else:
        raise OracleError(
            f"{src}: neither a runc tree (libcontainer/cgroups/fs2/memory.go) nor an "
            "opencontainers/cgroups tree (fs2/memory.go, stats.go)"
        )
    if module is not None and module != imp:
        raise OracleError(f"{src}: go.mod says module {module}, expected {imp}")
    version = None
    how = ""
    if flavor == "runc" and (path / "VERSION").is_file():
        version = (path / "VERSION").read_text().strip()
        how = "VERSION file"
    if version is None and (gv := _git_version(path)):
        version, how = gv, "git describe"
    if port is not None:
        chosen, how = resolve(port), "--port"
    elif version is not None and re.match(r"\d+\.\d+\.\d+", version):
        chosen = port_for_version(flavor, version)
        how = f"{how} {version}"
    else:
        chosen, how = _fingerprint(path, flavor), "fingerprint of the memory code"
    if not chosen.startswith(flavor + "@"):
        raise OracleError(f"{src} is a {flavor} tree; port {chosen} is not")
    return SourceTree(path, flavor, imp, version, chosen, how, directive)


def _toolchains() -> list[tuple[tuple[int, int], str, str]]:
    """(version, go binary, GOROOT) of the Go toolchains at hand: the system's and the one
    scripts/oracle-setup unpacked from bookworm-backports."""
    out = []
    cands: list[str] = []
    if sys_go := shutil.which("go"):
        cands.append(sys_go)
    cands += sorted(str(p) for p in (cache_dir() / "toolchain").glob("*/usr/lib/go-*/bin/go"))
    for go in cands:
        r = subprocess.run(
            [go, "env", "GOVERSION", "GOROOT"],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "GOENV": "off", "GOTOOLCHAIN": "local"},
        )
        if r.returncode == 0:
            gov, goroot = r.stdout.split()[:2]
            out.append((go_version_tuple(gov), go, goroot))
    return sorted(out)


def _hash_tree(path: Path, extra: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for dirpath, dirs, names in os.walk(path):
        dirs[:] = sorted(d for d in dirs if d != ".git")
        for n in sorted(names):
            p = os.path.join(dirpath, n)
            if os.path.islink(p):
                h.update(f"L{os.path.relpath(p, path)}\0{os.readlink(p)}\0".encode())
            elif n.endswith((".go", ".s", ".mod", ".c", ".h")) or n == "VERSION":
                h.update(f"F{os.path.relpath(p, path)}\0".encode())
                with open(p, "rb") as f:
                    h.update(hashlib.sha256(f.read()).digest())
    for e in extra:
        h.update(e)
    return h.hexdigest()[:16]


def build_source(
    src: str | Path,
    *,
    port: str | None = None,
    go: str | None = None,
    log: Callable[[str], None] | None = None,
) -> Build:
    """Build the harness against a runc or opencontainers/cgroups source tree, offline
    (GOPATH mode, GO111MODULE=off GOPROXY=off): a copy of the tree (without .git) goes into
    a GOPATH under the cache with our export file in its fs2 package (the tree itself is not
    touched); its vendor/ directory, then the Debian GOPATH of scripts/oracle-setup, supply
    the dependencies. `go` is a go binary (default: the oldest toolchain at hand that meets
    go.mod's `go` line, else the newest). A build is cached by the tree's content."""
    say = log or (lambda _m: None)
    st = detect_source(src, port)
    deps = cache_dir() / "gopath" / DEPS_BUILD[st.flavor] / "usr" / "share" / "gocode"
    if not deps.is_dir():
        raise OracleError(
            f"{deps} missing: run scripts/oracle-setup first (it provides Go and the "
            "dependencies of the sources)"
        )
    if go is not None:
        chains = [t for t in _toolchains() if t[1] == go] or [
            (
                go_version_tuple(
                    subprocess.run(
                        [go, "env", "GOVERSION"], capture_output=True, text=True, check=True
                    ).stdout.strip()
                ),
                go,
                subprocess.run(
                    [go, "env", "GOROOT"], capture_output=True, text=True, check=True
                ).stdout.strip(),
            )
        ]
        chain = chains[0]
    else:
        chains = _toolchains()
        if not chains:
            raise OracleError("no Go toolchain: run scripts/oracle-setup")
        want = go_version_tuple("go" + st.go_directive) if st.go_directive else (0, 0)
        if not (st.path / "vendor").is_dir():
            # the Debian dependencies need the Go their own build used (trixie's and sid's
            # import the standard "slices": Go >= 1.21)
            builds, _ = load_builds(check_root=False)
            dep = next((b for b in builds if b.label == DEPS_BUILD[st.flavor]), None)
            if dep is not None:
                want = max(want, dep.go_version)
        chain = next((t for t in chains if t[0] >= want), chains[-1])
    gov_tuple, gobin, goroot = chain
    harness_dir = REPO / "oracle" / "harness"
    export = REPO / "oracle" / "export" / f"fs2_{st.flavor}.go.in"
    ours = [p.read_bytes() for p in sorted(harness_dir.glob("*.go"))] + [export.read_bytes()]
    key = _hash_tree(st.path, [*ours, gobin.encode(), str(gov_tuple).encode()])
    stage = cache_dir() / "src" / key
    manifest = stage / "build.json"
    label = f"{st.path.name}@{key[:8]}"
    if manifest.is_file():
        e = json.loads(manifest.read_text())
        if Path(e["binary"]).is_file():
            say(f"{st.path}: cached build {e['binary']}")
            return Build(
                label, st.flavor, e["version"], e["go"], Path(e["binary"]), st.port, str(st.path)
            )
    if stage.exists():
        shutil.rmtree(stage)
    gopath = stage / "gopath"
    dest = gopath / "src" / st.import_path
    say(f"{st.path}: a {st.flavor} tree, compared with {st.port} ({st.how}); copying")
    shutil.copytree(st.path, dest, symlinks=True, ignore=shutil.ignore_patterns(".git"))
    fs2 = dest / ("libcontainer/cgroups/fs2" if st.flavor == "runc" else "fs2")
    shutil.copyfile(export, fs2 / "zz_memsim_oracle_export.go")
    binary = stage / f"harness-{st.flavor}"
    env = {
        **os.environ,
        "GOROOT": goroot,
        "GOPATH": f"{gopath}:{deps}",
        "GO111MODULE": "off",
        "GOPROXY": "off",
        "GOFLAGS": "",
        "GOENV": "off",
        "GOTOOLCHAIN": "local",
        "GOCACHE": str(gocache_dir()),
        "CGO_ENABLED": "0",
    }
    t = time.monotonic()
    r = subprocess.run(
        [gobin, "build", "-tags", f"oracle_{st.flavor}", "-o", str(binary), "."],
        cwd=harness_dir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if r.returncode != 0:
        raise OracleError(f"building the harness against {st.path} failed:\n{r.stderr.strip()}")
    gov = subprocess.run(
        [gobin, "env", "GOVERSION"], capture_output=True, text=True, env=env, check=True
    ).stdout.strip()
    say(f"built {binary} with {gov} in {time.monotonic() - t:.1f} s")
    version = st.version or "unknown"
    manifest.write_text(
        json.dumps(
            {
                "source": str(st.path),
                "flavor": st.flavor,
                "version": version,
                "port": st.port,
                "go": gov,
                "binary": str(binary),
            }
        )
        + "\n"
    )
    return Build(label, st.flavor, version, gov, binary, st.port, str(st.path))


# --------------------------------------------------------------------------- GoRunc


def unmarshal(cls: Any, data: Any) -> Any:
    """json.Unmarshal of `data` (decoded JSON) into a ported Go struct type: dataclasses whose
    fields carry their json tag (ports.go.json.field). Missing keys keep their zero value."""
    return _decode(cls, data)


_HINTS: dict[type, dict[str, Any]] = {}


def _decode(tp: Any, v: Any) -> Any:
    if v is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(args[0], v)
    if origin is dict:
        kt, vt = typing.get_args(tp)
        return {(int(k) if kt is int else k): _decode(vt, x) for k, x in v.items()}
    if origin is list:
        (et,) = typing.get_args(tp)
        return [_decode(et, x) for x in v]
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints = _HINTS.get(tp)
        if hints is None:
            hints = _HINTS[tp] = typing.get_type_hints(tp)
        obj = tp()
        for f in dataclasses.fields(tp):
            tag = f.metadata.get("json", f.name)
            name = tag.partition(",")[0] or f.name
            if f.metadata.get("embedded") and not tag.partition(",")[0]:
                setattr(obj, f.name, _decode(hints[f.name], v))
            elif name in v:
                setattr(obj, f.name, _decode(hints[f.name], v[name]))
        return obj
    if tp is bool or tp is int or tp is str or tp is float:
        return tp(v)
    return v


class GoError:
    """An error the Go side returned, as a ports.go error value: Error() is Go's text;
    errors.Is(err, syscall.ENOENT) holds when it held in Go. When the text is a *PathError's
    ("op path: message"), use GoStats.err, which rebuilds that PathError instead (so
    os.IsNotExist works on it too)."""

    def __init__(self, text: str, is_enoent: bool) -> None:
        self.text = text
        self.enoent = is_enoent

    def Error(self) -> str:
        return self.text

    def Is(self, target: Any) -> bool:
        from ports.go import syscall

        return self.enoent and target == syscall.ENOENT

    def __repr__(self) -> str:
        return f"GoError({self.text!r})"


def _go_error(text: str, is_not_exist: bool, is_enoent: bool) -> Any:
    """The Go error value for (text, classes): a *PathError when the text is one and the
    rebuilt value has the same classes, else a GoError."""
    from ports.go import errors, os, syscall

    op, sp, rest = text.partition(" ")
    if sp:
        for errno_name in ("ENOENT", "ENOTDIR", "EISDIR", "EACCES", "EXDEV", "ELOOP", "EINVAL"):
            e = getattr(syscall, errno_name, None)
            if e is None:
                continue
            suffix = ": " + e.Error()
            if rest.endswith(suffix):
                pe = os.PathError(op, rest[: -len(suffix)], e)
                if (
                    pe.Error() == text
                    and os.IsNotExist(pe) == is_not_exist
                    and errors.Is(pe, syscall.ENOENT) == is_enoent
                ):
                    return pe
    return GoError(text, is_enoent)


@dataclass
class GoStats:
    """One case through the real Go code."""

    stats: Any  # the port's MemoryStats (or None): the harness JSON parsed into it
    err: Any  # a ports.go error value (see GoError), or None
    error: str | None  # err.Error()
    is_not_exist: bool
    is_enoent: bool
    stats_json: str | None  # the exact JSON Go wrote
    panic: str | None = None  # a Go panic's value
    failure: str | None = None  # the harness could not run the case


class GoRunc:
    """Real upstream Go code as the runc layer of a stack: a Debian build label
    ("runc-1.1.5", "runc-1.1.15", "cgroups-0.0.5"), or a runc / opencontainers/cgroups
    source tree, built on first use (build_source). `batch` runs many trees through one
    harness process and returns, per case, the MemoryStats as an object of the matching
    port's struct plus the error."""

    def __init__(
        self,
        source: str | Path,
        *,
        port: str | None = None,
        go: str | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        if why := can_run():
            raise OracleError(why)
        builds, _ = load_builds()
        known = {b.label: b for b in builds}
        if str(source) in known:
            b = known[str(source)]
            if port is not None:
                from ports.runc import resolve

                b = dataclasses.replace(b, port=resolve(port))
            self.build = b
        elif Path(source).is_dir():
            self.build = build_source(source, port=port, go=go, log=log)
        else:
            raise OracleError(
                f"{source!r}: neither a built version ({', '.join(known) or 'none built'}) "
                "nor a source directory"
            )
        from ports import registry

        self.port = registry.get(self.build.port)()
        self.MemoryStats = self.port.cgroups.MemoryStats

    def __repr__(self) -> str:
        return f"<GoRunc {self.build.label} ({self.build.go}) ~ {self.build.port}>"

    def batch(
        self,
        items: Iterable[Tree | tuple[Tree, str | None]],
        *,
        manager: bool = False,
        chunk: int = 5000,
    ) -> list[GoStats]:
        """Each item a tree (its root cgroup) or (tree, cgroup path). With `manager`, the
        manager's GetStats (see docs/oracle.md for what it adds on v2)."""
        out: list[GoStats] = []
        todo = [(it, None) if isinstance(it, Tree) else it for it in items]
        scratch = tempfile.mkdtemp(prefix="memsim-gorunc-", dir=scratch_base())
        try:
            for c0 in range(0, len(todo), chunk):
                part = todo[c0 : c0 + chunk]
                cases = []
                for i, (tree, cg) in enumerate(part):
                    d = write_tree(tree, os.path.join(scratch, f"{c0 + i}"))
                    cases.append((d, cg))
                for line in run_harness(self.build, cases, manager=manager):
                    out.append(self._result(line))
                for i in range(len(part)):
                    shutil.rmtree(os.path.join(scratch, f"{c0 + i}"))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return out

    def _result(self, line: str) -> GoStats:
        _, _, o, d = parse_harness_line(line)
        stats = None if d.get("stats") is None else unmarshal(self.MemoryStats, d["stats"])
        err = None if o.error is None else _go_error(o.error, o.is_not_exist, o.is_enoent)
        return GoStats(
            stats, err, o.error, o.is_not_exist, o.is_enoent, o.stats, o.panic, o.failure
        )

    def memory_stats(self, tree: Tree, cgroup: str | None = None) -> tuple[Any, Any]:
        """One case, shaped like a port's Version.memory_stats: (MemoryStats, err)."""
        r = self.batch([(tree, cgroup)])[0]
        if r.panic is not None or r.failure is not None:
            raise OracleError(f"{self.build.label}: {r.panic or r.failure}")
        return r.stats, r.err
