"""The two sides of a diff: what `--before` and `--after` name.

- a stack: `k8s-1.28.3`, `k8s-1.29.0`, `k8s-latest`;
- a stack with components swapped: `k8s-1.28.3,runc=1.1.9`;
- either pinned to a cgroup view: `k8s-1.28.3@v1`, `k8s-1.28.3,runc=1.1.9@v2` - every synthetic
  state's ground truth is then rendered that way for this side (captures keep their own view);
- a patch file: `path/to/patch.py[:NAME]` (sim.patch), optionally pinned the same way;
- a stack whose runc layer is real Go: `k8s-1.28.3,runc=go:runc-1.1.15` or
  `k8s-1.28.3,runc=go:/path/to/runc` (sim.gorunc; a stack like any other from here on);
- a stack whose kubectl layer is real Go: `k8s-1.28.3,kubectl=go:kubectl-1.32.3` (the
  `top node` printer of Debian's kubectl 1.32.3 or 1.36.4: sim.gokubectl);
- a saved run: `run.jsonl[:before|:after]` - the per-state outputs an earlier `--jsonl` run
  recorded (its `after` side unless told); the run then replays exactly those states.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim import patch as patches
from sim import stacks
from sim.compare import Invariant

VIEWS = ("v1", "v2")


class SideError(ValueError):
    pass


@dataclass(frozen=True)
class Side:
    spec: str  # as the user wrote it
    kind: str  # "stack" | "patch" | "saved"
    stack: stacks.Stack | None = None
    view: str | None = None  # a pinned cgroup view
    patch: patches.LoadedPatch | None = None
    saved_path: Path | None = None
    saved_side: str = "after"
    invariants: dict[str, Invariant] = field(default_factory=dict)

    @property
    def label(self) -> str:
        if self.kind == "saved":
            return f"{self.saved_path}:{self.saved_side}"
        assert self.stack is not None
        return self.stack.name + (f"@{self.view}" if self.view else "")

    def explain_stack(self) -> str:
        """What to pass to `memsim explain --stack` to reproduce this side."""
        if self.kind == "patch":
            assert self.patch is not None
            return self.patch.name
        if self.kind == "saved":
            return f"<saved run {self.saved_path}>"
        assert self.stack is not None
        return self.stack.name

    def describe(self) -> dict[str, Any]:
        d: dict[str, Any] = {"spec": self.spec, "kind": self.kind, "label": self.label}
        if self.view:
            d["view"] = self.view
        if self.stack is not None:
            d["stack"] = self.stack.to_json()
        if self.patch is not None:
            d["patch"] = patches.describe(self.patch)
        if self.saved_path is not None:
            d["saved"] = {"path": str(self.saved_path), "side": self.saved_side}
        return d


def parse(spec: str) -> Side:
    """Parse a --before/--after value (see the module docstring)."""
    s = spec.strip()
    if not s:
        raise SideError("empty side: name a stack (memsim stacks), a patch.py or a run.jsonl")
    head, sel = s, ""
    if ".jsonl" in s:
        head, _, sel = s.partition(".jsonl")
        head += ".jsonl"
        sel = sel.lstrip(":")
        if sel not in ("", "before", "after"):
            raise SideError(f"{spec}: a saved run is FILE.jsonl[:before|:after], not :{sel}")
        p = Path(head)
        if not p.is_file():
            raise SideError(f"{p}: no such saved run (write one with memsim diff --jsonl FILE)")
        return Side(spec, "saved", saved_path=p, saved_side=sel or "after")
    view = None
    bad_view = ""
    if "@" in s:
        base, _, v = s.rpartition("@")
        if v in VIEWS:
            s, view = base, v
        elif base and not any(c in v for c in "/,=:"):
            # the last "@" of a side pins its view, unless the whole side names a stack
            # (an "@" inside a version): which it is, stacks.parse says below
            bad_view = f"{spec}: bad view @{v}: a side is pinned to a cgroup view with @v1 or @v2"
            if patches.looks_like_patch(base):
                raise SideError(bad_view)
    if patches.looks_like_patch(s):
        try:
            lp = patches.load(s)
        except patches.PatchError as e:
            raise SideError(str(e)) from e
        return Side(
            spec, "patch", stack=lp.stack, view=view, patch=lp, invariants=patches.invariants(lp)
        )
    try:
        st = stacks.parse(s)
    except ValueError as e:
        raise SideError(bad_view or str(e)) from e
    return Side(spec, "stack", stack=st, view=view)


def read_saved(path: Path) -> Iterator[dict[str, Any]]:
    """The lines of a --jsonl run file, header first."""
    with path.open() as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as e:
                raise SideError(f"{path}:{n}: not a memsim --jsonl line ({e.msg})") from e
