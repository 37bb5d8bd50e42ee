"""Go's time package, the part the ports use: a time.Time is modelled as an int, nanoseconds
since the Unix epoch (UTC; monotonic readings and locations are not modelled). Go's zero
Time (January 1, year 1, 00:00:00 UTC) is ZERO; time.Unix(0, 0) is not zero, as in Go.
Durations are int64 nanoseconds."""

from __future__ import annotations

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
