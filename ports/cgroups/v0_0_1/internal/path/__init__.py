"""Package internal/path at opencontainers/cgroups v0.0.1."""

from __future__ import annotations

from ports.cgroups.v0_0_1.internal.path.path import PathGo


class Path(PathGo):
    """package path (internal); a version exposes it as `internal_path`."""
