"""How the memsim command line takes its input and says no: the one place where bad input
becomes one line and an exit code.

Every subcommand raises `BadInput(where, reason)` (or lets a CaptureError, SideError or
PatchError out); `sim.cli.main` prints it as

    memsim CMD: WHERE: REASON

on stderr and exits with its code. Argument types (`integer`, `finite`, `jobs`, `output_file`)
check a flag when it is parsed, so nothing runs on a bad one, and argparse's own complaints
come out the same way (`OneLineParser`).

Exit codes, the same for every subcommand:

    0  done
    1  done, and the answer is a failure: diff --fail-on-change saw a node-visible change;
       oracle found mismatches; explain or runc: the stack stops on this node as upstream
       would (a Go panic, an error upstream treats as fatal; inspect shows it in the row)
    2  bad input: a flag, a file, a capture, a side or a patch that cannot be used (nothing
       ran, or the run stopped at it)
    3  a patch raised a Python exception in the code it patches (the line names the patch,
       the function and the state)
    4  a memsim bug: an exception memsim did not expect (one line; MEMSIM_TRACEBACK=1 prints
       the traceback)
    130 interrupted (Ctrl-C)
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

# one bound for what an error echoes of a name or value, shared with the capture loader
from fake_sysfs.tarstream import ECHO_CHARS as ECHO_CHARS
from fake_sysfs.tarstream import short as short

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_PATCH = 3
EXIT_BUG = 4
EXIT_INTERRUPTED = 130

# at most this many worker processes per usable core: the work is CPU-bound, so more only
# costs memory and start-up time (--jobs 1000 on 2 cores took 15 s for 2 states)
JOBS_PER_CORE = 4


class BadInput(Exception):
    """Input memsim cannot use: `where` is the flag or file, `reason` why. One line."""

    def __init__(self, where: str, reason: str, code: int = EXIT_USAGE) -> None:
        super().__init__(where, reason, code)
        self.where = where
        self.reason = reason
        self.code = code

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}" if self.where else self.reason


def usable_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def max_jobs() -> int:
    return JOBS_PER_CORE * usable_cores()


# ---------------------------------------------------------------- argument types


def integer(lo: int | None = None, hi: int | None = None) -> Callable[[str], int]:
    """An argparse type: a decimal integer in [lo, hi]."""

    def parse(s: str) -> int:
        try:
            v = int(s, 10)
        except ValueError:
            raise argparse.ArgumentTypeError(f"want an integer, got {short(s)!r}") from None
        if lo is not None and v < lo:
            raise argparse.ArgumentTypeError(f"must be >= {lo}, got {v}")
        if hi is not None and v > hi:
            raise argparse.ArgumentTypeError(f"must be <= {hi}, got {v}")
        return v

    parse.__name__ = "integer"
    return parse


def finite(lo: float | None = None) -> Callable[[str], float]:
    """An argparse type: a finite number (no nan, no inf), at least `lo`."""

    def parse(s: str) -> float:
        try:
            v = float(s)
        except ValueError:
            raise argparse.ArgumentTypeError(f"want a number, got {short(s)!r}") from None
        if not math.isfinite(v):
            raise argparse.ArgumentTypeError(f"must be a finite number, got {short(s)!r}")
        if lo is not None and v < lo:
            raise argparse.ArgumentTypeError(f"must be >= {lo:g}, got {s}")
        return v

    parse.__name__ = "number"
    return parse


def jobs(s: str) -> int:
    """An argparse type: a worker count, 1 to JOBS_PER_CORE x the usable cores."""
    v = integer(1)(s)
    cap = max_jobs()
    if v > cap:
        raise argparse.ArgumentTypeError(
            f"{v} workers on {usable_cores()} usable core(s): at most {cap} "
            f"({JOBS_PER_CORE} per core; more only cost memory and start-up)"
        )
    return v


def output_file(s: str) -> Path:
    """An argparse type: a file memsim will write ("-" is stdout), checked before any run:
    its directory exists and is writable, and it is not itself a directory."""
    p = Path(s)
    if s == "-":
        return p
    if not s:
        raise argparse.ArgumentTypeError("empty file name")
    if p.is_dir():
        raise argparse.ArgumentTypeError(f"{short(s)} is a directory; name a file in it")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        what = "does not exist" if not parent.exists() else "is not a directory"
        raise argparse.ArgumentTypeError(f"{short(s)}: directory {short(str(parent))} {what}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise argparse.ArgumentTypeError(
            f"{short(s)}: directory {short(str(parent))} is not writable"
        )
    return p


class OneLineParser(argparse.ArgumentParser):
    """argparse, with its complaints in memsim's one-line form and exit code 2."""

    def error(self, message: str) -> NoReturn:
        # "argument --states/-n: must be >= 0, got -5" -> "--states: must be >= 0, got -5"
        if message.startswith("argument "):
            head, sep, rest = message[len("argument ") :].partition(": ")
            if sep:
                message = f"{head.split('/')[0]}: {rest}"
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


# ---------------------------------------------------------------- JSON out


def _finite_json(v: Any) -> Any:
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("+Inf" if v > 0 else "-Inf")
    if isinstance(v, dict):
        return {k: _finite_json(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_finite_json(x) for x in v]
    return v


def dumps(doc: Any, indent: int | None = 2) -> str:
    """`doc` as JSON that every parser takes: a float that is not finite (a PSI average read
    as nan or inf) is written as the string "NaN", "+Inf" or "-Inf" (Go's spelling), never
    as the NaN/Infinity tokens JSON does not have."""
    try:
        return json.dumps(doc, indent=indent, allow_nan=False)
    except ValueError:
        return json.dumps(_finite_json(doc), indent=indent, allow_nan=False)


def fail(prog: str, err: BaseException | str, code: int) -> int:
    """Print `prog: err` on one line of stderr; return `code`."""
    text = str(err).replace("\n", " ")
    print(f"{prog}: {text}", file=sys.stderr)
    return code
