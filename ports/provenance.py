"""Provenance of ported code: every ported function, method or struct names the upstream
repository, tag, file and line range it translates, in one checkable form:

    @upstream("opencontainers/runc@v1.1.9 libcontainer/cgroups/fs2/memory.go:158-220")
    def root_stats_from_meminfo(self, stats): ...

A deliberate deviation from the Go is stated at the function with `deviation="..."`.
tests/ports/test_provenance.py checks that every public function under ports/<project>/
carries one, and that the cited tag matches the version package it lives in.

How a function computes a value a reader follows (`memsim explain`) is stated at the function
too, so that whatever replaces the function replaces its formula:

    @formula("Usage.Usage", "(MemTotal - MemFree) x 1024 = ({MemTotal} - {MemFree}) x 1024")
    def stats_from_meminfo(self, stats): ...

An override states its own formulas, or marks that it keeps those of the function it
overrides (`@keeps_formulas`: it calls it, or changes other fields only). An override that
does neither (a patch, say) has no formula, and explain says that the patch overrides it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

_REF = re.compile(
    r"^(?P<repo>[\w.-]+/[\w.-]+)@(?P<tag>[\w.+-]+) (?P<path>[\w./+-]+):(?P<start>\d+)(?:-(?P<end>\d+))?$"
)


@dataclass(frozen=True)
class Upstream:
    repo: str
    tag: str
    path: str
    start: int
    end: int
    deviation: str | None = None

    def __str__(self) -> str:
        return f"{self.repo}@{self.tag} {self.path}:{self.start}-{self.end}"

    @property
    def url(self) -> str:
        return (
            f"https://github.com/{self.repo}/blob/{self.tag}/{self.path}#L{self.start}-L{self.end}"
        )


def parse(ref: str) -> Upstream:
    m = _REF.match(ref)
    if not m:
        raise ValueError(
            f"bad upstream reference {ref!r}: want 'owner/repo@tag path/file.go:start-end'"
        )
    start = int(m["start"])
    end = int(m["end"]) if m["end"] else start
    if end < start:
        raise ValueError(f"bad upstream reference {ref!r}: end line before start line")
    return Upstream(m["repo"], m["tag"], m["path"], start, end)


F = TypeVar("F", bound=Callable[..., Any])


def upstream(ref: str, *, deviation: str | None = None) -> Callable[[F], F]:
    """Mark a function, method or class as the port of the cited upstream code."""
    info = parse(ref)
    if deviation:
        info = Upstream(info.repo, info.tag, info.path, info.start, info.end, deviation)

    def mark(obj: F) -> F:
        obj.__upstream__ = info  # type: ignore[attr-defined]
        return obj

    return mark


def of(obj: Any) -> Upstream | None:
    """The upstream reference of a ported object, if it has one."""
    return getattr(obj, "__upstream__", None)


_KEEP = "__keeps__"


def formula(field: str, text: str) -> Callable[[F], F]:
    """State how the function computes `field` (as explain names it, e.g. "Memory.WorkingSet"):
    `text` is the formula in words, with {name} where explain puts the value of `name` it shows
    (a name it does not know shows as ?). One decorator per field."""

    def mark(obj: F) -> F:
        own = dict(getattr(obj, "__formulas__", None) or {})
        own[field] = text
        obj.__formulas__ = own  # type: ignore[attr-defined]
        return obj

    return mark


def keeps_formulas(obj: F) -> F:
    """Mark an override that leaves true every formula of the function it overrides."""
    own = dict(getattr(obj, "__formulas__", None) or {})
    own[_KEEP] = "yes"
    obj.__formulas__ = own  # type: ignore[attr-defined]
    return obj


@dataclass(frozen=True)
class Formula:
    """What runs as `cls.name` (the nearest definition in the MRO) and its formula for a field
    (None when the definition that runs states none and keeps none)."""

    function: Any
    text: str | None

    @property
    def qualname(self) -> str:
        return str(getattr(self.function, "__qualname__", self.function))


def _plain(obj: Any) -> Any:
    return obj.__func__ if isinstance(obj, (staticmethod, classmethod)) else obj


def formula_of(cls: type, name: str, field: str) -> Formula:
    """The formula for `field` of the function `cls.name` resolves to."""
    defs = [_plain(c.__dict__[name]) for c in cls.__mro__ if name in c.__dict__]
    if not defs:
        return Formula(None, None)
    for d in defs:
        own = getattr(d, "__formulas__", None) or {}
        if field in own:
            return Formula(defs[0], own[field])
        if _KEEP not in own:
            break
    return Formula(defs[0], None)
