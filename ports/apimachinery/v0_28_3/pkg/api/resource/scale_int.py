"""k8s.io/apimachinery@v0.28.3 pkg/api/resource/scale_int.go."""

from __future__ import annotations

from ports.go.builtin import int64, int_from_float64, quo, rem
from ports.provenance import upstream

maxInt64 = (1 << 63) - 1
log10MaxInt64 = 19


def _pow10(n: int) -> float:
    """math.Pow10(n) for n >= 0: the float64 nearest 10**n, +Inf above 1e308."""
    return float("inf") if n > 308 else float(10**n)


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/scale_int.go:43-95")
def scaledValue(unscaled: int, scale: int, newScale: int) -> int:
    """unscaled * 10**(-scale) expressed at newScale, rounding up when scaling down, with
    Go's arithmetic at each step: big.Int.Int64() keeps the low 64 bits, scaling up
    multiplies in int64 by int64(math.Pow10(-dif)) (which is MinInt64 on amd64 once 10^dif
    passes MaxInt64, from 10^19 on), the fast path divides the wrapped int64 (truncating),
    and the slow path divides the big value with big.Int.DivMod (Euclidean: the remainder
    is never negative, so a negative value rounds to floor + 1)."""
    dif = scale - newScale
    if dif == 0:
        return int64(unscaled)
    if dif < 0:
        return int64(int64(unscaled) * int_from_float64(_pow10(-dif)))
    if unscaled < maxInt64 and dif < log10MaxInt64:
        divide = int_from_float64(_pow10(dif))
        u = int64(unscaled)
        result, mod = quo(u, divide), rem(u, divide)
        if mod != 0:
            return result + 1
        return result
    divisor = 10**dif
    result, remainder = divmod(unscaled, divisor)  # Euclidean for a positive divisor
    if remainder != 0:
        return int64(int64(result) + 1)
    return int64(result)
