"""Go's `errors` package, and the error protocol every port uses.

A Go `error` is modelled as any object with an `Error() -> str` method; nil is None.
Errors are *returned* by ports (as in Go), never raised: a Python exception out of a port
is a bug in memsim, not an upstream error.

Identity matters as in Go: `err == target` compares pointers for pointer error types
(errors.New values, *PathError, ...), so those classes keep Python's identity equality;
value types (syscall.Errno) define __eq__ by value.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar, runtime_checkable


@runtime_checkable
class error(Protocol):
    def Error(self) -> str: ...


class errorString:
    """*errors.errorString, as errors.New returns it (compared by identity, like a pointer)."""

    __slots__ = ("s",)

    def __init__(self, s: str) -> None:
        self.s = s

    def Error(self) -> str:
        return self.s

    def __repr__(self) -> str:
        return f"errors.New({self.s!r})"


def New(text: str) -> errorString:
    """errors.New: a distinct error value each call."""
    return errorString(text)


def Unwrap(err: Any) -> Any:
    """errors.Unwrap: err.Unwrap() if err has a single-error Unwrap, else None."""
    unwrap = getattr(err, "Unwrap", None)
    if unwrap is None:
        return None
    res = unwrap()
    if isinstance(res, list):
        return None
    return res


def _eq(err: Any, target: Any) -> bool:
    # Go's `err == target` on interface values: same dynamic type and equal value.
    # Pointer-like error types use identity (default object __eq__).
    return type(err) is type(target) and bool(err == target)


def Is(err: Any, target: Any) -> bool:
    """errors.Is: walks the Unwrap chain (single and multi), checking == and Is methods."""
    if err is None or target is None:
        return err is target
    while True:
        if _eq(err, target):
            return True
        is_method = getattr(err, "Is", None)
        if is_method is not None and is_method(target):
            return True
        unwrap = getattr(err, "Unwrap", None)
        if unwrap is None:
            return False
        nxt = unwrap()
        if isinstance(nxt, list):
            return any(Is(e, target) for e in nxt)
        if nxt is None:
            return False
        err = nxt


E = TypeVar("E")


def As(err: Any, target_type: type[E]) -> E | None:
    """errors.As for a concrete error type: the first error in the chain of that type, or None."""
    while err is not None:
        if isinstance(err, target_type):
            return err
        unwrap = getattr(err, "Unwrap", None)
        if unwrap is None:
            return None
        nxt = unwrap()
        if isinstance(nxt, list):
            for e in nxt:
                found = As(e, target_type)
                if found is not None:
                    return found
            return None
        err = nxt
    return None


# errors.ErrUnsupported (Go 1.21) - referenced by syscall.Errno.Is.
ErrUnsupported = New("unsupported operation")
