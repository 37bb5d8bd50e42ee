"""Watch the ports while `memsim explain` runs them (pipeline.run(record=True) only; the
simulator's hot path never comes here).

Two things are recorded, both from the ported code as it runs, never by parsing again:

- what each ported parser took from the file it read: the value a ported function returned,
  or the map it filled, at the moment it returns. A parser's result belongs to the file read
  last before it returned (every parser here reads its file, then parses it). So the "values
  used" of a file are exactly the numbers some port computed with, including the 0 runc makes
  of a negative count, the key a malformed line did not match, or the parse error;
- which patched code (a function defined in a patch file, not under ports/) ran inside which
  ported function, so explain can say that a stock formula may no longer hold.

The parsers are known by their upstream names (a function per upstream function), so a later
version or a patch that keeps the name and the shape is watched the same way.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from typing import Any

Taken = dict[str, Any]  # key -> the value the port took, or Failed


class Failed(str):
    """A value the port did not take: the error text its parser returned."""

    __slots__ = ()


def _err(err: Any) -> Failed:
    text = err.Error() if hasattr(err, "Error") else str(err)
    return Failed(text)


def _one_value(_locals: dict[str, Any], ret: Any) -> Taken:
    # fscommon.GetCgroupParamUint / GetCgroupParamInt: (value, err) for the whole file
    value, err = ret
    return {"": value if err is None else _err(err)}


def _key_value(_locals: dict[str, Any], ret: Any) -> Taken:
    # fscommon.ParseKeyValue: (key, value, err) for one "key value" line; the caller stores
    # stats[key] = value line by line, so a later duplicate wins, as it does here
    key, value, err = ret
    if err is not None:
        return {"error": _err(err)}
    return {key: value}


def _value_by_key(loc: dict[str, Any], ret: Any) -> Taken:
    # fscommon.GetValueByKey(path, file, key): (value, err)
    value, err = ret
    return {str(loc.get("key", "?")): value if err is None else _err(err)}


def _meminfo_map(loc: dict[str, Any], ret: Any) -> Taken:
    # runc's statsFromMeminfo / rootStatsFromMeminfo: the `mem` map it filled (a key it did
    # not find keeps its 0); ret is the error, if any
    out: Taken = dict(loc.get("mem") or {})
    if ret is not None:
        out["error"] = _err(ret)
    return out


def _capacity(loc: dict[str, Any], ret: Any) -> Taken:
    # cAdvisor's parseCapacity(b, regexp): the number the regexp matched, before x 1024
    r = loc.get("r")
    pattern = getattr(r, "pattern", b"?")
    key = (pattern if isinstance(pattern, bytes) else str(pattern).encode()).split(b":")[0]
    _, err = ret
    if err is not None:
        return {key.decode(): _err(err)}
    return {key.decode(): loc.get("m")}


def _sscanf_uint(_locals: dict[str, Any], ret: Any) -> Taken:
    # fmt.Sscanf(val, "%d", &u) (cAdvisor's nr_hugepages): (n, u, err) for the whole file
    n, value, err = ret
    if err is not None:
        return {"": _err(err)}
    return {"": value if n == 1 else Failed("no number")}


PARSERS: dict[str, Callable[[dict[str, Any], Any], Taken]] = {
    "get_cgroup_param_uint": _one_value,
    "get_cgroup_param_int": _one_value,
    "parse_key_value": _key_value,
    "get_value_by_key": _value_by_key,
    "stats_from_meminfo": _meminfo_map,
    "root_stats_from_meminfo": _meminfo_map,
    "parseCapacity": _capacity,
    "Sscanf_d_uint64": _sscanf_uint,
}


def is_port(module: str) -> bool:
    return module.startswith("ports.")


class Watch:
    """sys.setprofile while the pipeline runs: on each return of a ported parser, what it took
    goes to the last file read (`reads[-1].taken`); on each call of patched code, every ported
    function then running is noted in `patched_inside` (its code -> the patched functions)."""

    def __init__(self, reads: list[Any]) -> None:
        self.reads = reads
        self.patched_inside: dict[types.CodeType, set[tuple[str, str]]] = {}
        self._prev: Any = None

    def __enter__(self) -> Watch:
        self._prev = sys.getprofile()
        sys.setprofile(self._event)
        return self

    def __exit__(self, *exc: object) -> None:
        sys.setprofile(self._prev)

    def _event(self, frame: types.FrameType, event: str, arg: Any) -> None:
        if event == "return":
            parse = PARSERS.get(frame.f_code.co_name)
            if parse is None or not self.reads:
                return
            if not _ported_or_patched(frame):
                return
            try:
                got = parse(frame.f_locals, arg)
            except (TypeError, ValueError):  # an exception unwound it (arg None), or a new shape
                return
            read = self.reads[-1]
            taken = read.taken
            if "" in got:  # a one-value file: keyed by its own name
                got = {read.path.rsplit("/", 1)[-1]: got[""]}
            taken.update(got)
        elif event == "call":
            mod = frame.f_globals.get("__name__", "")
            if not mod.startswith("memsim_patch_"):
                return
            ran = (frame.f_code.co_filename, frame.f_code.co_qualname)
            f = frame.f_back
            while f is not None:
                if is_port(f.f_globals.get("__name__", "")):
                    self.patched_inside.setdefault(f.f_code, set()).add(ran)
                f = f.f_back


def _ported_or_patched(frame: types.FrameType) -> bool:
    mod = frame.f_globals.get("__name__", "")
    return is_port(mod) or mod.startswith("memsim_patch_")
