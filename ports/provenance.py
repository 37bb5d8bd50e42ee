"""Provenance of ported code: every ported function, method or struct names the upstream
repository, tag, file and line range it translates, in one checkable form:

    @upstream("opencontainers/runc@v1.1.9 libcontainer/cgroups/fs2/memory.go:158-220")
    def root_stats_from_meminfo(self, stats): ...

A deliberate deviation from the Go is stated at the function with `deviation="..."`.
tests/ports/test_provenance.py checks that every public function under ports/<project>/
carries one, and that the cited tag matches the version package it lives in.
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
