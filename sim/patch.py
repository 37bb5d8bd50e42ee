"""Patches: a small Python file that derives from one port version and overrides what an
upstream change (proposed or merged) changes, so `memsim diff` can show its effect.

    # my_patch.py
    from ports.runc import v1_1_7
    from sim.patch import Patch

    class Runc(v1_1_7.Runc):
        ...                                   # override what the patch changes

    PATCH = Patch(stack="k8s-1.28.3", component="runc", version=Runc,
                  description="what it does")

`memsim diff --after my_patch.py` (or `my_patch.py:PATCH` when the file holds several) runs
the stack with that component replaced by the patched version. A patch may add invariants,
checked on every state like the built-in ones: functions of (layers, truth) that return a
message when broken, None otherwise (see sim.compare). docs/writing-a-patch.md walks through
runc PR #3933 written this way (docs/patches/runc_pr3933.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ports import registry
from sim import stacks
from sim.compare import Invariant

_KIND_FIELD = {
    "runc": "runc",
    "cadvisor": "cadvisor",
    "kubelet": "kubelet",
    "metrics-server": "metrics_server",
    "kubectl": "kubectl",
}


class PatchError(ValueError):
    """A patch file that cannot be used; the message names the file and the reason."""


class PatchFailed(Exception):
    """A patch raised a Python exception while a stack ran: `patch` names it (file.py:NAME),
    `function` the function the exception came from (the patch's own, else the ported one
    it called), `error` the exception, `where` its file:line; `state` what it ran on, when
    known (diff adds the state and its replay command)."""

    def __init__(self, patch: str, function: str, error: str, where: str, state: str = "") -> None:
        super().__init__(patch, function, error, where, state)
        self.patch, self.function, self.error, self.where, self.state = (
            patch,
            function,
            error,
            where,
            state,
        )

    def on(self, state: str) -> PatchFailed:
        """The same failure, saying which state it happened on."""
        return PatchFailed(self.patch, self.function, self.error, self.where, state)

    def __str__(self) -> str:
        at = f" ({self.where})" if self.where else ""
        on = f"; on {self.state}" if self.state else ""
        return f"{self.patch}: {self.function or 'the patched code'} raised {self.error}{at}{on}"


# registered version name -> "file.py:NAME", and the module a patch file is loaded as -> same
_BY_REGISTRY: dict[str, str] = {}
_BY_MODULE: dict[str, str] = {}


def blame(stack: stacks.Stack, exc: BaseException) -> PatchFailed | None:
    """PatchFailed for an exception raised while `stack` ran, when the stack holds a patch:
    a Python exception there is the patch's (memsim's own code raised the same on the stock
    stack, or it would be a memsim bug there too). None when the stack holds no patch."""
    names = [_BY_REGISTRY[c.registry] for c in stack.components() if c.registry in _BY_REGISTRY]
    if not names:
        return None
    from sim.pipeline import origin

    o = origin(exc)
    name = _BY_MODULE.get(o.patch_module) or names[0]
    function = o.patch_function or o.function or "the patched stack"
    if not o.patch_function and o.function:
        function += " (called from the patched stack)"
    text = str(exc).splitlines()[0] if str(exc) else ""
    error = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return PatchFailed(name, function, error, o.file)


@dataclass(frozen=True)
class Patch:
    stack: (
        str  # the stack it applies to, e.g. "k8s-1.28.3" (swaps allowed: "k8s-1.28.3,runc=1.1.9")
    )
    component: str  # "runc", "cadvisor", "kubelet", "metrics-server" or "kubectl"
    version: type  # the patched version class: a subclass of a registered port version
    description: str = ""
    invariants: Mapping[str, Invariant] = field(default_factory=dict)


@dataclass(frozen=True)
class LoadedPatch:
    patch: Patch
    name: str  # "file.py:NAME"
    registry_name: str  # the name the patched version is registered under
    base: str  # the registered port version it derives from
    stack: stacks.Stack  # the stack with the component replaced


def _base_version(cls: type) -> str | None:
    for base in cls.__mro__[1:]:
        for name in registry.names():
            if registry.get(name) is base:
                return name
    return None


def load(spec: str) -> LoadedPatch:
    """Load `path.py[:NAME]`."""
    path_s, _, attr = spec.partition(":") if not spec.endswith(".py") else (spec, "", "")
    path = Path(path_s)
    if path.suffix != ".py":
        raise PatchError(f"{spec}: a patch is a .py file (path/to/patch.py[:NAME])")
    if not path.is_file():
        raise PatchError(f"{path}: no such patch file")
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:10]
    modname = f"memsim_patch_{path.stem}_{digest}"
    mod = sys.modules.get(modname)
    if mod is None:
        ispec = importlib.util.spec_from_file_location(modname, path)
        if ispec is None or ispec.loader is None:
            raise PatchError(f"{path}: cannot be imported as a Python module")
        mod = importlib.util.module_from_spec(ispec)
        sys.modules[modname] = mod
        try:
            ispec.loader.exec_module(mod)
        except Exception as e:
            del sys.modules[modname]
            raise PatchError(f"{path}: importing it failed: {type(e).__name__}: {e}") from e
    found = {k: v for k, v in vars(mod).items() if isinstance(v, Patch)}
    if attr:
        if attr not in found:
            names = ", ".join(sorted(found)) or "none"
            raise PatchError(f"{path}: no Patch named {attr!r} (patches in the file: {names})")
    elif len(found) == 1:
        attr = next(iter(found))
    else:
        names = ", ".join(sorted(found)) or "none"
        raise PatchError(f"{path}: say which patch with {path}:NAME (patches in the file: {names})")
    p = found[attr]
    if p.component not in _KIND_FIELD:
        raise PatchError(
            f"{path}:{attr}: component {p.component!r} is not one of {', '.join(_KIND_FIELD)}"
        )
    try:
        base_stack = stacks.parse(p.stack)
    except ValueError as e:
        raise PatchError(f"{path}:{attr}: stack: {e}") from e
    base = _base_version(p.version)
    if base is None:
        raise PatchError(
            f"{path}:{attr}: {p.version.__name__} does not derive from a ported version "
            f"(e.g. ports.runc.v1_1_7.Runc)"
        )
    old: stacks.Component = getattr(base_stack, _KIND_FIELD[p.component])
    base_kind = stacks.KNOWN[base].kind if base in stacks.KNOWN else None
    if base_kind is not None and base_kind != p.component:
        raise PatchError(f"{path}:{attr}: {base} is a {base_kind} version, not {p.component}")
    # registered under its own project name, so it never shows among the ported versions
    reg_name = f"patch:{path.stem}.{attr}@{base}"
    if reg_name in _BY_REGISTRY and _BY_REGISTRY[reg_name] != f"{path}:{attr}":
        # another file of the same name (a/p.py and b/p.py in one diff): its own name
        reg_name = f"patch:{path.stem}-{digest}.{attr}@{base}"
    registry.register(reg_name)(p.version)
    _BY_REGISTRY[reg_name] = f"{path}:{attr}"
    _BY_MODULE[modname] = f"{path}:{attr}"
    comp = stacks.Component(
        p.component, reg_name, old.repo, f"{base.split('@', 1)[1]} + {path.name}:{attr}", old.commit
    )
    swap: dict[str, Any] = {_KIND_FIELD[p.component]: comp}
    stack = dataclasses.replace(
        base_stack,
        name=f"{base_stack.name}+{path.stem}",
        note=p.description or base_stack.note,
        **swap,
    )
    return LoadedPatch(p, f"{path}:{attr}", reg_name, base, stack)


@dataclass(frozen=True)
class GuardedInvariant:
    """A patch's invariant, whose exceptions are the patch's: PatchFailed naming it."""

    patch: str
    name: str
    check: Invariant

    def __call__(self, lay: Any, truth: Any) -> str | None:
        try:
            return self.check(lay, truth)
        except Exception as e:
            from sim.pipeline import origin

            text = str(e).splitlines()[0] if str(e) else ""
            err = f"{type(e).__name__}: {text}" if text else type(e).__name__
            fn = getattr(self.check, "__qualname__", repr(self.check))
            raise PatchFailed(
                self.patch, f"invariant {self.name!r} ({fn})", err, origin(e).file
            ) from e


def invariants(lp: LoadedPatch) -> dict[str, Invariant]:
    """The patch's invariants, each guarded (an exception in one names the patch)."""
    return {k: GuardedInvariant(lp.name, k, f) for k, f in lp.patch.invariants.items()}


def looks_like_patch(spec: str) -> bool:
    head = spec.split(":", 1)[0]
    return head.endswith(".py")


def describe(lp: LoadedPatch) -> dict[str, Any]:
    return {
        "patch": lp.name,
        "component": lp.patch.component,
        "derives_from": lp.base,
        "stack": lp.stack.name,
        "description": lp.patch.description,
        "invariants": sorted(lp.patch.invariants),
    }
