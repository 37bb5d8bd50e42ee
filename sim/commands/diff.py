"""`memsim diff`: what a change to the accounting does to the numbers, over thousands of states."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

DESCRIPTION = """\
Run two pipelines (--before, --after) over the same memory states and show exactly where and
by how much their results differ: runc's stats, cAdvisor, the kubelet's Summary and
/metrics/resource, metrics-server and the `kubectl top node` row.

A side is a stack (memsim stacks), a stack with components swapped (k8s-1.28.3,runc=1.1.9),
either pinned to a cgroup view (k8s-1.28.3@v1: every synthetic ground truth rendered as
cgroup v1 for that side), a patch file (path/to/patch.py[:NAME], see docs/writing-a-patch.md),
a saved run (run.jsonl[:before|:after], written by an earlier --jsonl), or a stack whose runc
layer is the real Go code: k8s-1.28.3,runc=go:runc-1.1.15 (a build of scripts/oracle-setup) or
k8s-1.28.3,runc=go:/path/to/runc (a checkout, built on first use; root, see docs/oracle.md).

States: --states synthetic states (the scenario families of `--scenario`, each ground truth
rendered as v1 and as v2, plus hostile states with malformed files) and the recorded captures
(the built-in corpus, or what --corpus names in its place). Every state is reproducible from
(--seed, index); the summary prints the `memsim explain` command that replays each state it
shows.
"""

EPILOG = """\
examples:
  memsim diff                                            # k8s-1.28.3 -> k8s-1.29.0, 10,000 states + corpus
  memsim diff --before k8s-1.28.3@v1 --after k8s-1.28.3@v2 --states 2000
  memsim diff --after docs/patches/runc_pr3933.py --json summary.json
  memsim diff --before k8s-1.28.3,runc=1.1.15 --after k8s-1.28.3,runc=go:~/src/runc
  memsim diff --after k8s-1.29.0 --jsonl golden.jsonl    # record once ...
  memsim diff --before golden.jsonl --after k8s-1.29.0   # ... re-check after every change
"""


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "diff",
        help="compare two pipelines over thousands of states",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--before", default="k8s-1.28.3", metavar="A", help="the side before (default: %(default)s)"
    )
    p.add_argument(
        "--after", default="k8s-1.29.0", metavar="B", help="the side after (default: %(default)s)"
    )
    p.add_argument(
        "--states",
        type=int,
        default=10_000,
        metavar="N",
        help="synthetic states (default: %(default)s)",
    )
    p.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar="S",
        help="seed of the state plan (default: %(default)s)",
    )
    p.add_argument(
        "--scenario",
        action="append",
        metavar="NAME",
        help="only these scenario families (repeatable; see --list-scenarios)",
    )
    p.add_argument(
        "--list-scenarios", action="store_true", help="list the scenario families and exit"
    )
    p.add_argument(
        "--no-hostile", action="store_true", help="leave out the hostile (malformed-file) states"
    )
    p.add_argument(
        "--corpus",
        action="append",
        metavar="PATH",
        help="the recorded captures to run; replaces the built-in corpus: a directory, a "
        ".tar.gz or builtin:NAME (repeatable); add 'builtin' to keep the bundled captures too, "
        "'none' for no captures (default: builtin, every bundled capture)",
    )
    p.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=_cores(),
        metavar="J",
        help="worker processes (default: the cores this process may use, %(default)s here); "
        "the summary is the same whatever J is, only `timing` differs",
    )
    p.add_argument(
        "--json", type=Path, metavar="FILE", help="write the summary as JSON ('-' for stdout)"
    )
    p.add_argument(
        "--jsonl",
        type=Path,
        metavar="FILE",
        help="write one line per state (both sides' outputs), replayable with --before FILE",
    )
    p.add_argument(
        "--report",
        type=Path,
        metavar="FILE.html",
        help="write a self-contained HTML report with plots",
    )
    p.add_argument(
        "--v1v2-tolerance-mib",
        type=float,
        default=None,
        metavar="MIB",
        help="how far the v1 and v2 views of one ground truth may be apart (default: 64)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument(
        "--runtime",
        choices=("cpython", "pypy"),
        default=None,
        help="run the diff (its parent and its workers) under this Python: pypy is PyPy 3.11, "
        "found as $MEMSIM_PYPY, pypy3 on PATH or set up by scripts/pypy-setup; the output is "
        "the same, only `timing` differs (default: $MEMSIM_RUNTIME, else this interpreter)",
    )
    p.set_defaults(func=main)


def _corpus(values: list[str] | None) -> tuple[str, ...]:
    import fake_sysfs

    vals = values or ["builtin"]
    out: list[str] = []
    for v in vals:
        if v == "none":
            continue
        if v == "builtin":
            out += [f"builtin:{n}" for n in fake_sysfs.builtin_captures()]
        else:
            out.append(v)
    return tuple(out)


def main(args: argparse.Namespace) -> int:
    from rich.console import Console

    from sim import diff, report, sides, states

    err = Console(stderr=True)
    if args.list_scenarios:
        for name, desc in states.SCENARIOS.items():
            print(f"{name:24} {desc}")
        return 0
    try:
        before = sides.parse(args.before)
        after = sides.parse(args.after)
    except sides.SideError as e:
        err.print(f"memsim diff: {e}", markup=False, highlight=False)
        return 2
    if args.scenario:
        unknown = [s for s in args.scenario if s not in states.SCENARIOS]
        if unknown:
            err.print(
                f"memsim diff: unknown scenario {', '.join(unknown)}; known: {', '.join(states.SCENARIOS)}",
                markup=False,
            )
            return 2
    if args.jobs < 1 or args.states < 0:
        err.print("memsim diff: --jobs must be >= 1 and --states >= 0", markup=False)
        return 2
    kw: dict[str, Any] = {}
    if args.v1v2_tolerance_mib is not None:
        kw["v1v2_tolerance_mib"] = args.v1v2_tolerance_mib
    progress = None if args.no_progress or not sys.stderr.isatty() else _Progress(err)
    cfg = diff.DiffConfig(
        before=before,
        after=after,
        states=args.states,
        seed=args.seed,
        scenarios=tuple(args.scenario) if args.scenario else None,
        corpus=_corpus(args.corpus),
        hostile=not args.no_hostile,
        jobs=args.jobs,
        jsonl=args.jsonl,
        progress=progress,
        **kw,
    )
    try:
        outcome = diff.run(cfg)
    except (sides.SideError, OSError) as e:
        err.print(f"memsim diff: {e}", markup=False, highlight=False)
        return 2
    finally:
        if progress is not None:
            progress.close()
    summary = outcome.summary
    if args.json is not None:
        text = json.dumps(summary, indent=2) + "\n"
        if str(args.json) == "-":
            sys.stdout.write(text)
        else:
            args.json.write_text(text)
    if args.report is not None:
        report.write(outcome, args.report)
    if str(args.json) != "-":
        print_summary(summary, Console())
    return 0


class _Progress:
    """A rich progress bar, shown only once a run has lasted a couple of seconds."""

    def __init__(self, console: Any) -> None:
        self.console = console
        self.t0 = time.monotonic()
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if time.monotonic() - self.t0 < 2.0:
                return
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            self.bar = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                "states",
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("memsim diff", total=total)
        self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _mib(x: float | None) -> str:
    return "-" if x is None else f"{x:+.1f}" if x else "0"


def print_summary(s: dict[str, Any], console: Any) -> None:
    from rich.table import Table

    c = console
    c.print(
        f"[bold]memsim diff[/]  before [cyan]{s['before']['label']}[/]  ->  after [cyan]{s['after']['label']}[/]"
    )
    kinds = ", ".join(f"{n} {k}" for k, n in s["states_by_kind"].items())
    pct = 100.0 * s["states_changed"] / s["states_compared"] if s["states_compared"] else 0.0
    c.print(
        f"states compared: {s['states_compared']} ({kinds}); changed: {s['states_changed']} ({pct:.1f}%)"
    )
    d = s["delta_working_set_mib"]
    if d:
        c.print(
            f"node working set, after - before (MiB, {d['n']} states with both): "
            f"min {_mib(d['min'])}  median {_mib(d['median'])}  p99 {_mib(d['p99'])}  max {_mib(d['max'])}"
        )
        by_kind = s.get("delta_working_set_mib_by_kind") or {}
        if len(by_kind) > 1:
            for kind, k in by_kind.items():
                c.print(
                    f"  {kind:<9} ({k['n']}): min {_mib(k['min'])}  median {_mib(k['median'])}  "
                    f"p99 {_mib(k['p99'])}  max {_mib(k['max'])}"
                )
    if s["changed_fields"]:
        t = Table(title="changed fields (states)", title_justify="left")
        t.add_column("field")
        t.add_column("states", justify="right")
        items = list(s["changed_fields"].items())
        for k, n in items[:15]:
            t.add_row(k, str(n))
        if len(items) > 15:
            t.add_row(f"... {len(items) - 15} more (see --json)", "")
        c.print(t)
    for title, key in (("errors by class", "errors"), ("invariant violations", "invariants")):
        b, a = s[key]["before"], s[key]["after"]
        names = sorted(set(b) | set(a))
        if not names:
            c.print(f"{title}: none")
            continue
        t = Table(title=title, title_justify="left")
        t.add_column("class")
        t.add_column("before", justify="right")
        t.add_column("after", justify="right")
        for n in names:
            t.add_row(n, str(b.get(n, 0)), str(a.get(n, 0)))
        c.print(t)
    agree = s["invariants"]["v1_v2_agreement"]
    for side in ("before", "after"):
        v = agree[side]
        if v.get("pinned"):
            continue
        dist = v["abs_delta_working_set_mib"]
        if dist:
            c.print(
                f"v1 vs v2 of one ground truth, {side}: |delta| median {dist['median']:.1f} MiB, "
                f"p99 {dist['p99']:.1f}, max {dist['max']:.1f}; {v['over_tolerance']} of {v['pairs']} "
                f"pairs beyond {agree['tolerance_mib']:g} MiB"
            )
    if s["memsim_bug_count"]:
        c.print(f"[red]memsim bugs: {s['memsim_bug_count']}[/] (first: {s['memsim_bugs'][0]})")
    for t in s["telling_states"]:
        c.print(f"\n[bold]state {t['index']}[/]: {t['why']} - {t['description']}")
        ws = t["working_set_bytes"]
        c.print(f"  working set: {ws['before']} -> {ws['after']} bytes")
        dd = json.dumps(t["deepdiff"], indent=1)
        lines = dd.splitlines()
        c.print(
            "  " + "\n  ".join(lines[:25]) + ("\n  ..." if len(lines) > 25 else ""),
            markup=False,
            highlight=False,
        )
        for side, cmd in t["explain"].items():
            c.print(f"  {side}: {cmd}", markup=False, highlight=False)
    tm = s["timing"]
    c.print(
        f"\n{tm['seconds']} s, {tm['states_per_second']} states/s, --jobs {tm['jobs']} ({tm['machine']})"
    )
