"""Package internal/path at opencontainers/cgroups v0.0.5."""

from __future__ import annotations

from ports.cgroups.v0_0_5.internal.path.path import PathGo


class Path(PathGo):
    """package path (internal); a version exposes it as `internal_path`."""
