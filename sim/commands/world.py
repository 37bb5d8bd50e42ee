"""`memsim world`: render a synthetic world (one seeded ground truth) to disk as a capture."""

from __future__ import annotations

import argparse
import json

from fake_sysfs import CGROUP_MODES, KNOWN, random_world, render, write_capture
from fake_sysfs.capture import capture_files
from sim import usage

HELP = "render a seeded synthetic world to disk in the recorded capture layout"
EPILOG = """\
examples:
  memsim world --seed 7 --profile 6.1 --view v2 --out /tmp/w7-v2
  memsim world --seed 7 --profile 6.1 --view v1 --out /tmp/w7-v1.tar.gz --json

The same --seed and --profile give the same machine state; --view picks how it is shown
(v1: cgroup v1 only, hybrid: v1 plus cgroup2 at /sys/fs/cgroup/unified, v2: unified).
Load the result back with fake_sysfs.load_capture(DIR).
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "world",
        help=HELP,
        description=HELP + ".",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--seed", type=usage.integer(), required=True, help="the world's seed (an integer)"
    )
    p.add_argument(
        "--profile",
        choices=list(KNOWN),
        help="kernel profile (default: drawn from the seed)",
    )
    p.add_argument(
        "--view",
        choices=CGROUP_MODES,
        help="cgroup layout to render (default: the world's own mode, drawn from the seed)",
    )
    p.add_argument(
        "--scope",
        choices=("all", "node"),
        default="all",
        help="all cgroups, or only /proc/meminfo and the root cgroup (default: all)",
    )
    p.add_argument("--out", required=True, help="directory to create, or a .tar.gz path")
    p.add_argument("--force", action="store_true", help="write into an existing directory")
    p.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    w = random_world(args.seed, profile=args.profile)
    view = args.view or w.mode
    tree = render(w, view, scope=args.scope)
    try:
        out = write_capture(tree, args.out, exist_ok=args.force)
    except ValueError as e:  # FileExistsError is an OSError
        raise usage.BadInput("--out", str(e)) from None
    except OSError as e:
        raise usage.BadInput("--out", f"{args.out}: {e.strerror or e}") from None
    a = w.accounting
    summary = {
        "seed": args.seed,
        "profile": w.profile.name,
        "kernel": tree.kernel,
        "view": view,
        "fstype": tree.fstype,
        "scope": args.scope,
        "out": str(out),
        "files": len(capture_files(tree)),
        "truth": a.truth(),
        "rebuild": repr(w),
    }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(
            f"wrote {summary['files']} files to {out} "
            f"(seed {args.seed}, kernel profile {w.profile.name}, view {view}, {tree.fstype})"
        )
    return 0
