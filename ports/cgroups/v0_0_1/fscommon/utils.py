"""fscommon/utils.go at opencontainers/cgroups v0.0.1 (from runc PR #4470):
ParseKeyValue uses strings.Cut and rejects an empty key or value; GetValueByKey matches
with CutPrefix(line, key+" "); GetCgroupParamUint drops its redundant TrimSpace and
GetCgroupParamInt reads through GetCgroupParamString."""

from __future__ import annotations

from typing import Any

from ports.go import fmt, math, strconv, strings
from ports.provenance import upstream
from ports.runc.v1_1_7.libcontainer.cgroups.fscommon import utils as runc_v1_1_7
from ports.runc.v1_1_7.libcontainer.cgroups.fscommon.utils import ParseError

_F = "opencontainers/cgroups@v0.0.1 fscommon/utils.go"


class UtilsGo(runc_v1_1_7.UtilsGo):
    @upstream(f"{_F}:61-73")
    def parse_key_value(self, t: str) -> tuple[str, int, Any]:
        """ParseKeyValue parses a space-separated "key value" kind of cgroup
        parameter and returns its key as a string, and its value as uint64
        (using [ParseUint] to convert the value)."""
        key, val, ok = strings.Cut(t, " ")
        if not ok or key == "" or val == "":
            return "", 0, fmt.Errorf('line %q is not in "key value" format', t)

        value, err = self.parse_uint(val, 10, 64)
        if err is not None:
            return "", 0, err

        return key, value, None

    @upstream(f"{_F}:78-98")
    def get_value_by_key(self, path: str, file: str, key: str) -> tuple[int, Any]:
        """GetValueByKey reads space-separated "key value" pairs from the specified
        cgroup file, looking for a specified key, and returns its value as uint64,
        using [ParseUint] for conversion. If the value is not found, 0 is returned."""
        content, err = self.cgroups.read_file(path, file)
        if err is not None:
            return 0, err

        key += " "
        lines = strings.Split(content, "\n")
        for line in lines:
            v, ok = strings.CutPrefix(line, key)
            if ok:
                val, err = self.parse_uint(v, 10, 64)
                if err is not None:
                    err = ParseError(Path=path, File=file, Err=err)
                return val, err

        return 0, None

    @upstream(f"{_F}:102-116")
    def get_cgroup_param_uint(self, path: str, file: str) -> tuple[int, Any]:
        """GetCgroupParamUint reads a single uint64 value from the specified cgroup file.
        If the value read is "max", the math.MaxUint64 is returned."""
        contents, err = self.get_cgroup_param_string(path, file)
        if err is not None:
            return 0, err
        if contents == "max":
            return math.MaxUint64, None

        res, err = self.parse_uint(contents, 10, 64)
        if err is not None:
            return res, ParseError(Path=path, File=file, Err=err)
        return res, None

    @upstream(f"{_F}:120-134")
    def get_cgroup_param_int(self, path: str, file: str) -> tuple[int, Any]:
        """GetCgroupParamInt reads a single int64 value from specified cgroup file.
        If the value read is "max", the math.MaxInt64 is returned."""
        contents, err = self.get_cgroup_param_string(path, file)
        if err is not None:
            return 0, err
        if contents == "max":
            return math.MaxInt64, None

        res, err = strconv.ParseInt(contents, 10, 64)
        if err is not None:
            return res, ParseError(Path=path, File=file, Err=err)
        return res, None
