"""Go's strconv: the integer and float parsers and formatters the ports use, with Go's rules
(base prefixes, underscores, bit sizes, range clamping) and Go's *NumError text.

Sources: go/src/strconv/atoi.go (ParseUint, ParseInt, underscoreOK), atof.go (ParseFloat,
readFloat, special), ftoa.go (FormatFloat), quote.go (Quote). Behaviour is identical across
Go 1.19 .. 1.24 for everything here.
"""

from __future__ import annotations

import math
import re
from typing import Any

from ports.go import errors
from ports.go.builtin import MASK64

ErrRange = errors.New("value out of range")
ErrSyntax = errors.New("invalid syntax")

IntSize = 64


class NumError:
    """*strconv.NumError. Error(): `strconv.<Func>: parsing <Quote(Num)>: <Err>`."""

    __slots__ = ("Err", "Func", "Num")

    def __init__(self, Func: str, Num: str, Err: Any) -> None:
        self.Func = Func
        self.Num = Num
        self.Err = Err

    def Error(self) -> str:
        return "strconv." + self.Func + ": parsing " + Quote(self.Num) + ": " + self.Err.Error()

    def Unwrap(self) -> Any:
        return self.Err

    def __repr__(self) -> str:
        return f"<NumError {self.Error()!r}>"


def _syntax_error(fn: str, s: str) -> NumError:
    return NumError(fn, s, ErrSyntax)


def _range_error(fn: str, s: str) -> NumError:
    return NumError(fn, s, ErrRange)


def _base_error(fn: str, s: str, base: int) -> NumError:
    return NumError(fn, s, errors.New("invalid base " + Itoa(base)))


def _bit_size_error(fn: str, s: str, bit_size: int) -> NumError:
    return NumError(fn, s, errors.New("invalid bit size " + Itoa(bit_size)))


def _lower(c: str) -> str:
    # Go's lower(c byte): c | ('x' - 'X'), used only for ASCII letter tests.
    return chr(ord(c) | 0x20) if len(c) == 1 and ord(c) < 0x80 else c


def ParseUint(s: str, base: int, bitSize: int) -> tuple[int, Any]:
    """strconv.ParseUint. Returns (value, err); on overflow (maxVal, range error)."""
    # Fast path, same result: up to 19 ASCII decimal digits always fit in 64 bits, so the
    # value is int(s) unless it exceeds a smaller bitSize (then the general path below gives
    # the range error). With base 0 a leading "0" means a prefix or octal: not taken here.
    if (
        s.isdigit()  # (False for "")
        and s.isascii()
        and len(s) < 20
        and (base == 10 or (base == 0 and (s[0] != "0" or len(s) == 1)))
    ):
        if bitSize == 64 or bitSize == 0:
            return int(s), None
        if 0 < bitSize < 64:
            v = int(s)
            if v < 1 << bitSize:
                return v, None
    fn = "ParseUint"
    if s == "":
        return 0, _syntax_error(fn, s)
    base0 = base == 0
    s0 = s
    if 2 <= base <= 36:
        pass
    elif base == 0:
        base = 10
        if s[0] == "0":
            if len(s) >= 3 and _lower(s[1]) == "b":
                base, s = 2, s[2:]
            elif len(s) >= 3 and _lower(s[1]) == "o":
                base, s = 8, s[2:]
            elif len(s) >= 3 and _lower(s[1]) == "x":
                base, s = 16, s[2:]
            else:
                base, s = 8, s[1:]
    else:
        return 0, _base_error(fn, s0, base)

    if bitSize == 0:
        bitSize = IntSize
    elif bitSize < 0 or bitSize > 64:
        return 0, _bit_size_error(fn, s0, bitSize)

    cutoff = MASK64 // base + 1
    max_val = (1 << bitSize) - 1

    underscores = False
    n = 0
    # Go ranges over the bytes of s; a non-ASCII character is never a digit.
    for c in s:
        o = ord(c)
        if c == "_" and base0:
            underscores = True
            continue
        if 0x30 <= o <= 0x39:
            d = o - 0x30
        elif o < 0x80 and 0x61 <= (o | 0x20) <= 0x7A:
            d = (o | 0x20) - 0x61 + 10
        else:
            return 0, _syntax_error(fn, s0)
        if d >= base:
            return 0, _syntax_error(fn, s0)
        if n >= cutoff:
            return max_val, _range_error(fn, s0)
        n *= base
        n1 = (n + d) & MASK64
        if n1 < n or n1 > max_val:
            return max_val, _range_error(fn, s0)
        n = n1
    if underscores and not _underscore_ok(s0):
        return 0, _syntax_error(fn, s0)
    return n, None


def ParseInt(s: str, base: int, bitSize: int) -> tuple[int, Any]:
    """strconv.ParseInt. On overflow returns the clamped bound and a range error."""
    fn = "ParseInt"
    if s == "":
        return 0, _syntax_error(fn, s)
    s0 = s
    neg = False
    if s[0] == "+":
        s = s[1:]
    elif s[0] == "-":
        neg = True
        s = s[1:]
    un, err = ParseUint(s, base, bitSize)
    if err is not None and err.Err is not ErrRange:
        err.Func = fn
        err.Num = s0
        return 0, err
    if bitSize == 0:
        bitSize = IntSize
    cutoff = 1 << (bitSize - 1)
    if not neg and un >= cutoff:
        return cutoff - 1, _range_error(fn, s0)
    if neg and un > cutoff:
        return -cutoff, _range_error(fn, s0)
    return (-un if neg else un), None


def Atoi(s: str) -> tuple[int, Any]:
    """strconv.Atoi (64-bit int); errors carry Func "Atoi"."""
    i, err = ParseInt(s, 10, 0)
    if err is not None:
        err.Func = "Atoi"
    return i, err


def _underscore_ok(s: str) -> bool:
    # strconv.underscoreOK
    saw = "^"
    i = 0
    if len(s) >= 1 and s[0] in "+-":
        s = s[1:]
    hexa = False
    if len(s) >= 2 and s[0] == "0" and _lower(s[1]) in ("b", "o", "x"):
        i = 2
        saw = "0"
        hexa = _lower(s[1]) == "x"
    while i < len(s):
        c = s[i]
        if "0" <= c <= "9" or (hexa and "a" <= _lower(c) <= "f"):
            saw = "0"
            i += 1
            continue
        if c == "_":
            if saw != "0":
                return False
            saw = "_"
            i += 1
            continue
        if saw == "_":
            return False
        saw = "!"
        i += 1
    return saw != "_"


def Itoa(i: int) -> str:
    return str(i)


def FormatUint(i: int, base: int) -> str:
    if base == 10:
        return str(i)
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if i == 0:
        return "0"
    out = []
    while i:
        i, r = divmod(i, base)
        out.append(digits[r])
    return "".join(reversed(out))


def FormatInt(i: int, base: int) -> str:
    return ("-" + FormatUint(-i, base)) if i < 0 else FormatUint(i, base)


# --------------------------------------------------------------------------- floats


def _special(s: str) -> tuple[float, int, bool]:
    # strconv.special: "inf"/"infinity" with optional sign, "nan" without sign.
    if not s:
        return 0.0, 0, False
    sign = 1.0
    nsign = 0
    c = s[0]
    if c in "+-":
        if c == "-":
            sign = -1.0
        nsign = 1
        s = s[1:]
        c = "i"  # fallthrough into the infinity case
    if c in "iI":
        n = _common_prefix_len_ignore_case(s, "infinity")
        if 3 < n < 8:
            n = 3
        if n in (3, 8):
            return math.copysign(math.inf, sign), nsign + n, True
    elif c in "nN" and _common_prefix_len_ignore_case(s, "nan") == 3:
        return math.nan, 3, True
    return 0.0, 0, False


def _common_prefix_len_ignore_case(s: str, prefix: str) -> int:
    n = min(len(prefix), len(s))
    for i in range(n):
        c = s[i]
        if "A" <= c <= "Z":
            c = chr(ord(c) + 0x20)
        if c != prefix[i]:
            return i
    return n


def _read_float(s: str) -> tuple[bool, int, bool]:
    """Port of the syntax half of strconv.readFloat: returns (ok, chars consumed, hex)."""
    i = 0
    if i >= len(s):
        return False, 0, False
    if s[i] in "+-":
        i += 1
    base = 10
    exp_char = "e"
    hexa = False
    if i + 2 < len(s) and s[i] == "0" and _lower(s[i + 1]) == "x":
        base = 16
        i += 2
        exp_char = "p"
        hexa = True
    underscores = False
    sawdot = False
    sawdigits = False
    while i < len(s):
        c = s[i]
        if c == "_":
            underscores = True
            i += 1
            continue
        if c == ".":
            if sawdot:
                break
            sawdot = True
            i += 1
            continue
        if "0" <= c <= "9" or (base == 16 and "a" <= _lower(c) <= "f"):
            sawdigits = True
            i += 1
            continue
        break
    if not sawdigits:
        return False, i, hexa
    if i < len(s) and _lower(s[i]) == exp_char:
        i += 1
        if i >= len(s):
            return False, i, hexa
        if s[i] in "+-":
            i += 1
        if i >= len(s) or not ("0" <= s[i] <= "9"):
            return False, i, hexa
        while i < len(s) and ("0" <= s[i] <= "9" or s[i] == "_"):
            if s[i] == "_":
                underscores = True
            i += 1
    elif base == 16:
        return False, i, hexa
    if underscores and not _underscore_ok(s[:i]):
        return False, i, hexa
    return True, i, hexa


_PLAIN_DECIMAL = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


def ParseFloat(s: str, bitSize: int) -> tuple[float, Any]:
    """strconv.ParseFloat(s, 64): Go's syntax (decimal, hex with p-exponent, inf/infinity/nan,
    underscores between digits), correctly rounded; overflow -> (±Inf, range error)."""
    fn = "ParseFloat"
    if bitSize == 64 and _PLAIN_DECIMAL.fullmatch(s) is not None:
        # Fast path, same result: a plain decimal (no hex, underscore, inf or nan) that
        # readFloat accepts whole and float() rounds correctly, as the general path does.
        f = float(s)
        if math.isinf(f):
            return f, _range_error(fn, s)
        return f, None
    val, n, ok = _special(s)
    if ok:
        if n != len(s):
            return 0.0, _syntax_error(fn, s)
        return val, None
    ok, n, hexa = _read_float(s)
    if not ok or n != len(s):
        return 0.0, _syntax_error(fn, s)
    text = s.replace("_", "")
    try:
        f = float.fromhex(text) if hexa else float(text)
    except OverflowError:
        f = math.copysign(math.inf, -1.0 if text.startswith("-") else 1.0)
    if bitSize == 32:
        import struct

        try:
            f = struct.unpack("f", struct.pack("f", f))[0]
        except OverflowError:
            f = math.copysign(math.inf, f)
    if math.isinf(f):
        return f, _range_error(fn, s)
    return f, None


def _shortest_digits(f: float) -> tuple[str, int]:
    """Shortest round-tripping decimal digits of |f| and the decimal point position dp,
    such that |f| = 0.DIGITS x 10^dp (Go's decimalSlice d, dp). Zero gives ("", 0)."""
    r = repr(abs(f))
    if "e" in r:
        mant, e = r.split("e")
        exp = int(e)
    else:
        mant, exp = r, 0
    if "." in mant:
        ip, fp = mant.split(".")
    else:
        ip, fp = mant, ""
    digits = ip + fp
    stripped = digits.lstrip("0")
    lead = len(digits) - len(stripped)
    digits = stripped.rstrip("0")
    if not digits:
        return "", 0
    return digits, len(ip) + exp - lead


def _fmt_e(neg: bool, d: str, dp: int, prec: int, fmt: str) -> str:
    out = "-" if neg else ""
    out += d[0] if d else "0"
    if prec > 0:
        out += "."
        frac = d[1 : 1 + prec]
        out += frac + "0" * (prec - len(frac))
    out += fmt
    exp = dp - 1 if d else 0
    if exp < 0:
        out += "-"
        exp = -exp
    else:
        out += "+"
    out += ("0" + str(exp)) if exp < 10 else str(exp)
    return out


def _fmt_f(neg: bool, d: str, dp: int, prec: int) -> str:
    out = "-" if neg else ""
    if dp > 0:
        m = min(len(d), dp)
        out += d[:m] + "0" * (dp - m)
    else:
        out += "0"
    if prec > 0:
        out += "."
        for i in range(1, prec + 1):
            j = dp + i - 1
            out += d[j] if 0 <= j < len(d) else "0"
    return out


def FormatFloat(f: float, fmt: str, prec: int, bitSize: int) -> str:
    """strconv.FormatFloat for fmt in 'e', 'f', 'g' with prec == -1 (shortest), bitSize 64."""
    if prec != -1 or bitSize != 64 or fmt not in "efg":
        raise NotImplementedError("FormatFloat: only shortest ('e','f','g', -1, 64) is ported")
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    neg = math.copysign(1.0, f) < 0
    d, dp = _shortest_digits(f)
    nd = len(d)
    if fmt == "e":
        return _fmt_e(neg, d, dp, nd - 1, "e")
    if fmt == "f":
        return _fmt_f(neg, d, dp, max(nd - dp, 0))
    # 'g', shortest: eprec = 6
    eprec = 6
    exp = dp - 1
    if exp < -4 or exp >= eprec:
        return _fmt_e(neg, d, dp, nd - 1, "e")
    return _fmt_f(neg, d, dp, max(nd - dp, 0))


# --------------------------------------------------------------------------- quoting

_LOWERHEX = "0123456789abcdef"
_ESC = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def Quote(s: str) -> str:
    """strconv.Quote (and fmt's %q on a string). Bytes that are not valid UTF-8 (held as
    surrogateescape code points U+DC80..U+DCFF) are written \\xNN, as Go does."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:
            b = o - 0xDC00
            out.append("\\x" + _LOWERHEX[b >> 4] + _LOWERHEX[b & 0xF])
            continue
        if ch in ('"', "\\"):
            out.append("\\" + ch)
            continue
        if ch.isprintable():
            out.append(ch)
            continue
        esc = _ESC.get(ch)
        if esc is not None:
            out.append(esc)
        elif o < 0x20 or o == 0x7F:
            out.append("\\x" + _LOWERHEX[o >> 4] + _LOWERHEX[o & 0xF])
        elif o < 0x10000:
            if 0xD800 <= o <= 0xDFFF:
                o = 0xFFFD
            out.append(f"\\u{o:04x}")
        else:
            out.append(f"\\U{o:08x}")
    out.append('"')
    return "".join(out)
