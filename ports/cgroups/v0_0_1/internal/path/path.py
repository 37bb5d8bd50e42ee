"""internal/path/path.go at opencontainers/cgroups v0.0.1 (new): the inner cgroup path of a
config, with a copy of runc's CleanPath."""

from __future__ import annotations

from typing import Any

from ports.go import errors, filepath
from ports.provenance import upstream
from ports.runc.api import Package

_F = "opencontainers/cgroups@v0.0.1 internal/path/path.go"


class PathGo(Package):
    @upstream(f"{_F}:14-28")
    def inner(self, c: Any) -> tuple[str, Any]:
        """Inner returns a path to cgroup relative to a cgroup mount point, based
        on cgroup configuration, or an error, if cgroup configuration is invalid."""
        if (c.name != "" or c.parent != "") and c.path != "":
            return "", errors.New("cgroup: either Path or Name and Parent should be used")

        # XXX: Do not remove cleanPath. Path safety is important! -- cyphar
        innerPath = self.clean_path(c.path)
        if innerPath == "":
            cgParent = self.clean_path(c.parent)
            cgName = self.clean_path(c.name)
            innerPath = filepath.Join(cgParent, cgName)

        return innerPath, None

    @upstream(f"{_F}:31-52")
    def clean_path(self, path: str) -> str:
        """cleanPath is a copy of github.com/opencontainers/runc/libcontainer/utils.CleanPath."""
        # Deal with empty strings nicely.
        if path == "":
            return ""

        # Ensure that all paths are cleaned (especially problematic ones like
        # "/../../../../../" which can cause lots of issues).

        if filepath.IsAbs(path):
            return filepath.Clean(path)

        # If the path isn't absolute, we need to do more processing to fix paths
        # such as "../../../../<etc>/some/path". We also shouldn't convert absolute
        # paths to relative ones.
        path = filepath.Clean(filepath.Separator + path)
        # This can't fail, as (by definition) all paths are relative to root.
        path, _ = filepath.Rel(filepath.Separator, path)

        return path
