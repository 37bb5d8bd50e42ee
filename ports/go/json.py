"""Go's encoding/json Marshal for ported structs.

Structs are dataclasses whose fields carry their Go json tag in metadata (use `field()`):

    usage: int = field("usage,omitempty")
    psi: PSIStats | None = field("psi,omitempty", ptr=True)

What is reproduced: field order; tag names; "-"; omitempty (false, 0, "", nil, empty
map/slice; a struct is never empty); omitzero (Go 1.24: the zero value; a struct is zero when
every field is; a map or slice only when nil; a non-nil pointer never); embedded structs'
fields promoted (embedded=True); map keys stringified and sorted bytewise; HTML-safe string
escaping (<, >, & as \\u003c...), \\u2028/\\u2029, invalid UTF-8 as \\ufffd; float64 in ES6
form ('e' below 1e-6 or from 1e21, exponent without zero padding); NaN/Inf are an
UnsupportedValueError. Python None is Go's nil (pointer, map or slice).

Go 1.22 added the short escapes \\b and \\f; before it they were \\u0008 and \\u000c. Pass
the Go version the upstream binary was built with if a key can hold those bytes.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from ports.go import strconv

_HEX = "0123456789abcdef"


def field(
    tag: str,
    *,
    default: Any = dataclasses.MISSING,
    default_factory: Any = dataclasses.MISSING,
    ptr: bool = False,
    embedded: bool = False,
) -> Any:
    """A dataclass field carrying its Go json tag. Without a default, ints default to 0
    by the caller's annotation - pass default= explicitly."""
    md = {"json": tag, "ptr": ptr, "embedded": embedded}
    if default_factory is not dataclasses.MISSING:
        return dataclasses.field(default_factory=default_factory, metadata=md)
    if default is dataclasses.MISSING:
        return dataclasses.field(metadata=md)
    return dataclasses.field(default=default, metadata=md)


class UnsupportedValueError:
    __slots__ = ("Str",)

    def __init__(self, s: str) -> None:
        self.Str = s

    def Error(self) -> str:
        return "json: unsupported value: " + self.Str


class _Fail(Exception):
    def __init__(self, err: Any) -> None:
        self.err = err


def _string(s: str, out: list[str], go_version: tuple[int, int]) -> None:
    out.append('"')
    short_bf = go_version >= (1, 22)
    start = 0
    for i, ch in enumerate(s):
        o = ord(ch)
        if o < 0x80:
            if o >= 0x20 and ch not in '"\\<>&':
                continue
            out.append(s[start:i])
            if ch in '"\\':
                out.append("\\" + ch)
            elif ch == "\n":
                out.append("\\n")
            elif ch == "\r":
                out.append("\\r")
            elif ch == "\t":
                out.append("\\t")
            elif short_bf and ch == "\b":
                out.append("\\b")
            elif short_bf and ch == "\f":
                out.append("\\f")
            else:
                out.append("\\u00" + _HEX[o >> 4] + _HEX[o & 0xF])
            start = i + 1
        elif 0xDC80 <= o <= 0xDCFF:  # an invalid UTF-8 byte (surrogateescape)
            out.append(s[start:i])
            out.append("\\ufffd")
            start = i + 1
        elif o in (0x2028, 0x2029):
            out.append(s[start:i])
            out.append("\\u202" + _HEX[o & 0xF])
            start = i + 1
    out.append(s[start:])
    out.append('"')


def _float(f: float) -> str:
    if math.isnan(f) or math.isinf(f):
        raise _Fail(UnsupportedValueError(strconv.FormatFloat(f, "g", -1, 64)))
    a = abs(f)
    fmt = "f"
    if a != 0 and (a < 1e-6 or a >= 1e21):
        fmt = "e"
    b = strconv.FormatFloat(f, fmt, -1, 64)
    if fmt == "e":
        n = len(b)
        if n >= 4 and b[n - 4] == "e" and b[n - 3] == "-" and b[n - 2] == "0":
            b = b[: n - 2] + b[n - 1]
    return b


def is_zero(v: Any, ptr: bool = False) -> bool:
    """reflect.Value.IsZero for the Python model of a Go value."""
    if v is None:
        return True
    if ptr:
        return False
    if isinstance(v, bool):
        return v is False
    if isinstance(v, int):
        return v == 0
    if isinstance(v, float):
        return v == 0.0 and math.copysign(1.0, v) > 0
    if isinstance(v, str):
        return v == ""
    if isinstance(v, (dict, list)):
        return False  # non-nil map or slice
    if dataclasses.is_dataclass(v):
        custom = getattr(v, "IsZero", None)
        if custom is not None:
            return bool(custom())
        return all(
            is_zero(getattr(v, f.name), f.metadata.get("ptr", False))
            for f in dataclasses.fields(v)
            if not f.name.startswith("_")
        )
    raise TypeError(f"json: no Go type for {type(v).__name__}")


def _is_empty(v: Any) -> bool:
    # encoding/json isEmptyValue: structs are never empty.
    if v is None:
        return True
    if isinstance(v, bool):
        return v is False
    if isinstance(v, (int, float)):
        return v == 0
    if isinstance(v, (str, dict, list)):
        return len(v) == 0
    return False


def _fields(v: Any) -> list[tuple[str, Any]]:
    """(json name, value) of a struct's encoded fields, embedded structs promoted."""
    out: list[tuple[str, Any]] = []
    for f in dataclasses.fields(v):
        if f.name.startswith("_"):
            continue
        tag = f.metadata.get("json")
        if tag is None:
            raise TypeError(f"{type(v).__name__}.{f.name} has no json tag metadata")
        if tag == "-":
            continue
        name, _, opts = tag.partition(",")
        options = opts.split(",") if opts else []
        val = getattr(v, f.name)
        if f.metadata.get("embedded") and not name:
            if val is not None:
                out.extend(_fields(val))
            continue
        # a non-nil pointer is never empty, even to a zero value (Go's isEmptyValue checks
        # the pointer, not what it points to)
        if (
            "omitempty" in options
            and _is_empty(val)
            and not (f.metadata.get("ptr", False) and val is not None)
        ):
            continue
        if "omitzero" in options and is_zero(val, f.metadata.get("ptr", False)):
            continue
        out.append((name or f.name, val))
    return out


def _encode(v: Any, out: list[str], gv: tuple[int, int]) -> None:
    if v is None:
        out.append("null")
    elif isinstance(v, bool):
        out.append("true" if v else "false")
    elif isinstance(v, int):
        out.append(str(v))
    elif isinstance(v, float):
        out.append(_float(v))
    elif isinstance(v, str):
        _string(v, out, gv)
    elif isinstance(v, dict):
        keys = sorted(
            ((str(k), k) for k in v), key=lambda kv: kv[0].encode("utf-8", "surrogateescape")
        )
        out.append("{")
        for i, (ks, k) in enumerate(keys):
            if i:
                out.append(",")
            _string(ks, out, gv)
            out.append(":")
            _encode(v[k], out, gv)
        out.append("}")
    elif isinstance(v, (list, tuple)):
        out.append("[")
        for i, e in enumerate(v):
            if i:
                out.append(",")
            _encode(e, out, gv)
        out.append("]")
    elif dataclasses.is_dataclass(v):
        out.append("{")
        for i, (name, val) in enumerate(_fields(v)):
            if i:
                out.append(",")
            _string(name, out, gv)
            out.append(":")
            _encode(val, out, gv)
        out.append("}")
    else:
        raise TypeError(f"json: no Go type for {type(v).__name__}")


def Marshal(v: Any, go_version: tuple[int, int] = (1, 21)) -> tuple[str, Any]:
    """json.Marshal: (text, err). The text is what Go writes (as str)."""
    out: list[str] = []
    try:
        _encode(v, out, go_version)
    except _Fail as f:
        return "", f.err
    return "".join(out), None
