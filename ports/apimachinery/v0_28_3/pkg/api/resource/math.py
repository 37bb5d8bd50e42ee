"""k8s.io/apimachinery@v0.28.3 pkg/api/resource/math.go: int64 arithmetic with overflow
detection, on Go's wrapping int64 (ports.go.builtin)."""

from __future__ import annotations

from ports.go.builtin import int64, quo, rem
from ports.provenance import upstream

maxInt64Factors = 18
MaxMilliValue = quo((1 << 63) - 1, 1000)
mostPositive = (1 << 63) - 1
mostNegative = -(mostPositive + 1)


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/math.go:56-72")
def int64Add(a: int, b: int) -> tuple[int, bool]:
    c = int64(a + b)
    if a > 0 and b > 0:
        if c < 0:
            return 0, False
    elif a < 0 and b < 0:
        if c > 0:
            return 0, False
        if a == mostNegative and b == mostNegative:
            return 0, False
    return c, True


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/math.go:74-85")
def int64Multiply(a: int, b: int) -> tuple[int, bool]:
    if a in (0, 1) or b in (0, 1):
        return int64(a * b), True
    if a == mostNegative or b == mostNegative:
        return 0, False
    c = int64(a * b)
    return c, quo(c, b) == a


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/math.go:88-97")
def int64MultiplyScale(a: int, b: int) -> tuple[int, bool]:
    if a in (0, 1):
        return int64(a * b), True
    if a == mostNegative and b != 1:
        return 0, False
    c = int64(a * b)
    return c, quo(c, b) == a


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/math.go:101-110")
def int64MultiplyScale10(a: int) -> tuple[int, bool]:
    if a in (0, 1):
        return a * 10, True
    if a == mostNegative:
        return 0, False
    c = int64(a * 10)
    return c, quo(c, 10) == a


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/math.go:114-123")
def int64MultiplyScale100(a: int) -> tuple[int, bool]:
    if a in (0, 1):
        return a * 100, True
    if a == mostNegative:
        return 0, False
    c = int64(a * 100)
    return c, quo(c, 100) == a


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/math.go:127-136")
def int64MultiplyScale1000(a: int) -> tuple[int, bool]:
    if a in (0, 1):
        return a * 1000, True
    if a == mostNegative:
        return 0, False
    c = int64(a * 1000)
    return c, quo(c, 1000) == a


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/math.go:140-164")
def positiveScaleInt64(base: int, scale: int) -> tuple[int, bool]:
    if scale == 0:
        return base, True
    if scale == 1:
        return int64MultiplyScale10(base)
    if scale == 2:
        return int64MultiplyScale100(base)
    if scale == 3:
        return int64MultiplyScale1000(base)
    if scale == 6:
        return int64MultiplyScale(base, 1000000)
    if scale == 9:
        return int64MultiplyScale(base, 1000000000)
    value = base
    for _ in range(scale):
        value, ok = int64MultiplyScale(value, 10)
        if not ok:
            return 0, False
    return value, True


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/math.go:169-199")
def negativeScaleInt64(base: int, scale: int) -> tuple[int, bool]:
    if scale == 0:
        return base, True
    value = base
    fraction = False
    for _ in range(scale):
        if not fraction and rem(value, 10) != 0:
            fraction = True
        value = quo(value, 10)
        if value == 0:
            if fraction:
                if base > 0:
                    return 1, False
                return -1, False
            return 0, True
    if fraction:
        if base > 0:
            value += 1
        else:
            value -= 1
    return value, not fraction


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/math.go:201-244")
def pow10Int64(b: int) -> int:
    return 10**b if 0 <= b <= 18 else 0


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/math.go:248-258")
def divideByScaleInt64(base: int, scale: int) -> tuple[int, int, bool]:
    if scale == 0:
        return base, 0, True
    if scale >= 18:
        return 0, base, False
    divisor = pow10Int64(scale)
    return quo(base, divisor), rem(base, divisor), True


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/math.go:262-292")
def removeInt64Factors(value: int, base: int) -> tuple[int, int]:
    times = 0
    result = value
    negative = result < 0
    if negative:
        result = int64(-result)
    while result >= base and result % base == 0:
        times += 1
        result = result // base
    if negative:
        result = int64(-result)
    return result, times


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/math.go:298-310")
def removeBigIntFactors(d: int, factor: int) -> tuple[int, int]:
    times = 0
    while d != 0:
        q, m = quo(d, factor), rem(d, factor)
        if m != 0:
            break
        times += 1
        d = q
    return d, times
