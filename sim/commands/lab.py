"""`memsim lab`: real Debian kernels under QEMU, one workload seen through cgroup v1 and v2."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

HELP = "boot real Debian kernels under QEMU and record v1/v2 pairs of one workload (docs/lab.md)"
EPILOG = """\
examples:
  memsim lab kernels                       # the catalogue: Debian package, modes, MGLRU
  memsim lab run 6.1 mix --compare         # one pair (v1 + v2 boot), checked against the corpus
  memsim lab run 7.2 swap --mode v2 --out /tmp/lab
  memsim lab matrix --out DIR              # the whole corpus (about 40 min of boots)
  memsim lab check                         # the model against every shipped capture
  memsim lab table --check docs/lab.md     # is docs/lab.md's measured table current?

The lab fetches kernels with apt through a private state under its cache ($MEMSIM_LAB_CACHE,
default .cache/lab in the checkout; never the system's apt state), needs root for nothing but
installing QEMU, busybox-static, gcc and e2fsprogs (scripts/lab-setup), and boots one guest at
a time under TCG, niced. Each boot writes four captures (baseline, loaded, exited, removed) as
<kernel>/<workload>/<moment>-<mode>.tar.gz, each with a manifest.json naming the kernel package
and version, the command line, the mode, the workload and the moment; the v1 and the v2
capture of one kernel, workload and moment are one ground truth (`memsim diff` pairs them).
Exit status: 0 done (run --compare: reproduced; check: every number within its tolerance),
1 a difference, 2 the lab cannot run (the message says what is missing).
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "lab",
        help=HELP,
        description=HELP + ".",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--cache", type=Path, help="the lab cache (default: $MEMSIM_LAB_CACHE or .cache/lab)"
    )
    s = p.add_subparsers(dest="lab_command", metavar="ACTION")

    k = s.add_parser("kernels", help="the kernels, their Debian packages and cgroup modes")
    k.add_argument("names", nargs="*", metavar="KERNEL", help="only these (default: all)")
    k.add_argument(
        "--fetch",
        action="store_true",
        help="fetch the packages of the kernels named (default: the Debian binary ones; "
        "6.12-memcgv1 is built, about 15 minutes, only when named)",
    )
    k.add_argument("--json", action="store_true", help="as JSON")
    k.set_defaults(func=_kernels)

    w = s.add_parser("workloads", help="the declared workloads and the moments captured")
    w.add_argument("--json", action="store_true", help="as JSON")
    w.set_defaults(func=_workloads)

    r = s.add_parser("run", help="boot one kernel with one workload, in v1 and/or v2")
    r.add_argument("kernel", help="6.1, 6.12, 6.12-memcgv1 or 7.2 (memsim lab kernels)")
    r.add_argument("workload", help="a workload name (memsim lab workloads)")
    r.add_argument(
        "--mode",
        choices=("v1", "v2", "both"),
        default="both",
        help="cgroup version(s) to boot in (default both; v1 on a kernel without the v1 memory "
        "controller records a v1 node without memory cgroups, 'v1nomem')",
    )
    r.add_argument(
        "--out", type=Path, help="where the captures go (default: a new directory under the cache)"
    )
    r.add_argument("--seed", type=int, help="the workload's seed (default: its declared one)")
    r.add_argument("--force", action="store_true", help="boot even if the captures are there")
    r.add_argument(
        "--accel", choices=("tcg", "kvm"), default="tcg", help="QEMU accelerator (default tcg)"
    )
    r.add_argument(
        "--compare",
        action="store_true",
        help="compare the node working set of every new capture with the shipped corpus's",
    )
    r.set_defaults(func=_run)

    m = s.add_parser("matrix", help="boot the whole matrix (or --small: 6.1 x mix x v1, v2)")
    m.add_argument("--out", type=Path, required=True, help="where the captures go")
    m.add_argument(
        "--small",
        action="store_true",
        help="only the CI part: one kernel, one workload, both modes",
    )
    m.add_argument("--kernel", action="append", help="only these kernels (repeatable)")
    m.add_argument("--workload", action="append", help="only these workloads (repeatable)")
    m.add_argument("--force", action="store_true", help="boot cells whose captures are there")
    m.add_argument("--accel", choices=("tcg", "kvm"), default="tcg")
    m.set_defaults(func=_matrix)

    ls = s.add_parser("list", help="the captures and their v1/v2 pairs")
    ls.add_argument(
        "--corpus", type=Path, help="a directory `memsim lab` wrote (default: the shipped corpus)"
    )
    ls.set_defaults(func=_list)

    c = s.add_parser("check", help="the model against the captures: fit, render, compare")
    c.add_argument(
        "--corpus", type=Path, help="a directory `memsim lab` wrote (default: the shipped corpus)"
    )
    c.add_argument("--json", type=Path, metavar="FILE", help="every row as JSON ('-' for stdout)")
    c.add_argument(
        "--verbose", "-v", action="store_true", help="print every row over its tolerance"
    )
    c.set_defaults(func=_check)

    t = s.add_parser("table", help="the measured tables of docs/lab.md, from the captures")
    t.add_argument(
        "--corpus", type=Path, help="a directory `memsim lab` wrote (default: the shipped corpus)"
    )
    g = t.add_mutually_exclusive_group()
    g.add_argument(
        "--write", type=Path, metavar="DOC", help="replace the generated sections of DOC"
    )
    g.add_argument(
        "--check", type=Path, metavar="DOC", help="exit 1 if DOC's generated sections are stale"
    )
    t.set_defaults(func=_table)
    p.set_defaults(func=lambda _a: _usage(p))


def _usage(p: argparse.ArgumentParser) -> int:
    p.print_help()
    return 2


def _cache(args: argparse.Namespace) -> Path:
    from fake_sysfs.lab.matrix import default_cache

    return (args.cache or default_cache()).resolve()


def _fail(msg: str) -> int:
    print(f"memsim lab: {msg}", file=sys.stderr)
    return 2


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _errors() -> tuple[type[BaseException], ...]:
    from fake_sysfs.lab.apt import AptError
    from fake_sysfs.lab.boot import BootError
    from fake_sysfs.lab.guest import GuestError
    from fake_sysfs.lab.kernels import KernelError

    return (AptError, BootError, GuestError, KernelError, FileNotFoundError)


def _kernels(args: argparse.Namespace) -> int:
    from fake_sysfs.lab.kernels import SPECS, kernel

    unknown = [n for n in args.names if n not in SPECS]
    if unknown:
        return _fail(f"unknown lab kernel {unknown[0]!r} (known: {', '.join(SPECS)})")
    rows: list[dict[str, Any]] = []
    for name, spec in SPECS.items():
        if args.names and name not in args.names:
            continue
        row: dict[str, Any] = {"name": name, "suite": spec.suite, "about": spec.note}
        fetch = args.fetch and (name in args.names or not spec.source_build)
        try:
            if fetch or _fetched(_cache(args), name):
                k = kernel(name, _cache(args), log=_log)
                row |= {
                    "release": k.release,
                    "packages": [f"{p} {v}" for p, v in k.packages],
                    "modes": list(k.modes),
                    "mglru_default": k.mglru_default,
                }
        except _errors() as e:
            row["error"] = str(e)
        rows.append(row)
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    for r in rows:
        modes = "/".join(r.get("modes", [])) or "(not fetched: memsim lab kernels --fetch)"
        print(f"{r['name']:<13} {r['suite']:<9} {modes:<7} {r.get('release', '')}")
        for pk in r.get("packages", []):
            print(f"{'':<13} {pk}")
        print(
            f"{'':<13} {r['about']}"
            + (
                f"; MGLRU {'on' if r.get('mglru_default') else 'off'} by default"
                if "modes" in r
                else ""
            )
        )
        if "error" in r:
            print(f"{'':<13} error: {r['error']}")
    return 0


def _fetched(cache: Path, name: str) -> bool:
    from fake_sysfs.lab.kernels import SPECS

    if SPECS[name].source_build:
        return (cache / "build" / name / "bzImage").is_file()
    return any((cache / "debs" / name).glob("linux-*.deb"))


def _workloads(args: argparse.Namespace) -> int:
    from fake_sysfs.lab.workloads import MOMENT_ABOUT, WORKLOADS

    if args.json:
        print(
            json.dumps(
                {
                    "workloads": {
                        n: {**w.declared(), "about": w.about} for n, w in WORKLOADS.items()
                    },
                    "moments": MOMENT_ABOUT,
                },
                indent=1,
            )
        )
        return 0
    for n, w in WORKLOADS.items():
        print(f"{n:<10} {w.about}")
        print(f"{'':<10} kl.* {' '.join(w.cmdline('v2')[1:])}")
    print("moments:")
    for m, about in MOMENT_ABOUT.items():
        print(f"  {m:<9} {about}")
    return 0


def _run(args: argparse.Namespace) -> int:
    from fake_sysfs.lab.matrix import Cell, run
    from fake_sysfs.lab.workloads import WORKLOADS

    if args.workload not in WORKLOADS:
        return _fail(f"unknown workload {args.workload!r} (known: {', '.join(WORKLOADS)})")
    cache = _cache(args)
    out = (args.out or Path(tempfile.mkdtemp(prefix="run-", dir=_mk(cache / "runs")))).resolve()
    modes = ("v1", "v2") if args.mode == "both" else (args.mode,)
    try:
        run(
            [Cell(args.kernel, args.workload, m) for m in modes],
            cache,
            out,
            force=args.force,
            seed=args.seed,
            accel=args.accel,
            log=_log,
        )
    except _errors() as e:
        return _fail(str(e))
    print(f"captures in {out}/{args.kernel}/{args.workload}/")
    if not args.compare:
        return 0
    return _compare(out)


def _mk(p: Path) -> Path:
    p.mkdir(parents=True, exist_ok=True)
    return p


def _compare(out: Path) -> int:
    from sim import lab

    rows = lab.reproduce(lab.captures(out))
    mib = lab.MiB
    print(
        f"{'capture':<34} {'stack':<11} {'shipped MiB':>12} {'fresh MiB':>10} {'delta':>8} {'within':>7}"
    )
    for r in rows:
        f = lambda b: "—" if b is None else f"{b / mib:.1f}"  # noqa: E731
        d = "—" if r.delta is None else f"{r.delta / mib:+.2f}"
        print(
            f"{r.name:<34} {r.stack:<11} {f(r.shipped):>12} {f(r.fresh):>10} {d:>8} "
            f"{r.tolerance / mib:>6.0f}M{'' if r.ok else '  !'}"
        )
    bad = [r for r in rows if not r.ok]
    if bad:
        print(
            f"{len(bad)} of {len(rows)} working sets differ from the shipped corpus by more than "
            "their tolerance (or have no shipped capture); tolerances: fake_sysfs.lab.fit.PAIR_TOLERANCES"
        )
        return 1
    print(f"reproduced: {len(rows)} working sets within their tolerance of the shipped corpus")
    return 0


def _matrix(args: argparse.Namespace) -> int:
    from fake_sysfs.lab.matrix import SMALL, Cell, cells, run

    cache = _cache(args)
    try:
        if args.small:
            todo = [Cell(k, w, m) for k, w in SMALL for m in ("v1", "v2")]
        else:
            todo = cells(args.kernel, args.workload, cache=cache, log=_log)
        _log(f"{len(todo)} boots")
        done = run(todo, cache, args.out.resolve(), force=args.force, accel=args.accel, log=_log)
    except (ValueError, *_errors()) as e:  # type: ignore[misc]
        return _fail(str(e))
    _log(f"{len(done)} booted, {len(todo) - len(done)} already there; captures in {args.out}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from sim import lab

    caps = lab.captures(args.corpus)
    pairs: dict[str, list[str]] = {}
    for c in caps:
        pairs.setdefault(f"{c.kernel}/{c.workload}/{c.moment}", []).append(c.mode)
    for c in caps:
        print(c.source)
    both = sum(1 for v in pairs.values() if "v1" in v and "v2" in v)
    print(f"{len(caps)} captures, {both} v1/v2 pairs", file=sys.stderr)
    return 0


def _check(args: argparse.Namespace) -> int:
    from fake_sysfs.lab.fit import TOLERANCES
    from sim import lab

    checks = lab.model_checks(lab.captures(args.corpus))
    print(lab.markdown_model(checks), end="")
    bad = [(c, r) for c, ch in checks for r in ch.failures()]
    if args.verbose:
        for c, r in bad:
            print(f"{c.source}: {r.file} {r.key}: kernel {r.kernel} model {r.model} ({r.cls})")
    if args.json:
        doc = {
            "tolerances": {k: {"bytes": v, "why": why} for k, (v, why) in TOLERANCES.items()},
            "captures": [
                {
                    "source": c.source,
                    "worst": ch.worst(),
                    "notes": ch.fit.notes,
                    "failures": [r.__dict__ for r in ch.failures()],
                }
                for c, ch in checks
            ],
        }
        text = json.dumps(doc, indent=1)
        if str(args.json) == "-":
            print(text)
        else:
            args.json.write_text(text + "\n")
    print(f"{len(checks)} captures, {len(bad)} numbers over their tolerance")
    return 1 if bad else 0


def _table(args: argparse.Namespace) -> int:
    from sim import lab

    secs = lab.sections(lab.captures(args.corpus))
    if args.write is None and args.check is None:
        for name, body in secs.items():
            print(f"## {name}\n\n{body}")
        return 0
    doc = args.write or args.check
    try:
        text = doc.read_text()
        new = lab.fill(text, secs)
    except (OSError, ValueError) as e:
        return _fail(str(e))
    if args.write is not None:
        doc.write_text(new)
        print(f"wrote {doc}")
        return 0
    if new != text:
        print(
            f"{doc}: the generated tables are stale: memsim lab table --write {doc}",
            file=sys.stderr,
        )
        return 1
    print(f"{doc}: the generated tables match the captures")
    return 0
