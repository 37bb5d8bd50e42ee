"""Go's time package, the part the ports use: a time.Time is modelled as an int, nanoseconds
since the Unix epoch (UTC; monotonic readings and locations are not modelled). Go's zero
Time (January 1, year 1, 00:00:00 UTC) is ZERO; time.Unix(0, 0) is not zero, as in Go.
Durations are int64 nanoseconds."""

from __future__ import annotations

from typing import Any

from ports.go.builtin import int64

Nanosecond = 1
Microsecond = 1000
Millisecond = 1000 * Microsecond
Second = 1000 * Millisecond
Minute = 60 * Second
Hour = 60 * Minute

# seconds from January 1, year 1 to the Unix epoch (time.go unixToInternal)
unixToInternal = (1969 * 365 + 1969 // 4 - 1969 // 100 + 1969 // 400) * 86400
ZERO = -unixToInternal * Second

_MIN_DURATION = -(1 << 63)
_MAX_DURATION = (1 << 63) - 1


def Unix(sec: int, nsec: int) -> int:
    """time.Unix(sec, nsec): nsec outside [0, 1e9) is normalised, as Go does."""
    return sec * Second + nsec


def UnixSec(t: int) -> int:
    """t.Unix(): seconds, floored (Go keeps Nanosecond() in [0, 1e9))."""
    return t // Second


def Nanosecond_(t: int) -> int:
    """t.Nanosecond(): in [0, 1e9)."""
    return t % Second


def UnixNano(t: int) -> int:
    """t.UnixNano(): int64 nanoseconds (wraps outside int64's range, as Go's does)."""
    return int64(t)


def IsZero(t: int) -> bool:
    return t == ZERO


def Sub(t: int, u: int) -> int:
    """t.Sub(u): a Duration, saturated at the int64 bounds as Go saturates it."""
    d = t - u
    return max(_MIN_DURATION, min(_MAX_DURATION, d))


def Seconds(d: int) -> float:
    """Duration.Seconds()."""
    sec, nsec = divmod(d, Second) if d >= 0 else (-((-d) // Second), -((-d) % Second))
    return float(sec) + float(nsec) / 1e9


def Before(t: int, u: int) -> bool:
    return t < u


def After(t: int, u: int) -> bool:
    return t > u


# ---- time.ParseDuration (src/time/format.go): the same grammar, overflow checks and error
# texts; quote() there escapes like strconv.Quote for the ASCII a flag value holds.

_UNITS = {
    "ns": Nanosecond,
    "us": Microsecond,
    "\u00b5s": Microsecond,
    "\u03bcs": Microsecond,
    "ms": Millisecond,
    "s": Second,
    "m": Minute,
    "h": Hour,
}


class _DurationError:
    """*errors.errorString as time.ParseDuration returns it."""

    __slots__ = ("s",)

    def __init__(self, s: str) -> None:
        self.s = s

    def Error(self) -> str:
        return self.s


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _leading_int(s: str) -> tuple[int, str, bool]:
    x = 0
    i = 0
    while i < len(s) and "0" <= s[i] <= "9":
        if x > (1 << 63) // 10:
            return 0, s, False
        x = x * 10 + ord(s[i]) - 48
        if x > 1 << 63:
            return 0, s, False
        i += 1
    return x, s[i:], True


def _leading_fraction(s: str) -> tuple[int, float, str]:
    x, scale, overflow = 0, 1.0, False
    i = 0
    while i < len(s) and "0" <= s[i] <= "9":
        if not overflow:
            if x > ((1 << 63) - 1) // 10:
                overflow = True
            else:
                y = x * 10 + ord(s[i]) - 48
                if y > 1 << 63:
                    overflow = True
                else:
                    x = y
                    scale *= 10
        i += 1
    return x, scale, s[i:]


def ParseDuration(s: str) -> tuple[int, Any]:
    """time.ParseDuration: a signed sequence of decimals with optional fraction and a unit
    (ns us µs μs ms s m h); "0" alone needs no unit. Returns (Duration, error)."""
    orig = s
    d = 0
    neg = False
    if s != "" and s[0] in "-+":
        neg = s[0] == "-"
        s = s[1:]
    if s == "0":
        return 0, None
    invalid = _DurationError("time: invalid duration " + _quote(orig))
    if s == "":
        return 0, invalid
    while s != "":
        f, scale = 0, 1.0
        if not (s[0] == "." or "0" <= s[0] <= "9"):
            return 0, invalid
        pl = len(s)
        v, s, ok = _leading_int(s)
        if not ok:
            return 0, invalid
        pre = pl != len(s)
        post = False
        if s != "" and s[0] == ".":
            s = s[1:]
            pl = len(s)
            f, scale, s = _leading_fraction(s)
            post = pl != len(s)
        if not pre and not post:
            return 0, invalid
        i = 0
        while i < len(s) and not (s[i] == "." or "0" <= s[i] <= "9"):
            i += 1
        if i == 0:
            return 0, _DurationError("time: missing unit in duration " + _quote(orig))
        u, s = s[:i], s[i:]
        unit = _UNITS.get(u)
        if unit is None:
            return 0, _DurationError(
                "time: unknown unit " + _quote(u) + " in duration " + _quote(orig)
            )
        if v > (1 << 63) // unit:
            return 0, invalid
        v *= unit
        if f > 0:
            v += int(float(f) * (float(unit) / scale))
            if v > 1 << 63:
                return 0, invalid
        d += v
        if d > 1 << 63:
            return 0, invalid
    if neg:
        return int64(-d), None
    if d > (1 << 63) - 1:
        return 0, invalid
    return d, None
