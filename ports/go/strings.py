"""Go's strings package, the functions the ports use, with Go's exact semantics
(Go's Unicode white space set for TrimSpace/Fields, SplitN's n rules, Cut)."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable

# unicode.IsSpace: '\t', '\n', '\v', '\f', '\r', ' ', U+0085 (NEL), U+00A0 (NBSP), and the
# White_Space property: U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
# (Python's str.strip() also strips U+001C..U+001F, which Go does not.)
_GO_SPACE = (
    "\t\n\v\f\r \u0085\u00a0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)


_PY_ONLY_SPACE = re.compile("[\x1c-\x1f]")


def IsSpace(ch: str) -> bool:
    return ch in _GO_SPACE


# The one-line functions are bound C callables (no Python frame per call), each the Go
# function for str arguments.

# strings.TrimSpace: without leading and trailing Go white space
TrimSpace: Callable[[str], str] = operator.methodcaller("strip", _GO_SPACE)

# strings.TrimSuffix / TrimPrefix: s without that suffix / prefix ("" removes nothing)
TrimSuffix: Callable[[str, str], str] = str.removesuffix
TrimPrefix: Callable[[str, str], str] = str.removeprefix

HasPrefix: Callable[[str, str], bool] = str.startswith
HasSuffix: Callable[[str, str], bool] = str.endswith

# strings.Contains(s, substr): substr in s
Contains: Callable[[str, str], bool] = operator.contains

# strings.Index: the first index of substr in s, or -1
Index: Callable[[str, str], int] = str.find


def SplitN(s: str, sep: str, n: int) -> list[str] | None:
    """strings.SplitN: n > 0 at most n pieces (the last is the rest); n == 0 nil; n < 0 all."""
    if n > 0 and sep:
        return s.split(sep, n - 1)
    if n == 0:
        return None
    if sep == "":
        chars = list(s)
        if n < 0 or n >= len(chars):
            return chars
        return [*chars[: n - 1], "".join(chars[n - 1 :])]
    if n < 0:
        return s.split(sep)
    return s.split(sep, n - 1)


def Split(s: str, sep: str) -> list[str]:
    if sep:
        return s.split(sep)  # SplitN(s, sep, -1)
    res = SplitN(s, sep, -1)
    assert res is not None
    return res


def Cut(s: str, sep: str) -> tuple[str, str, bool]:
    """strings.Cut: (before, after, found)."""
    i = s.find(sep)
    if i >= 0:
        return s[:i], s[i + len(sep) :], True
    return s, "", False


def CutPrefix(s: str, prefix: str) -> tuple[str, bool]:
    if s.startswith(prefix):
        return s[len(prefix) :], True
    return s, False


def Fields(s: str) -> list[str]:
    """strings.Fields: split around runs of Go white space."""
    if _PY_ONLY_SPACE.search(s) is None:
        # Python's white space is Go's plus U+001C..U+001F: without those, str.split() is
        # Fields
        return s.split()
    out: list[str] = []
    cur: list[str] = []
    for ch in s:
        if ch in _GO_SPACE:
            if cur:
                out.append("".join(cur))
                cur = []
        else:
            cur.append(ch)
    if cur:
        out.append("".join(cur))
    return out


def Count(s: str, substr: str) -> int:
    if substr == "":
        return len(s) + 1
    return s.count(substr)


ToLower: Callable[[str], str] = str.lower


def SplitSeq(s: str, sep: str) -> list[str]:
    """strings.SplitSeq (Go 1.24): the pieces Split returns, as a sequence to range over."""
    return Split(s, sep)
