"""`memsim oracle`: the runc ports against the real upstream Go code (sim.oracle)."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path
from typing import Any

from sim import usage

HELP = "compare the ports with the real upstream Go code on the same states"
EPILOG = """\
examples:
  memsim oracle                                  # 10,000 generated states + the recorded corpus
  memsim oracle --states 2000 --seed 7 --json out.json
  memsim oracle --corpus /tmp/captures --no-recorded --states 0
  memsim oracle --runc-src ~/src/runc            # a (patched) checkout against its port
  memsim oracle --runc-src ~/src/cgroups --port cgroups-0.0.5

  memsim oracle --layers quantity,kubectl-bin   # only the tail's Quantity and real kubectl
  memsim oracle --src ~/src/metrics-server      # a cAdvisor/kubelet/metrics-server checkout

Every state goes through the harness of each Go build (scripts/oracle-setup builds Debian's
runc 1.1.5, runc 1.1.15 and opencontainers/cgroups 0.0.5, compared with the ports
runc@v1.1.7, runc@v1.1.15 and cgroups@v0.0.5) and through that build's port; each case
where they differ (stats values or JSON text, error presence, text or class, a panic) is
listed with what replays it: the memsim oracle arguments, and the tree kept on disk with
the harness command line. Needs root (the harness mounts in a private mount namespace).

The tail layers (--layers; docs/oracle.md "The tail") run --states states each against
Debian's Go: apimachinery's Quantity (quantity), kubectl's top-node printer (kubectl) and
the real kubectl binary against a fake API server on 127.0.0.1 (kubectl-bin), for kubectl
1.32.3 and 1.36.4; prometheus-common's text writer (writer) and prometheus' text parser
(parser). They need no root.
Exit status: 0 no mismatch, 1 mismatches, 2 the oracle cannot run.
"""

LAYERS = ("runc", "quantity", "kubectl", "kubectl-bin", "writer", "parser")


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
        help="only these Debian builds (runc-1.1.5, runc-1.1.15, cgroups-0.0.5, kubectl-1.32.3, "
        "kubectl-1.36.4, expfmt-0.39.0, textparse-2.53.3)",
    )
    g.add_argument(
        "--layers",
        metavar="LIST",
        default=",".join(LAYERS),
        help=f"comma-separated layers to check (default all: {','.join(LAYERS)})",
    )
    g.add_argument(
        "--src",
        metavar="DIR",
        action="append",
        default=[],
        help="a cAdvisor, kubelet (kubernetes) or metrics-server checkout: build its own Go "
        "against our harness and compare it with its port (docs/oracle.md)",
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
    if args.port and not (args.runc_src or args.src):
        return _err("--port goes with --runc-src or --src (the Debian builds have fixed ports)")
    layers = [x.strip() for x in args.layers.split(",") if x.strip()]
    if bad := [x for x in layers if x not in LAYERS]:
        return _err(f"unknown layer {bad[0]!r} (layers: {', '.join(LAYERS)})")
    if args.src:
        from sim import oracle_src

        return oracle_src.main(args, err)
    if args.runc_src or args.pick or args.tree or args.corpus:
        layers = [x for x in layers if x == "runc"] or ["runc"]
    tail_layers = [x for x in layers if x != "runc"]
    if "runc" not in layers:
        return _run_tail(args, tail_layers, err, None)
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
                from sim import oracle_tail

                tail, _ = oracle_tail.load()
                labels = {b.label for b in builds} | {b.label for b in tail}
                unknown = set(args.only) - labels
                if unknown:
                    known = ", ".join(sorted(labels))
                    return _err(f"no build {', '.join(sorted(unknown))} (built: {known})")
                builds = [b for b in builds if b.label in args.only]
                if not builds:  # only tail builds named
                    return _run_tail(args, tail_layers, err, None)
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
    return _run_tail(args, tail_layers, err, report)


def _run_tail(args: argparse.Namespace, layers: list[str], err: Any, runc: Any) -> int:
    """The tail layers (sim.oracle_tail), then the report of both: table, JSON, status."""
    from sim import oracle_tail

    tail = None
    builds: list[Any] = []
    if layers and args.states > 0:
        builds, why = oracle_tail.load()
        if why:
            return _err(why)
        if args.only:
            builds = [b for b in builds if b.label in args.only]
    if layers and args.states > 0 and builds:
        err.print(
            f"memsim oracle: {args.states} states through each tail layer "
            f"({', '.join(layers)}) of {', '.join(b.label for b in builds)}"
        )
        try:
            tail = oracle_tail.run(builds, args.states, args.seed, layers=layers)
        except oracle_tail.TailError as e:
            return _err(str(e))
        except KeyboardInterrupt:
            return _err("interrupted")
        _print_tail(tail, args.show)
    if args.json:
        doc: dict[str, Any] = runc.to_json() if runc is not None else {"versions": {}}
        doc["layers"] = tail.to_json() if tail is not None else {}
        doc["tail_mismatches"] = [m.to_json() for m in tail.mismatches] if tail else []
        doc["tail_seconds"] = round(tail.seconds, 2) if tail else 0.0
        text = json.dumps(doc, indent=2) + "\n"
        if args.json == "-":
            sys.stdout.write(text)
        else:
            Path(args.json).write_text(text)
    bad = (runc is not None and bool(runc.mismatches)) or (
        tail is not None and any(v.mismatches for v in tail.layers.values())
    )
    return 1 if bad else 0


def _print_tail(tail: Any, show: int) -> None:
    from rich.console import Console
    from rich.table import Table

    out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 132)
    t = Table(title=f"the tail: {len(tail.layers)} layers in {tail.seconds:.1f} s")
    for col in ("layer", "Go", "port", "states", "comparisons", "mismatches"):
        t.add_column(
            col, justify="right" if col in ("states", "comparisons", "mismatches") else "left"
        )
    for label, v in tail.layers.items():
        j = v.to_json()
        t.add_row(
            label,
            j["go"],
            v.port,
            str(v.states),
            str(v.comparisons),
            f"[red]{v.mismatches}[/]" if v.mismatches else "0",
        )
    out.print(t)
    for m in tail.mismatches[:show]:
        out.print(f"\n[bold red]MISMATCH[/] {m.label} ({m.layer}) state {m.state}")
        for d in m.differences:
            out.print(f"  {d}")
        out.print(f"  Go:      {m.replay}")
    if not tail.mismatches:
        masked = sorted({x for v in tail.layers.values() for x in oracle_tail_masks(v)})
        out.print("no mismatch in the tail" + (f" (masked: {'; '.join(masked)})" if masked else ""))


def oracle_tail_masks(v: Any) -> list[str]:
    from sim import oracle_tail

    return list(oracle_tail.MASKS[v.layer])


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
