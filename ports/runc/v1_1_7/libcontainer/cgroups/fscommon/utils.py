"""libcontainer/cgroups/fscommon/utils.go at runc v1.1.7: the parsers shared by fs and fs2."""

from __future__ import annotations

from typing import Any

from ports.go import errors, fmt, math, path, strconv, strings
from ports.provenance import upstream
from ports.runc.api import Package

_F = "opencontainers/runc@v1.1.7 libcontainer/cgroups/fscommon/utils.go"


@upstream(f"{_F}:24-28")
class ParseError:
    """ParseError records a parse error details, including the file path."""

    __slots__ = ("Err", "File", "Path")

    def __init__(self, Path: str = "", File: str = "", Err: Any = None) -> None:
        self.Path = Path
        self.File = File
        self.Err = Err

    @upstream(f"{_F}:30-32")
    def Error(self) -> str:
        return "unable to parse " + path.Join(self.Path, self.File) + ": " + self.Err.Error()

    @upstream(f"{_F}:34-34")
    def Unwrap(self) -> Any:
        return self.Err

    def __repr__(self) -> str:
        return f"<ParseError {self.Error()!r}>"


class UtilsGo(Package):
    @upstream(f"{_F}:39-55")
    def parse_uint(self, s: str, base: int, bitSize: int) -> tuple[int, Any]:
        """ParseUint converts a string to an uint64 integer.
        Negative values are returned at zero as, due to kernel bugs,
        some of the memory cgroup stats can be negative."""
        value, err = strconv.ParseUint(s, base, bitSize)
        if err is not None:
            intValue, intErr = strconv.ParseInt(s, base, bitSize)
            # 1. Handle negative values greater than MinInt64 (and)
            # 2. Handle negative values lesser than MinInt64
            if intErr is None and intValue < 0:  # noqa: SIM114 - kept as upstream writes it
                return 0, None
            elif errors.Is(intErr, strconv.ErrRange) and intValue < 0:
                return 0, None

            return value, err

        return value, None

    @upstream(f"{_F}:61-73")
    def parse_key_value(self, t: str) -> tuple[str, int, Any]:
        """ParseKeyValue parses a space-separated "name value" kind of cgroup
        parameter and returns its key as a string, and its value as uint64
        (ParseUint is used to convert the value)."""
        parts = strings.SplitN(t, " ", 3)
        assert parts is not None
        if len(parts) != 2:
            return "", 0, fmt.Errorf("line %q is not in key value format", t)

        value, err = self.parse_uint(parts[1], 10, 64)
        if err is not None:
            return "", 0, err

        return parts[0], value, None

    @upstream(f"{_F}:78-97")
    def get_value_by_key(self, path: str, file: str, key: str) -> tuple[int, Any]:
        """GetValueByKey reads a key-value pairs from the specified cgroup file,
        and returns a value of the specified key."""
        content, err = self.cgroups.read_file(path, file)
        if err is not None:
            return 0, err

        lines = strings.Split(content, "\n")
        for line in lines:
            arr = strings.Split(line, " ")
            if len(arr) == 2 and arr[0] == key:
                val, err = self.parse_uint(arr[1], 10, 64)
                if err is not None:
                    err = ParseError(Path=path, File=file, Err=err)
                return val, err

        return 0, None

    @upstream(f"{_F}:101-116")
    def get_cgroup_param_uint(self, path: str, file: str) -> tuple[int, Any]:
        """GetCgroupParamUint reads a single uint64 value from the specified cgroup file.
        If the value read is "max", the math.MaxUint64 is returned."""
        contents, err = self.get_cgroup_param_string(path, file)
        if err is not None:
            return 0, err
        contents = strings.TrimSpace(contents)
        if contents == "max":
            return math.MaxUint64, None

        res, err = self.parse_uint(contents, 10, 64)
        if err is not None:
            return res, ParseError(Path=path, File=file, Err=err)
        return res, None

    @upstream(f"{_F}:120-135")
    def get_cgroup_param_int(self, path: str, file: str) -> tuple[int, Any]:
        """GetCgroupParamInt reads a single int64 value from specified cgroup file.
        If the value read is "max", the math.MaxInt64 is returned."""
        contents, err = self.cgroups.read_file(path, file)
        if err is not None:
            return 0, err
        contents = strings.TrimSpace(contents)
        if contents == "max":
            return math.MaxInt64, None

        res, err = strconv.ParseInt(contents, 10, 64)
        if err is not None:
            return res, ParseError(Path=path, File=file, Err=err)
        return res, None

    @upstream(f"{_F}:138-145")
    def get_cgroup_param_string(self, path: str, file: str) -> tuple[str, Any]:
        """GetCgroupParamString reads a string from the specified cgroup file."""
        contents, err = self.cgroups.read_file(path, file)
        if err is not None:
            return "", err

        return strings.TrimSpace(contents), None
