"""libcontainer/cgroups/fs/error.go at runc v1.1.7."""

from __future__ import annotations

from typing import Any

from ports.go import fmt
from ports.provenance import upstream
from ports.runc.api import Package
from ports.runc.v1_1_7.libcontainer.cgroups.fscommon.utils import ParseError

_F = "opencontainers/runc@v1.1.7 libcontainer/cgroups/fs/error.go"

parseError = ParseError  # type parseError = fscommon.ParseError (l.9)


class ErrorGo(Package):
    @upstream(f"{_F}:13-15")
    def malformed_line(self, path: str, file: str, line: str) -> Any:
        """malformedLine is used by all cgroupfs file parsers that expect a line
        in a particular format but get some garbage instead."""
        return parseError(Path=path, File=file, Err=fmt.Errorf("malformed line: %s", line))
