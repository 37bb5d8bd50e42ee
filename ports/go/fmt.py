"""Go's fmt, the subset the ports use: Sprintf and Errorf with %s %v %+v %d %q %x %w %%, and
Sscanf with one "%d" into a uint64 (cAdvisor's nr_hugepages parse).

Errorf with one %w returns a *fmt.wrapError (Unwrap() error); with several, a
*fmt.wrapErrors (Unwrap() []error), as Go >= 1.20 does.
"""

from __future__ import annotations

import re
from typing import Any

from ports.go import strconv

_VERB = re.compile(r"%([+#\- 0]*)(\d*)(?:\.(\d+))?([a-zA-Z%])")


def _v(arg: Any, plus: bool = False) -> str:
    t = type(arg)
    if t is str:  # (exactly str or int: neither has an Error or String method)
        return arg
    if t is int:
        return str(arg)
    if arg is None:
        return "<nil>"
    err_method = getattr(arg, "Error", None)
    if err_method is not None:
        return str(err_method())
    string_method = getattr(arg, "String", None)
    if string_method is not None and callable(string_method):
        return str(string_method())
    if isinstance(arg, bool):
        return "true" if arg else "false"
    if isinstance(arg, float):
        return strconv.FormatFloat(arg, "g", -1, 64)
    if isinstance(arg, (list, tuple)):
        return "[" + " ".join(_v(a, plus) for a in arg) + "]"
    return str(arg)


# format string -> its pieces: [(literal before the verb, flags, width, verb)], literal after.
# A pure function of the (immutable) format string, memoized: the ports format with a few
# constant strings.
# (and, when the format has exactly one %v/%s/%d/%w without flags or width, that verb with
# the literal before it, for Sprintf's one-argument fast path)
_Pieces = tuple[list[tuple[str, str, str, str]], str, tuple[str, str] | None]
_PARSED: dict[str, _Pieces] = {}
_PARSED_MAX = 512


def _parse(format: str) -> _Pieces:
    p = _PARSED.get(format)
    if p is None:
        verbs = []
        pos = 0
        for m in _VERB.finditer(format):
            flags, width, _prec, verb = m.groups()
            verbs.append((format[pos : m.start()], flags, width, verb))
            pos = m.end()
        one = None
        if len(verbs) == 1 and not verbs[0][1] and not verbs[0][2] and verbs[0][3] in "vsdw":
            one = (verbs[0][0], verbs[0][3])
        p = (verbs, format[pos:], one)
        if len(_PARSED) < _PARSED_MAX:
            _PARSED[format] = p
    return p


def Sprintf(format: str, *args: Any) -> str:
    verbs, tail, one = _PARSED.get(format) or _parse(format)
    if one is not None and len(args) == 1:
        # the loop below for one verb and one argument
        return one[0] + (str(int(args[0])) if one[1] == "d" else _v(args[0])) + tail
    out: list[str] = []
    argi = 0
    for lit, flags, width, verb in verbs:
        out.append(lit)
        if verb == "%":
            out.append("%")
            continue
        if argi >= len(args):
            out.append("%!" + verb + "(MISSING)")
            continue
        arg = args[argi]
        argi += 1
        if verb in ("v", "s", "w"):
            text = _v(arg, plus="+" in flags)
        elif verb == "d":
            text = str(int(arg))
        elif verb == "q":
            text = strconv.Quote(arg if isinstance(arg, str) else _v(arg))
        elif verb == "x":
            text = format_hex(arg)
        else:
            raise NotImplementedError(f"fmt verb %{verb} is not ported")
        if width:
            w = int(width)
            text = text.ljust(w) if "-" in flags else text.rjust(w, "0" if "0" in flags else " ")
        out.append(text)
    out.append(tail)
    return "".join(out)


def format_hex(arg: Any) -> str:
    if isinstance(arg, int):
        return format(arg, "x")
    return arg.encode("utf-8", "surrogateescape").hex() if isinstance(arg, str) else str(arg)


class wrapError:
    """*fmt.wrapError: Errorf with exactly one %w."""

    __slots__ = ("err", "msg")

    def __init__(self, msg: str, err: Any) -> None:
        self.msg = msg
        self.err = err

    def Error(self) -> str:
        return self.msg

    def Unwrap(self) -> Any:
        return self.err

    def __repr__(self) -> str:
        return f"<wrapError {self.msg!r}>"


class wrapErrors:
    """*fmt.wrapErrors: Errorf with several %w."""

    __slots__ = ("errs", "msg")

    def __init__(self, msg: str, errs: list[Any]) -> None:
        self.msg = msg
        self.errs = errs

    def Error(self) -> str:
        return self.msg

    def Unwrap(self) -> list[Any]:
        return self.errs


class _plainError:
    __slots__ = ("s",)

    def __init__(self, s: str) -> None:
        self.s = s

    def Error(self) -> str:
        return self.s

    def __repr__(self) -> str:
        return f"<error {self.s!r}>"


def Errorf(format: str, *args: Any) -> Any:
    msg = Sprintf(format, *args)
    wrapped: list[Any] = []
    argi = 0
    for _lit, _flags, _width, verb in _parse(format)[0]:
        if verb == "%":
            continue
        if verb == "w" and argi < len(args) and args[argi] is not None:
            wrapped.append(args[argi])
        argi += 1
    if len(wrapped) == 1:
        return wrapError(msg, wrapped[0])
    if len(wrapped) > 1:
        return wrapErrors(msg, wrapped)
    return _plainError(msg)


def Sscanf_d_uint64(str_: str) -> tuple[int, int, Any]:
    """fmt.Sscanf(str, "%d", &u) with u a uint64: (n, u, err) (scan.go scanOne -> scanUint).
    Leading spaces are skipped (a newline is an error: Sscanf does not treat it as space);
    then the longest run of decimal digits and "_" (decimalDigits) is the token, with no sign
    accepted for an unsigned operand, and strconv.ParseUint(tok, 10, 64) must take it whole
    (base 10: an underscore is invalid syntax). Input after the token is not looked at, so
    "12abc" scans 12 with no error."""
    i = 0
    while i < len(str_):
        c = str_[i]
        if c == "\r" and str_[i + 1 : i + 2] == "\n":
            i += 1
            continue
        if c == "\n":
            return 0, 0, _plainError("unexpected newline")
        if c not in _SCAN_SPACE:
            break
        i += 1
    if i >= len(str_):
        return 0, 0, _plainError("unexpected EOF")
    j = i
    while j < len(str_) and str_[j] in "0123456789_":
        j += 1
    if j == i:
        return 0, 0, _plainError("expected integer")
    v, err = strconv.ParseUint(str_[i:j], 10, 64)
    if err is not None:
        return 0, 0, err
    return 1, v, None


# fmt's scan isSpace table: the Unicode white space fmt skips (newline handled apart)
_SCAN_SPACE = (
    "\t\v\f\r \u0085\u00a0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)
