"""`memsim capture`: a read-only capture of THIS machine in the recorded layout."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

from fake_sysfs import write_capture
from fake_sysfs.capture import capture_files, refuse_kernel_dirs
from fake_sysfs.live import MANIFEST, capture_live
from sim import usage

HELP = "capture this machine's /proc/meminfo and cgroup memory files (read-only) to disk"
EPILOG = """\
examples:
  memsim capture /tmp/node-now
  memsim capture /tmp/node-now.tar.gz --json
  memsim explain --stack k8s-1.28.3 --capture /tmp/node-now.tar.gz
  memsim inspect --capture /tmp/node-now.tar.gz

Reads /proc/{meminfo,vmstat,zoneinfo}, the statfs type of /sys/fs/cgroup, `uname -a` and the
cgroup and memory files of the whole tree (v1, hybrid or v2), and writes them in the layout of
the recorded captures, with a manifest.json of what was read and what was skipped and why. It
only reads under /proc and /sys, never follows a symbolic link, bounds every read (4 MiB a file,
20000 files, 256 MiB in all: what the loader accepts), and skips files the kernel refuses to
read (write-only, EPERM, EINVAL). Replay it anywhere with --capture OUT.
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "capture",
        help=HELP,
        description=HELP + ".",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("out", nargs="?", metavar="OUT", help="directory to create, or OUT.tar.gz")
    p.add_argument("--out", dest="out_flag", metavar="OUT", help=argparse.SUPPRESS)
    p.add_argument("--force", action="store_true", help="write into an existing directory")
    p.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    p.set_defaults(func=run)


def check_destination(out: str, force: bool) -> None:
    """Refuse OUT before anything is read: it must be writable where it will be written."""
    try:
        refuse_kernel_dirs(out)
    except ValueError as e:
        raise usage.BadInput("OUT", str(e)) from None
    p = Path(out)
    if out.endswith((".tar.gz", ".tgz")):
        try:
            usage.output_file(out)
        except argparse.ArgumentTypeError as e:
            raise usage.BadInput("OUT", str(e)) from None
        if p.exists() and not force:
            raise usage.BadInput("OUT", f"{out}: already exists (--force to replace it)")
        return
    if p.exists() and not p.is_dir():
        raise usage.BadInput("OUT", f"{out}: exists and is not a directory")
    if p.is_dir() and any(p.iterdir()) and not force:
        raise usage.BadInput("OUT", f"{out}: exists and is not empty (--force to write into it)")
    q = p if p.exists() else p.parent
    while not q.exists() and q != q.parent:
        q = q.parent
    if not os.access(q, os.W_OK | os.X_OK):
        raise usage.BadInput("OUT", f"{out}: {q} is not writable")


def run(args: argparse.Namespace) -> int:
    out = args.out or args.out_flag
    if not out or (args.out and args.out_flag):
        print("memsim capture: give one OUT (a directory, or OUT.tar.gz)", file=sys.stderr)
        return 2
    check_destination(out, args.force)  # before the (long) read of this machine
    try:
        live = capture_live()
    except OSError as e:
        print(f"memsim capture: cannot read this machine's state: {e}", file=sys.stderr)
        return 1
    try:
        dest = write_capture(
            live.tree, out, exist_ok=args.force, extra={MANIFEST: live.manifest_bytes()}
        )
    except ValueError as e:
        raise usage.BadInput("OUT", str(e)) from None
    except OSError as e:
        raise usage.BadInput("OUT", f"{out}: {e.strerror or e}") from None
    t = live.tree
    reasons = Counter(s["reason"] for s in live.manifest()["skipped"])
    summary = {
        "out": str(dest),
        "fstype": t.fstype,
        "kernel": t.kernel,
        "when": t.when,
        "files": len(capture_files(t)),
        "skipped": [{"path": p, "reason": r} for p, r in live.skipped],
        "skipped_by_name": len(live.by_name),
        "manifest": MANIFEST,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"wrote {summary['files']} files to {dest} ({t.fstype}, kernel {t.kernel})")
        for reason, n in sorted(reasons.items()):
            print(f"  skipped {n} file{'s' if n != 1 else ''}: {reason}", file=sys.stderr)
        if reasons:
            print(f"  (each one in {dest}/{MANIFEST})", file=sys.stderr)
    return 0
