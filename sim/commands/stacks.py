"""`memsim stacks [--json]`: the preset version stacks, every component's tag and commit."""

from __future__ import annotations

import argparse
from typing import Any

from sim import stacks


def register(sub: Any) -> None:
    p = sub.add_parser("stacks", help="list the version stacks (presets) and their components")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    presets = list(stacks.PRESETS.values())
    if args.json:
        print(stacks.dumps(presets))
        return 0
    for s in presets:
        print(f"{s.name}  ({s.note})")
        for c in s.components():
            print(f"  {c.kind:<15} {c.registry:<26} {c.repo}@{c.tag} {c.commit}")
    print("swap components with e.g. k8s-1.28.3,runc=1.1.9")
    return 0
