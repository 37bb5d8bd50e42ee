"""`memsim stacks [--json]`: the preset version stacks, every component's tag and commit, and
why a component is there when it is not the release's own (sim.stacks.provenance)."""

from __future__ import annotations

import argparse
import shutil
import textwrap
from typing import Any

from sim import stacks

INHERITED = (
    "A port version derives from the one before it and overrides only what upstream changed, "
    "so `memsim explain` cites each function at the tag whose code it is: an older tag there "
    "means that code is unchanged in the component's own version (unless the notes above say "
    "otherwise)."
)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "stacks",
        help="list the version stacks (presets), their components and where each comes from",
        description="The version stacks: each component's upstream tag and commit, and why "
        "a component is not the release's own (metrics-server, a kubectl or kubelet from "
        "another release, a port made from an older version).",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    presets = list(stacks.PRESETS.values())
    if args.json:
        print(stacks.dumps(presets))
        return 0
    width = min(shutil.get_terminal_size((100, 24)).columns, 100)
    for s in presets:
        print(f"{s.name}  ({s.note})")
        why = dict(stacks.provenance(s))
        for c in s.components():
            print(f"  {c.kind:<15} {c.registry:<26} {c.repo}@{c.tag} {c.commit}")
            if c.kind in why:
                print(textwrap.fill(why[c.kind], width, initial_indent=" " * 18,
                                    subsequent_indent=" " * 18))  # fmt: skip
    print("swap components with e.g. k8s-1.28.3,runc=1.1.9")
    print(textwrap.fill(INHERITED, width))
    return 0
