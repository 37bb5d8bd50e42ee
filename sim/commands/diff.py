"""`memsim diff`: what a change to the accounting does to the numbers, over thousands of states."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from sim import kubeletflags, usage

DEFAULT_STATES = 10_000
# the flags that choose the states: a saved run (--before/--after run.jsonl) replays its own
STATE_FLAGS = ("states", "seed", "scenario", "corpus", "no_hostile")

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
(the built-in corpora: the recorded 6.18 machines and the kernel lab's v1/v2 pairs of real
Debian kernels, each pair one ground truth, docs/lab.md; or what --corpus names in their
place). Every state is reproducible from (--seed, index); the summary prints the `memsim
explain` command that replays each state it shows.
"""

EPILOG = """\
examples:
  memsim diff                                            # k8s-1.28.3 -> k8s-1.29.0, 10,000 states + corpus
  memsim diff --before k8s-1.28.3@v1 --after k8s-1.28.3@v2 --states 2000
  memsim diff --after docs/patches/runc_pr3933.py --json summary.json
  memsim diff --before k8s-1.28.3,runc=1.1.15 --after k8s-1.28.3,runc=go:~/src/runc
  memsim diff --after k8s-1.29.0 --jsonl golden.jsonl    # record once ...
  memsim diff --before golden.jsonl --after k8s-1.29.0   # ... re-check after every change
  memsim diff --after my_patch.py --fail-on-change       # CI: fail if a node number moves

output: first the per-view table (synthetic and recorded states in each cgroup view, hostile
states apart): how many states changed kubectl's MEMORY, how the node working set moved
(after - before, over the states where both sides showed one), how many nodes lost or regained
their `kubectl top node` row. Then the same by scenario family and kernel profile for the views
that moved, example states with the command that replays each, the v1/v2 agreement of each
side, and the field, error and invariant tables. A node-visible number is the kubelet's working
set, usage or available bytes, the eviction manager's memory.available, or the kubectl row
(MEMORY, MEMORY%); fields that reach none of them count in the field table only. --json has all
of it (by_view, by_family, by_profile). The family table lists the 11 families that moved most;
one line names the others (--verbose lists them all).

eviction: the "Hard eviction" line counts the states whose after side newly meets the hard
memory.available threshold, and those that no longer meet it (where both sides observed
memory.available), by view (--json: eviction, and
eviction_newly_met / eviction_no_longer_met in every row); the first newly evicting state is an
example. memory.available is the Summary's availableBytes (capacity availableBytes +
workingSetBytes), as pkg/kubelet/eviction computes it. The kubelet flags, in the kubelet's own
syntax, set the threshold and the allocatable memory of both sides (a saved side replays what it
recorded):
  --eviction-hard 'memory.available<500Mi'   or '<5%' (memory.available<5%); replaces the
                                             default memory.available<100Mi,nodefs.available<10%,...
  --system-reserved memory=1Gi  --kube-reserved memory=500Mi   (a bare 1Gi means memory=1Gi)
--fail-on-change does not count crossings apart: a crossing changes memory.available.

exit codes:
  0  the diff ran (with --fail-on-change: and no node-visible number changed)
  1  --fail-on-change and a node-visible number changed in at least one state
  2  bad input: a side, a flag, a file (the message names it)
  3  a patch raised inside the code it patches (the message names the patch, the function
     and the state)
  4  memsim itself failed on a state (a memsim bug): the summary is printed, and the states
     are listed under "memsim bugs" with their seed
"""


# the most scenario families the first screen lists for a view (the others: one line each for
# those that moved and those that did not; --verbose and --json list them all)
FAMILY_ROWS = 11


def _cores() -> int:
    return usage.usable_cores()


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
        type=usage.integer(0),
        default=None,
        metavar="N",
        help=f"synthetic states (default: {DEFAULT_STATES})",
    )
    p.add_argument(
        "--seed",
        type=usage.integer(),
        default=None,
        metavar="S",
        help="seed of the state plan (default: 0)",
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
        "--no-hostile",
        action="store_true",
        default=None,
        help="leave out the hostile (malformed-file) states",
    )
    p.add_argument(
        "--corpus",
        action="append",
        metavar="PATH",
        help="the recorded captures to run; replaces the built-in corpus: a directory, a "
        ".tar.gz, builtin:NAME or builtin:lab/PREFIX (repeatable); add 'builtin' (the recorded "
        "6.18 captures) or 'lab' (the kernel lab's v1/v2 pairs, docs/lab.md) to keep the "
        "bundled captures too, 'none' for no captures (default: builtin and lab)",
    )
    p.add_argument(
        "--jobs",
        "-j",
        type=usage.jobs,
        default=_cores(),
        metavar="J",
        help="worker processes (default: the cores this process may use, %(default)s here); "
        "the summary is the same whatever J is, only `timing` differs",
    )
    p.add_argument(
        "--json",
        type=usage.output_file,
        metavar="FILE",
        help="write the summary as JSON ('-' for stdout)",
    )
    p.add_argument(
        "--jsonl",
        type=usage.output_file,
        metavar="FILE",
        help="write one line per state (both sides' outputs), replayable with --before FILE",
    )
    p.add_argument(
        "--report",
        type=usage.output_file,
        metavar="FILE.html",
        help="write a self-contained HTML report with plots",
    )
    p.add_argument(
        "--v1v2-tolerance-mib",
        type=usage.finite(0.0),
        default=None,
        metavar="MIB",
        help="how far the v1 and v2 views of one ground truth may be apart (default: 64)",
    )
    p.add_argument(
        "--fail-on-change",
        action="store_true",
        help="exit 1 when a node-visible number changed in any state (see exit codes below)",
    )
    p.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="print each example state's deepdiff and every changed field",
    )
    kubeletflags.add_arguments(p)
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

    vals = values or ["builtin", "lab"]
    out: list[str] = []
    for v in vals:
        if v == "none":
            continue
        if v == "builtin":
            out += [f"builtin:{n}" for n in fake_sysfs.builtin_captures()]
        elif v == "lab":
            out += [f"builtin:{n}" for n in fake_sysfs.lab_captures()]
        else:
            out.append(v)
    return tuple(out)


def main(args: argparse.Namespace) -> int:
    from rich.console import Console

    from fake_sysfs.capture import CaptureError
    from sim import diff, report, sides, states

    err = Console(stderr=True)
    if args.list_scenarios:
        for name, desc in states.SCENARIOS.items():
            print(f"{name:24} {desc}")
        return 0
    try:
        before = sides.parse(args.before)
    except sides.SideError as e:
        raise usage.BadInput("--before", str(e)) from None
    try:
        after = sides.parse(args.after)
    except sides.SideError as e:
        raise usage.BadInput("--after", str(e)) from None
    saved = [(f, x) for f, x in (("--before", before), ("--after", after)) if x.kind == "saved"]
    if saved:
        given = [f for f in STATE_FLAGS if getattr(args, f) is not None]
        if given:
            flag = "--" + given[0].replace("_", "-")
            raise usage.BadInput(
                flag,
                f"{saved[0][0]} {saved[0][1].spec} is a saved run: it replays the states it "
                f"recorded, so {flag} would be ignored; drop it",
            )
    if args.scenario:
        unknown = [s for s in args.scenario if s not in states.SCENARIOS]
        if unknown:
            raise usage.BadInput(
                "--scenario",
                f"unknown scenario {', '.join(unknown)}; known: {', '.join(states.SCENARIOS)}",
            )
    if args.states is None:
        args.states = DEFAULT_STATES
    if args.seed is None:
        args.seed = 0
    outputs: dict[str, str] = {}
    for flag in ("--json", "--jsonl", "--report"):
        path = getattr(args, flag[2:])
        if path is not None and str(path) != "-":
            if str(path) in outputs:
                raise usage.BadInput(flag, f"{path} is also {outputs[str(path)]}'s file")
            outputs[str(path)] = flag
    kw: dict[str, Any] = {}
    if args.v1v2_tolerance_mib is not None:
        kw["v1v2_tolerance_mib"] = args.v1v2_tolerance_mib
    kubelet = kubeletflags.config(args)  # usage.BadInput naming the flag
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
        kubelet=kubelet,
        **kw,
    )
    try:
        outcome = diff.run(cfg)
    except CaptureError as e:
        raise usage.BadInput("--corpus", str(e)) from None
    except OSError as e:  # a file that went away or cannot be written after the checks
        raise usage.BadInput(str(e.filename or ""), e.strerror or str(e)) from None
    finally:
        if progress is not None:
            progress.close()
    summary = outcome.summary
    if args.json is not None:
        text = usage.dumps(summary) + "\n"
        if str(args.json) == "-":
            sys.stdout.write(text)
        else:
            args.json.write_text(text)
    if str(args.json) != "-":
        print_summary(summary, Console(), verbose=args.verbose)
    if args.report is not None:
        report.write(outcome, args.report)
        err.print(f"report: {args.report.resolve()}", markup=False, highlight=False)
    if args.fail_on_change and summary["node_changed"]:
        err.print(
            f"memsim diff: --fail-on-change: a node-visible number changed in "
            f"{summary['node_changed']:,} states",
            markup=False,
            highlight=False,
        )
        return 1
    if summary["memsim_bug_count"]:
        err.print(
            f"memsim diff: memsim failed on {summary['memsim_bug_count']:,} states "
            "(a memsim bug: see 'memsim bugs' above; MEMSIM_TRACEBACK=1 for tracebacks)",
            markup=False,
            highlight=False,
        )
        return usage.EXIT_BUG
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


WS_KEY, AVAIL_KEY = "delta_working_set_mib", "delta_available_mib"
WS_TITLE = "Node working set, after - before, over states with a number on both sides"
AVAIL_TITLE = "Node availableBytes (memory.available), after - before"


def _rows_table(
    title: str, first: str, rows: list[tuple[str, dict[str, Any]]], key: str = WS_KEY
) -> Any:
    from rich import box
    from rich.table import Table

    from sim import fmt

    t = Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=0,
    )
    # a long name (a recorded kernel's release) folds onto a second line rather than squeeze
    # the numbers into ellipses
    # (never below its longest name up to 16: the numbers give way first)
    width = min(max([len(first), *(len(name) for name, _ in rows)]), 16)
    t.add_column(first, overflow="fold", min_width=width)
    for head in fmt.ROW_HEADINGS:
        t.add_column(head, justify="right", no_wrap=True)
    for name, row in rows:
        t.add_row(name, *fmt.row_cells(row, key))
    return t


def _followed(s: dict[str, Any], views: list[tuple[str, dict[str, Any]]]) -> tuple[str, int]:
    """The delta the tables follow, and in how many states availableBytes moved apart from
    the working set. The working set, unless it changed in no state while availableBytes did
    (a change to the Summary's arithmetic, such as a hugepage-aware availableBytes)."""
    apart = sum(r.get("available_apart", 0) for _, r in views)
    if apart and not s["node_changed_by_field"].get("working_set"):
        return AVAIL_KEY, apart
    return WS_KEY, apart


def print_summary(s: dict[str, Any], console: Any, verbose: bool = False) -> None:
    """The summary as a reviewer reads it: the first screen (80x50) is the per-view table, then
    the same by scenario family and kernel profile for the views that moved; examples, the
    v1/v2 agreement and the field, error and invariant tables follow."""
    from rich.table import Table

    from sim import fmt

    c = console

    def out(text: str = "", wrap: bool = True) -> None:
        c.print(text, markup=False, highlight=False, soft_wrap=not wrap)

    n = s["states_compared"]
    kinds = ", ".join(f"{fmt.count(v)} {k}" for k, v in s["states_by_kind"].items())
    out(f"memsim diff  {s['before']['label']} -> {s['after']['label']}  (seed {s['seed']})")
    out(f"{fmt.count(n)} states: {kinds}")
    pct = 100.0 * s["node_changed"] / n if n else 0.0
    fields = ", ".join(
        f"{fmt.node_label(k)} {fmt.count(v)}" for k, v in s["node_changed_by_field"].items()
    )
    out(
        f"A node-visible number changed in {fmt.count(s['node_changed'])} states ({pct:.1f}%): "
        f"{fields}."
    )
    views = [(v, r) for v, r in s["by_view"].items() if r["states"]]
    if "eviction" in s:
        out(fmt.eviction_line(s["eviction"], views))
    out()
    delta, apart = _followed(s, views)
    if delta == AVAIL_KEY:
        out(
            "The working set moved in no state; availableBytes moved in "
            f"{fmt.count(apart)} of the states with both numbers."
        )
    c.print(_rows_table(WS_TITLE if delta == WS_KEY else AVAIL_TITLE, "view", views, delta))
    for v, r in views:
        notes = [
            fmt.left_out(r),
            *(
                f"{what} {fmt.classes(r[key])}"
                for what, key in (
                    ("new failures:", "new_failures_by_class"),
                    ("recovered:", "recovered_by_class"),
                )
                if r[key]
            ),
        ]
        if any(notes):
            out(f"  {v}: " + "; ".join(x for x in notes if x))
    if delta == WS_KEY and apart:
        # both moved, and availableBytes not only as minus the working set: its own table
        out()
        out(f"availableBytes moved apart from the working set in {fmt.count(apart)} states.")
        c.print(_rows_table(AVAIL_TITLE, "view", views, AVAIL_KEY))
    moved = [v for v, r in views if v != "hostile" and fmt.moved(r)]
    for key, what in (("by_family", "scenario family"), ("by_profile", "kernel profile")):
        for v in moved:
            rows = list(s[key].get(v, {}).items())
            if len(rows) > 1:
                folded: list[str] = []
                if key == "by_family" and not verbose:
                    rows, folded = fmt.fold_families(rows, FAMILY_ROWS)
                out()
                c.print(_rows_table(f"{v} by {what}", what.split()[-1], rows, delta))
                for line in folded:
                    out(line)
                note = fmt.no_numbers(rows)
                if note:
                    out(f"  {note}")
    agree = s["invariants"]["v1_v2_agreement"]
    for side in ("before", "after"):
        v = agree[side]
        if v.get("pinned"):
            continue
        out()
        out(fmt.parity_line(side, s[side]["label"], v, agree["tolerance_mib"]))
    if s["examples"]:
        out()
        c.print("[bold]Example states[/] (each replays with its memsim explain command)")
        for e in s["examples"]:
            out(fmt.example_line(e))
            for line in _explain_lines(e["explain"]):
                out(f"  {line}", wrap=False)  # one line, to copy
            if verbose:
                dd = json.dumps(e["deepdiff"], indent=1).splitlines()
                out("  " + "\n  ".join(dd))
    if s["changed_fields"]:
        out()
        t = Table(title="Changed fields (states)", title_justify="left", title_style="bold")
        t.add_column("field")
        t.add_column("states", justify="right")
        items = list(s["changed_fields"].items())
        limit = len(items) if verbose else 12
        for k, cnt in items[:limit]:
            t.add_row(k, fmt.count(cnt))
        if len(items) > limit:
            t.add_row(f"... {len(items) - limit} more (--verbose, --json)", "")
        c.print(t)
    for title, key in (("Errors by class", "errors"), ("Invariant violations", "invariants")):
        b, a = s[key]["before"], s[key]["after"]
        names = sorted(set(b) | set(a))
        if not names:
            out(f"{title}: none")
            continue
        t = Table(title=f"{title} (states)", title_justify="left", title_style="bold")
        t.add_column("class")
        t.add_column("before", justify="right")
        t.add_column("after", justify="right")
        for name in names:
            t.add_row(name, fmt.count(b.get(name, 0)), fmt.count(a.get(name, 0)))
        c.print(t)
    if s["memsim_bug_count"]:
        first = s["memsim_bugs"][0]
        out(
            f"memsim bugs: {s['memsim_bug_count']} (first: state {first['index']}: {first['error']})"
        )
    tm = s["timing"]
    out(
        f"\n{tm['seconds']} s, {tm['states_per_second']} states/s, --jobs {tm['jobs']} ({tm['machine']})"
    )


def _explain_lines(ex: dict[str, str]) -> list[str]:
    """The explain commands of an example: the after side's, with the before side's stack as a
    shell comment when that is all that differs (else both commands)."""
    if "after" not in ex or "before" not in ex:
        return list(ex.values())
    wa, wb = ex["before"].split(), ex["after"].split()
    i = wb.index("--stack") if "--stack" in wb else -1
    if i >= 0 and len(wa) == len(wb) and wa[:i] + wa[i + 2 :] == wb[:i] + wb[i + 2 :]:
        return [f"{ex['after']}  # before: --stack {wa[i + 1]}"]
    return [ex["after"], ex["before"]]
