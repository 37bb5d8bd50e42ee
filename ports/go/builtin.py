"""Go's integer types and conversions.

Python ints are unbounded; Go's are not. Ports apply these at every point where the Go code
does arithmetic or a conversion, so that e.g. a uint64 subtraction that underflows wraps to
2^64 - n exactly as in Go.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Callable

MASK64 = (1 << 64) - 1


# Go `uint64(x)` for an integer x (and the result of uint64 + - *): wraps modulo 2^64, i.e.
# x & MASK64 (a bound C callable: no Python frame per call)
uint64: Callable[[int], int] = functools.partial(operator.and_, MASK64)


def int64(x: int) -> int:
    """Go `int64(x)` for an integer x: two's-complement wrap into [-2^63, 2^63)."""
    x &= MASK64
    return x - (1 << 64) if x >> 63 else x


def int32(x: int) -> int:
    """Go `int32(x)` for an integer x: two's-complement wrap into [-2^31, 2^31)."""
    x &= 0xFFFFFFFF
    return x - (1 << 32) if x >> 31 else x


# Go `uint8(x)`: wraps modulo 256, x & 0xFF
uint8: Callable[[int], int] = functools.partial(operator.and_, 0xFF)


def int_from_float64(x: float) -> int:
    """Go `int64(f)` on amd64 (CVTTSD2SQ): truncation toward zero; NaN and out-of-range
    values give the "integer indefinite" 0x8000000000000000, i.e. math.MinInt64."""
    if math.isnan(x) or not (-(2.0**63) <= x < 2.0**63):
        return -(1 << 63)
    return int(x)


def uint64_from_float64(x: float) -> int:
    """Go `uint64(f)` as the gc compiler lowers it on amd64 (ssagen float64ToUint64):

        if x < 2^63 { result = uint64(int64(x)) } else { result = uint64(int64(x - 2^63)) | 1<<63 }

    where int64(.) is CVTTSD2SQ. So -1.0 gives 2^64-1, NaN and x >= 2^64 give 1<<63.
    The Go spec leaves out-of-range conversions implementation-defined; this is amd64's.
    """
    cutoff = 2.0**63
    if x < cutoff:  # False for NaN
        return uint64(int_from_float64(x))
    return uint64(int_from_float64(x - cutoff)) | (1 << 63)


def float64(x: int) -> float:
    """Go `float64(i)` for an integer: round to nearest even, as Python's float() does."""
    return float(x)


def quo(a: int, b: int) -> int:
    """Go's integer `a / b`: truncated toward zero (Python's // floors). Panics (here:
    ZeroDivisionError) on b == 0, as Go does."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def rem(a: int, b: int) -> int:
    """Go's integer `a % b`: the sign follows the dividend (Python's % follows the divisor)."""
    return a - b * quo(a, b)


class GoPanic(Exception):
    """A Go panic reached by a port (e.g. runc 1.1's IsCgroup2UnifiedMode when statfs fails,
    or an index out of range). It propagates like the panic would: it is not an error value."""

    def __init__(self, value: object) -> None:
        super().__init__(value)
        self.value = value

    def __str__(self) -> str:
        return "panic: " + str(self.value)


def panic(v: object) -> None:
    """Go's panic(v)."""
    raise GoPanic(v)
