"""libcontainer/utils/utils.go at runc v1.1.7: CleanPath."""

from __future__ import annotations

from ports.go import filepath
from ports.provenance import upstream
from ports.runc.api import Package

_F = "opencontainers/runc@v1.1.7 libcontainer/utils/utils.go"


class UtilsGo(Package):
    @upstream(f"{_F}:61-82")
    def clean_path(self, path: str) -> str:
        """CleanPath makes a path safe for use with filepath.Join. This is done by not
        only cleaning the path, but also (if the path is relative) adding a leading
        '/' and cleaning it (then removing the leading '/')."""
        # Deal with empty strings nicely.
        if path == "":
            return ""

        # Ensure that all paths are cleaned (especially problematic ones like
        # "/../../../../../" which can cause lots of issues).
        path = filepath.Clean(path)

        # If the path isn't absolute, we need to do more processing to fix paths
        # such as "../../../../<etc>/some/path". We also shouldn't convert absolute
        # paths to relative ones.
        if not filepath.IsAbs(path):
            path = filepath.Clean(filepath.Separator + path)
            # This can't fail, as (by definition) all paths are relative to root.
            path, _ = filepath.Rel(filepath.Separator, path)

        # Clean the path again for good measure.
        return filepath.Clean(path)
