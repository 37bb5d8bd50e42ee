"""Go's sync.Once, scoped to the current host (see ports.go.host): upstream code that caches a
syscall answer for the life of the process (runc's IsCgroup2UnifiedMode, prepareOpenat2)
caches it here for the life of one host, so each world is a fresh process."""

from __future__ import annotations

from collections.abc import Callable

from ports.go import host


class Once:
    __slots__ = ("_gen",)

    def __init__(self) -> None:
        self._gen = -1

    def Do(self, f: Callable[[], None]) -> None:
        if self._gen != host.generation:
            self._gen = host.generation
            f()
