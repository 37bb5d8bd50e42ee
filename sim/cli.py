"""The `memsim` command line. Each subcommand lives in its own module under sim.commands
and registers itself through `register(subparsers)`."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

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
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="memsim",
        description=(
            "Patch-validation simulator for the Linux node-memory accounting pipeline: "
            "/proc/meminfo + cgroup files -> runc -> cAdvisor -> kubelet -> metrics-server "
            "-> kubectl top node."
        ),
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
        return 2
    if hasattr(args, "runtime"):  # a command that can run under PyPy (memsim diff)
        other = _other_runtime(args, list(sys.argv[1:] if argv is None else argv))
        if other is not None:
            return other
    rc: int = args.func(args)
    return rc


def _other_runtime(args: argparse.Namespace, argv: list[str]) -> int | None:
    """Run the command under the runtime it asked for (--runtime, $MEMSIM_RUNTIME) when that is
    not this process's: its exit status; None to run it here."""
    from sim import runtime

    try:
        rt = runtime.wanted(args.runtime)
    except ValueError as e:
        print(f"memsim {args.command}: {e}", file=sys.stderr)
        return 2
    if rt == runtime.name():
        return None
    if rt == "cpython":
        print(
            f"memsim {args.command}: --runtime cpython, but this memsim runs under "
            f"{runtime.describe()}: start it with CPython",
            file=sys.stderr,
        )
        return 2
    try:
        exe, _ = runtime.find_pypy()
    except runtime.RuntimeNotFound as e:
        print(f"memsim {args.command}: {e}", file=sys.stderr)
        return 2
    return runtime.exec_cli(runtime.strip_flag(argv, "--runtime"), exe)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
