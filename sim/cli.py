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
    "sim.commands.lab",
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
    rc: int = args.func(args)
    return rc


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
