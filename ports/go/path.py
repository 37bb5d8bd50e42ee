"""Go's path package (slash-separated paths): Clean, Join, Dir, Base, IsAbs.

Clean follows Go's lexical rules: it differs from posixpath.normpath only in that a leading
"//" is reduced to "/" (POSIX lets normpath keep exactly two leading slashes; Go does not).
Sources: go/src/path/path.go (identical in Go 1.19 .. 1.24).
"""

from __future__ import annotations

import posixpath

_normpath = posixpath.normpath


def Clean(path: str) -> str:
    """path.Clean: the shortest equivalent path; "" becomes "."."""
    if path[:1] not in ("", ".") and "//" not in path and "/." not in path and path[-1] != "/":
        # already clean: not empty, no empty, "." or ".." element, no trailing "/" (and a
        # leading "//" has an empty element)
        return path
    p = _normpath(path)
    if p[:2] == "//":
        return p[1:]
    return p


def Join(*elem: str) -> str:
    """path.Join: the non-empty elements joined with "/" and cleaned; all empty gives ""."""
    if len(elem) == 2 and elem[0] and elem[1]:
        p = elem[0] + "/" + elem[1]
        if p[0] != "." and "//" not in p and "/." not in p and p[-1] != "/":
            return p  # already clean (as in Clean)
        return Clean(p)
    for i, e in enumerate(elem):
        if e != "":
            return Clean("/".join(elem[i:]))
    return ""


def Split(path: str) -> tuple[str, str]:
    """path.Split: (dir, file) split after the last "/"."""
    i = path.rfind("/")
    return path[: i + 1], path[i + 1 :]


def Dir(path: str) -> str:
    """path.Dir: all but the last element, cleaned."""
    d, _ = Split(path)
    return Clean(d)


def Base(path: str) -> str:
    """path.Base: the last element; "" gives ".", all slashes give "/"."""
    if path == "":
        return "."
    path = path.rstrip("/")
    if path == "":
        return "/"
    i = path.rfind("/")
    return path[i + 1 :] if i >= 0 else path


def IsAbs(path: str) -> bool:
    return path[:1] == "/"
