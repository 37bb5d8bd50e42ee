"""`memsim oracle`: the runc ports against the real upstream Go code (sim.oracle)."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path
from typing import Any

from sim import usage

HELP = "compare the runc/cgroups ports with the real upstream Go code on the same states"
EPILOG = """\
examples:
  memsim oracle                                  # 10,000 generated states + the recorded corpus
  memsim oracle --states 2000 --seed 7 --json out.json
  memsim oracle --corpus /tmp/captures --no-recorded --states 0
  memsim oracle --runc-src ~/src/runc            # a (patched) checkout against its port
  memsim oracle --runc-src ~/src/cgroups --port cgroups-0.0.5

Every state goes through the harness of each Go build (scripts/oracle-setup builds Debian's
runc 1.1.5, runc 1.1.15 and opencontainers/cgroups 0.0.5, compared with the ports
runc@v1.1.7, runc@v1.1.15 and cgroups@v0.0.5) and through that build's port; each case
where they differ (stats values or JSON text, error presence, text or class, a panic) is
listed with what replays it: the memsim oracle arguments, and the tree kept on disk with
the harness command line. Needs root (the harness mounts in a private mount namespace).
Exit status: 0 no mismatch, 1 mismatches, 2 the oracle cannot run.
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "oracle",
        help=HELP,
        description=HELP + ".",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    g = p.add_argument_group("Go side")
    g.add_argument(
        "--runc-src",
        metavar="DIR",
        action="append",
        default=[],
        help="build the harness against this runc or opencontainers/cgroups source tree "
        "and compare it instead of the Debian builds (repeatable)",
    )
    g.add_argument(
        "--port",
        metavar="NAME",
        help="the port to compare --runc-src with (default: detected from the tree), "
        "e.g. 1.1.9, runc@v1.2.0, cgroups-0.0.5",
    )
    g.add_argument("--go", metavar="GO", help="the go binary to build --runc-src with")
    g.add_argument(
        "--only",
        metavar="LABEL",
        action="append",
        default=[],
        help="only these Debian builds (runc-1.1.5, runc-1.1.15, cgroups-0.0.5)",
    )
    s = p.add_argument_group("states")
    s.add_argument(
        "--states",
        type=usage.integer(0),
        default=10_000,
        metavar="N",
        help="generated states (default 10000: sim.states' synthetic and hostile families, "
        "plus 1 in 20 with every cgroup; see docs/oracle.md)",
    )
    s.add_argument("--seed", type=usage.integer(), default=0, help="first world seed (default 0)")
    s.add_argument("--no-hostile", action="store_true", help="no hostile mutations")
    s.add_argument(
        "--pick",
        metavar="I",
        type=usage.integer(0),
        action="append",
        default=[],
        help="only state I of the --seed/--states run (a mismatch's replay uses it)",
    )
    s.add_argument(
        "--no-recorded", action="store_true", help="leave out the packaged recorded corpus"
    )
    s.add_argument(
        "--corpus",
        metavar="PATH",
        nargs="+",
        action="extend",
        default=[],
        help="captures to add to the packaged recorded corpus (directory, .tar.gz, builtin:NAME, "
        "or a directory of captures); --no-recorded leaves the packaged ones out",
    )
    s.add_argument(
        "--tree",
        metavar="DIR",
        action="append",
        default=[],
        help="a tree kept by an earlier run (read as it is: no file required but fstype)",
    )
    s.add_argument(
        "--cgroup",
        metavar="PATH",
        action="append",
        default=[],
        help="the cgroups to compare on --corpus/--tree states (default: the root and "
        "every cgroup of the memory hierarchy)",
    )
    o = p.add_argument_group("output")
    o.add_argument("--json", metavar="FILE", help="write the report as JSON (- for stdout)")
    o.add_argument(
        "--keep",
        metavar="DIR",
        default="oracle-mismatches",
        help="where the trees of mismatching states are kept (default ./oracle-mismatches)",
    )
    o.add_argument(
        "--show",
        type=usage.integer(0),
        default=20,
        metavar="N",
        help="mismatches printed (default 20)",
    )
    o.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    o.add_argument("--chunk", type=usage.integer(1), default=1000, help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def _err(msg: str) -> int:
    print(f"memsim oracle: {msg}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from sim import oracle

    err = Console(stderr=True, highlight=False)
    if args.states < 0:
        return _err("--states must be >= 0")
    if args.port and not args.runc_src:
        return _err("--port goes with --runc-src (the Debian builds have fixed ports)")
    if why := oracle.can_run():
        return _err(why)
    try:
        if args.runc_src:
            if args.only:
                return _err("--only selects Debian builds; drop it with --runc-src")
            builds = [
                oracle.build_source(
                    d, port=args.port, go=args.go, log=lambda m: err.print(f"[dim]{m}[/]")
                )
                for d in args.runc_src
            ]
        else:
            builds, why = oracle.load_builds()
            if why:
                return _err(why)
            if args.only:
                unknown = set(args.only) - {b.label for b in builds}
                if unknown:
                    known = ", ".join(b.label for b in builds)
                    return _err(f"no build {', '.join(sorted(unknown))} (built: {known})")
                builds = [b for b in builds if b.label in args.only]
        specs = oracle.planned(args.states, args.seed, hostile=not args.no_hostile, pick=args.pick)
        if not args.no_recorded:
            specs += oracle.recorded()
        specs += oracle.corpus(args.corpus, args.cgroup)
        specs += [oracle.StateSpec("tree", t, cgroups=tuple(args.cgroup)) for t in args.tree]
    except (oracle.OracleError, KeyError, ValueError, OSError) as e:
        return _err(str(e.args[0]) if isinstance(e, KeyError) else str(e))
    if not specs:
        return _err("no states (--states 0 with --no-recorded and no --corpus/--tree)")

    def replay_extra(b: oracle.Build) -> list[str]:
        if not args.runc_src:
            return []
        extra = ["--runc-src", b.source, "--port", b.port]
        return extra + (["--go", args.go] if args.go else [])

    desc = ", ".join(f"{b.label} ~ {b.port}" for b in builds)
    err.print(f"memsim oracle: {len(specs)} states through {desc}")
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=args.quiet,
        transient=True,
    ) as progress:
        task = progress.add_task("states", total=len(specs))

        def tick(done: int, total: int, what: str) -> None:
            progress.update(task, completed=done, description=what)

        try:
            report = oracle.compare(
                builds,
                specs,
                chunk=args.chunk,
                keep=args.keep,
                progress=tick,
                replay_extra=replay_extra if args.runc_src else None,
            )
        except oracle.OracleError as e:
            return _err(str(e))
        except KeyboardInterrupt:
            return _err("interrupted")

    _print_report(report, args.show)
    if args.json:
        text = json.dumps(report.to_json(), indent=2) + "\n"
        if args.json == "-":
            sys.stdout.write(text)
        else:
            Path(args.json).write_text(text)
    return 1 if report.mismatches else 0


def _print_report(report: Any, show: int) -> None:
    from rich.console import Console
    from rich.table import Table

    out = Console(highlight=False, soft_wrap=True)
    fam = ", ".join(f"{n} {k}" for k, n in sorted(report.families.items()))
    t = Table(title=f"{report.states} states ({fam}) in {report.seconds:.1f} s")
    for col in ("Go build", "Go", "port", "states", "cases", "mismatches"):
        t.add_column(col, justify="right" if col in ("states", "cases", "mismatches") else "left")
    for label, v in report.versions.items():
        t.add_row(
            label,
            v.build.go,
            v.build.port,
            str(v.states),
            str(v.cases),
            f"[red]{v.mismatches}[/]" if v.mismatches else "0",
        )
    out.print(t)
    if not report.mismatches:
        out.print("no mismatch: every case agrees with the Go code, byte for byte")
        return
    for m in report.mismatches[:show]:
        out.print()
        out.print(
            f"[bold red]MISMATCH[/] {m.label} vs {m.port}: {m.family} {m.state}, "
            f"cgroup {m.cgroup!r} ({', '.join(m.kinds)})"
        )
        for n in m.notes:
            out.print(f"  hostile: {n}")
        for kind, d in m.differences:
            out.print(f"  {kind}: {d}")
        out.print("  replay:  memsim oracle " + " ".join(shlex.quote(a) for a in m.replay))
        if m.explain:
            out.print("  explain: memsim explain " + " ".join(shlex.quote(a) for a in m.explain))
        if m.tree:
            out.print(f"  tree:    {m.tree}")
            if m.tree_replay != m.replay:
                out.print(
                    "           memsim oracle " + " ".join(shlex.quote(a) for a in m.tree_replay)
                )
            out.print(f"  Go:      {m.go_command}")
    if len(report.mismatches) > show:
        out.print(f"\n… and {len(report.mismatches) - show} more (--show N, or --json FILE)")
