"""Go's path/filepath on Linux (Separator '/'): Clean, Join, Dir, Base, IsAbs, Rel.

On Unix filepath.Clean/Join/Dir/Base are path's; Rel is ported from go/src/path/filepath/path.go.
"""

from __future__ import annotations

from typing import Any

from ports.go import errors
from ports.go.path import Base, Clean, Dir, IsAbs, Join

__all__ = ["Base", "Clean", "Dir", "IsAbs", "Join", "Rel", "Separator"]

Separator = "/"


# (basepath, targpath) -> Rel's result: a pure function of two strings (runc's CleanPath asks
# it for the same few file names on every open). Errors are not memoized: each call returns a
# new error value, as in Go.
_REL_MEMO: dict[tuple[str, str], str] = {}
_REL_MEMO_MAX = 1024


def Rel(basepath: str, targpath: str) -> tuple[str, Any]:
    """filepath.Rel: a relative path that is lexically equivalent to targpath when joined
    to basepath, or an error ("Rel: can't make <targ> relative to <base>")."""
    rel = _REL_MEMO.get((basepath, targpath))
    if rel is not None:
        return rel, None
    rel, err = _rel(basepath, targpath)
    if err is None and len(_REL_MEMO) < _REL_MEMO_MAX:
        _REL_MEMO[basepath, targpath] = rel
    return rel, err


def _rel(basepath: str, targpath: str) -> tuple[str, Any]:
    base = Clean(basepath)
    targ = Clean(targpath)
    if targ == base:
        return ".", None
    if base == ".":
        base = ""
    base_slashed = len(base) > 0 and base[0] == "/"
    targ_slashed = len(targ) > 0 and targ[0] == "/"
    if base_slashed != targ_slashed:
        return "", errors.New("Rel: can't make " + targpath + " relative to " + basepath)
    bl, tl = len(base), len(targ)
    b0 = bi = t0 = ti = 0
    while True:
        # for bi < bl && base[bi] != '/' { bi++ }, and the same for ti
        bi = base.find("/", bi)
        if bi < 0:
            bi = bl
        ti = targ.find("/", ti)
        if ti < 0:
            ti = tl
        if targ[t0:ti] != base[b0:bi]:
            break
        if bi < bl:
            bi += 1
        if ti < tl:
            ti += 1
        b0, t0 = bi, ti
    if base[b0:bi] == "..":
        return "", errors.New("Rel: can't make " + targpath + " relative to " + basepath)
    if b0 != bl:
        seps = base[b0:bl].count("/")
        parts = [".."] + [".."] * seps
        if t0 != tl:
            parts.append(targ[t0:])
        return "/".join(parts), None
    return targ[t0:], None
