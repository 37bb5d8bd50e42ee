"""github.com/google/cadvisor@v0.47.3 container/common/helpers.go."""

from __future__ import annotations

import posixpath
from typing import Any

from ports.provenance import upstream


def Join(*elem: str) -> str:
    """Go's path.Join: join the non-empty elements with "/" and Clean the result (an absolute
    later element does not reset the path, unlike posixpath.join)."""
    parts = [e for e in elem if e]
    if not parts:
        return ""
    p = posixpath.normpath("/".join(parts))
    return "/" + p.lstrip("/") if p.startswith("//") else p


class Common:
    def __init__(self, root: Any) -> None:
        self.root = root

    @upstream("google/cadvisor@v0.47.3 container/common/helpers.go:334-341")
    def MakeCgroupPaths(self, mountPoints: dict[str, str], name: str) -> dict[str, str]:
        return {key: Join(val, name) for key, val in mountPoints.items()}
