"""fscommon/utils.go at opencontainers/cgroups v0.1.0: GetValueByKey ranges over
strings.SplitSeq (same results)."""

from __future__ import annotations

from typing import Any

from ports.cgroups.v0_0_1.fscommon import utils as v0_0_1
from ports.go import strings
from ports.provenance import upstream
from ports.runc.v1_1_7.libcontainer.cgroups.fscommon.utils import ParseError

_F = "opencontainers/cgroups@v0.1.0 fscommon/utils.go"


class UtilsGo(v0_0_1.UtilsGo):
    @upstream(f"{_F}:78-97")
    def get_value_by_key(self, path: str, file: str, key: str) -> tuple[int, Any]:
        """GetValueByKey reads space-separated "key value" pairs from the specified
        cgroup file, looking for a specified key, and returns its value as uint64,
        using [ParseUint] for conversion. If the value is not found, 0 is returned."""
        content, err = self.cgroups.read_file(path, file)
        if err is not None:
            return 0, err

        key += " "
        for line in strings.SplitSeq(content, "\n"):
            v, ok = strings.CutPrefix(line, key)
            if ok:
                val, err = self.parse_uint(v, 10, 64)
                if err is not None:
                    err = ParseError(Path=path, File=file, Err=err)
                return val, err

        return 0, None
