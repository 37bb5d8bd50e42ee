"""`memsim capture`: a read-only capture of THIS machine in the recorded layout."""

from __future__ import annotations

import argparse
import json
import sys

from fake_sysfs import write_capture
from fake_sysfs.capture import capture_files
from fake_sysfs.live import capture_live

HELP = "capture this machine's /proc/meminfo and cgroup memory files (read-only) to disk"
EPILOG = """\
examples:
  memsim capture --out /tmp/node-now
  memsim capture --out /tmp/node-now.tar.gz --json

Reads /proc/{meminfo,vmstat,zoneinfo}, the statfs type of /sys/fs/cgroup, `uname -a` and the
memory cgroup files, and writes them in the layout of the recorded captures; it never writes
under /proc or /sys. Unreadable files are skipped and listed. Load it back with
fake_sysfs.load_capture(DIR).
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "capture",
        help=HELP,
        description=HELP + ".",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--out", required=True, help="directory to create, or a .tar.gz path")
    p.add_argument("--force", action="store_true", help="write into an existing directory")
    p.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        live = capture_live()
    except OSError as e:
        print(f"memsim capture: cannot read this machine's state: {e}", file=sys.stderr)
        return 1
    try:
        out = write_capture(live.tree, args.out, exist_ok=args.force)
    except (FileExistsError, ValueError) as e:
        print(f"memsim capture: {e}", file=sys.stderr)
        return 1
    t = live.tree
    summary = {
        "out": str(out),
        "fstype": t.fstype,
        "kernel": t.kernel,
        "when": t.when,
        "files": len(capture_files(t)),
        "skipped": live.skipped,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"wrote {summary['files']} files to {out} ({t.fstype}, kernel {t.kernel})")
        for s in live.skipped:
            print(f"  skipped {s}", file=sys.stderr)
    return 0
