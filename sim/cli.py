"""The `memsim` command line. Each subcommand lives in its own module under sim.commands
and registers itself through `register(subparsers)`.

`main` is also where bad input ends up: whatever a subcommand refuses (sim.usage.BadInput, a
capture, a side or a patch that cannot be used), a patch that raised, a stack that stops on
a node, and any exception memsim did not expect, comes out as one line on stderr and the
exit code sim.usage documents - never as a traceback."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import traceback
from collections.abc import Sequence

from sim import usage

# Subcommand modules, in the order `memsim --help` lists them.
COMMANDS: list[str] = [
    "sim.commands.diff",
    "sim.commands.explain",
    "sim.commands.inspect",
    "sim.commands.stacks",
    "sim.commands.runc",
    "sim.commands.oracle",
    "sim.commands.world",
    "sim.commands.capture",
    "sim.commands.bench",
    "sim.commands.lab",
]

EPILOG = """\
exit codes: 0 done; 1 done, and the answer is a failure (diff --fail-on-change saw a change,
oracle mismatches, a stack that panics on the node); 2 bad input (a flag, a file, a capture,
a side, a patch); 3 a patch raised inside the code it patches; 4 a memsim bug; 130 interrupted.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = usage.OneLineParser(
        prog="memsim",
        description=(
            "Patch-validation simulator for the Linux node-memory accounting pipeline: "
            "/proc/meminfo + cgroup files -> runc -> cAdvisor -> kubelet -> metrics-server "
            "-> kubectl top node."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return usage.EXIT_USAGE
    if hasattr(args, "runtime"):  # a command that can run under PyPy (memsim diff)
        other = _other_runtime(args, list(sys.argv[1:] if argv is None else argv))
        if other is not None:
            return other
    return run(args)


def run(args: argparse.Namespace) -> int:
    """Run the parsed subcommand; every way it can fail is one line and an exit code."""
    from fake_sysfs.capture import CaptureError
    from sim import patch, pipeline, sides

    prog = f"memsim {args.command}"
    try:
        rc: int = args.func(args)
        return rc
    except (usage.BadInput, CaptureError, sides.SideError, patch.PatchError) as e:
        return usage.fail(prog, e, getattr(e, "code", usage.EXIT_USAGE))
    except patch.PatchFailed as e:
        return usage.fail(prog, e, usage.EXIT_PATCH)
    except pipeline.StackFailed as e:
        return usage.fail(prog, e, usage.EXIT_FAILED)
    except KeyboardInterrupt:
        return usage.fail(prog, "interrupted", usage.EXIT_INTERRUPTED)
    except BrokenPipeError:  # `memsim ... | head`: the reader left; say nothing
        with contextlib.suppress(OSError, ValueError):  # the exit flush must not fail again
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return usage.EXIT_OK
    except Exception as e:
        if os.environ.get("MEMSIM_TRACEBACK"):
            traceback.print_exc()
        tb = traceback.extract_tb(e.__traceback__)
        where = f" at {tb[-1].filename}:{tb[-1].lineno}" if tb else ""
        msg = f"{type(e).__name__}: {usage.short(str(e), 400)}{where}"
        return usage.fail(
            prog,
            f"internal error (a memsim bug; MEMSIM_TRACEBACK=1 shows the traceback): {msg}",
            usage.EXIT_BUG,
        )


def _other_runtime(args: argparse.Namespace, argv: list[str]) -> int | None:
    """Run the command under the runtime it asked for (--runtime, $MEMSIM_RUNTIME) when that is
    not this process's: its exit status; None to run it here."""
    from sim import runtime

    try:
        rt = runtime.wanted(args.runtime)
    except ValueError as e:
        return usage.fail(f"memsim {args.command}", e, usage.EXIT_USAGE)
    if rt == runtime.name():
        return None
    prog = f"memsim {args.command}"
    if rt == "cpython":
        why = f"--runtime cpython, but this memsim runs under {runtime.describe()}: start it with CPython"
        return usage.fail(prog, why, usage.EXIT_USAGE)
    try:
        exe, _ = runtime.find_pypy()
    except runtime.RuntimeNotFound as e:
        return usage.fail(prog, e, usage.EXIT_USAGE)
    return runtime.exec_cli(runtime.strip_flag(argv, "--runtime"), exe)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
