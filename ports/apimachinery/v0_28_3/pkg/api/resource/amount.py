"""k8s.io/apimachinery@v0.28.3 pkg/api/resource/amount.go: int64Amount and infDecAmount.

gopkg.in/inf.v0's *inf.Dec is modelled by `Dec` (unscaled big integer, scale), whose value is
unscaled * 10**-scale, as inf defines it; Python's ints stand in for math/big.
"""

from __future__ import annotations

from dataclasses import dataclass

from ports.apimachinery.v0_28_3.pkg.api.resource.math import (
    divideByScaleInt64,
    int64Add,
    int64MultiplyScale10,
    int64MultiplyScale100,
    negativeScaleInt64,
    positiveScaleInt64,
    removeBigIntFactors,
    removeInt64Factors,
)
from ports.go.builtin import int64, quo, rem
from ports.provenance import upstream

Nano = -9
Micro = -6
Milli = -3
Kilo = 3
Mega = 6
Giga = 9
Tera = 12
Peta = 15
Exa = 18


@dataclass
class Dec:
    """*inf.Dec: unscaled * 10**-scale (inf's Scale is upside down relative to resource.Scale)."""

    unscaled: int = 0
    scale: int = 0

    def Sign(self) -> int:
        return (self.unscaled > 0) - (self.unscaled < 0)

    def Cmp(self, y: Dec) -> int:
        s = max(self.scale, y.scale)
        a = self.unscaled * 10 ** (s - self.scale)
        b = y.unscaled * 10 ** (s - y.scale)
        return (a > b) - (a < b)

    def Add(self, x: Dec, y: Dec) -> Dec:
        s = max(x.scale, y.scale)
        self.unscaled = x.unscaled * 10 ** (s - x.scale) + y.unscaled * 10 ** (s - y.scale)
        self.scale = s
        return self

    def Unscaled(self) -> tuple[int, bool]:
        """(unscaled as int64, whether it fits): Int64() is only meaningful when it fits."""
        fits = -(1 << 63) <= self.unscaled < (1 << 63)
        return (self.unscaled if fits else int64(self.unscaled)), fits

    @upstream("go-inf/inf@v0.9.1 dec.go:470-537")
    def SetString(self, s: str) -> bool:
        """z.SetString(s): scan reads [sign]digits[.digits] and stops at the first other
        character; SetString fails unless it read all of s (and at least one digit)."""
        unscaled: list[str] = []
        dp = dg = -1
        i = 0
        for i, ch in enumerate(s):  # noqa: B007 (i is read after the loop)
            if ch in "+-":
                if unscaled or dp >= 0:  # a sign must come first
                    break
            elif ch == ".":
                if dp >= 0:
                    break
                dp = len(unscaled)
                continue
            elif "0" <= ch <= "9":
                if dg == -1:
                    dg = len(unscaled)
            else:
                break
            unscaled.append(ch)
        else:
            i = len(s)
        if dg == -1 or i != len(s):
            return False
        self.scale = len(unscaled) - dp if dp >= 0 else 0
        self.unscaled = int("".join(unscaled))
        return True

    def RoundUp(self, x: Dec, s: int) -> Dec:
        """z.Round(x, s, inf.RoundUp): round away from zero to scale s."""
        if x.scale <= s:
            self.unscaled, self.scale = x.unscaled * 10 ** (s - x.scale), s
            return self
        d = 10 ** (x.scale - s)
        q, r = quo(x.unscaled, d), rem(x.unscaled, d)
        if r != 0:
            q += 1 if x.unscaled > 0 else -1
        self.unscaled, self.scale = q, s
        return self


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/amount.go:58-61")
@dataclass
class int64Amount:
    value: int = 0
    scale: int = 0

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/amount.go:64-73")
    def Sign(self) -> int:
        return (self.value > 0) - (self.value < 0)

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/amount.go:95-101")
    def AsScaledInt64(self, scale: int) -> tuple[int, bool]:
        if self.scale < scale:
            result, _ = negativeScaleInt64(self.value, scale - self.scale)
            return result, True
        return positiveScaleInt64(self.value, self.scale - scale)

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/amount.go:104-109")
    def AsDec(self) -> Dec:
        return Dec(self.value, -self.scale)

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/amount.go:112-158")
    def Cmp(self, b: int64Amount) -> int:
        a = int64Amount(self.value, self.scale)
        b = int64Amount(b.value, b.scale)
        if a.scale == b.scale:
            pass
        elif a.scale > b.scale:
            result, remainder, exact = divideByScaleInt64(b.value, a.scale - b.scale)
            if not exact:
                return a.AsDec().Cmp(b.AsDec())
            if result == a.value:
                if remainder == 0:
                    return 0
                return -1 if remainder > 0 else 1
            b.value = result
        else:
            result, remainder, exact = divideByScaleInt64(a.value, b.scale - a.scale)
            if not exact:
                return a.AsDec().Cmp(b.AsDec())
            if result == b.value:
                if remainder == 0:
                    return 0
                return 1 if remainder > 0 else -1
            a.value = result
        return (a.value > b.value) - (a.value < b.value)

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/amount.go:162-199")
    def Add(self, b: int64Amount) -> bool:
        if b.value == 0:
            return True
        if self.value == 0:
            self.value, self.scale = b.value, b.scale
            return True
        if self.scale == b.scale:
            c, ok = int64Add(self.value, b.value)
            if not ok:
                return False
            self.value = c
        elif self.scale > b.scale:
            c, ok = positiveScaleInt64(self.value, self.scale - b.scale)
            if not ok:
                return False
            c, ok = int64Add(c, b.value)
            if not ok:
                return False
            self.scale = b.scale
            self.value = c
        else:
            c, ok = positiveScaleInt64(b.value, b.scale - self.scale)
            if not ok:
                return False
            c, ok = int64Add(self.value, c)
            if not ok:
                return False
            self.value = c
        return True

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/amount.go:208-214")
    def AsScale(self, scale: int) -> tuple[int64Amount, bool]:
        if self.scale >= scale:
            return self, True
        result, exact = negativeScaleInt64(self.value, scale - self.scale)
        return int64Amount(result, scale), exact

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/amount.go:219-243")
    def AsCanonicalBytes(self) -> tuple[str, int]:
        mantissa = self.value
        exponent = self.scale
        amount, times = removeInt64Factors(mantissa, 10)
        exponent += times
        ok = True
        r = rem(exponent, 3)
        if r in (1, -2):
            amount, ok = int64MultiplyScale10(amount)
            if not ok:
                return infDecAmount(self.AsDec()).AsCanonicalBytes()
            exponent -= 1
        elif r in (2, -1):
            amount, ok = int64MultiplyScale100(amount)
            if not ok:
                return infDecAmount(self.AsDec()).AsCanonicalBytes()
            exponent -= 2
        return str(amount), exponent

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/amount.go:248-255")
    def AsCanonicalBase1024Bytes(self) -> tuple[str, int]:
        value, ok = self.AsScaledInt64(0)
        if not ok:
            return infDecAmount(self.AsDec()).AsCanonicalBase1024Bytes()
        amount, exponent = removeInt64Factors(value, 1024)
        return str(amount), exponent


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/amount.go:259-261")
@dataclass
class infDecAmount:
    Dec: Dec

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/amount.go:265-269")
    def AsScale(self, scale: int) -> tuple[infDecAmount, bool]:
        tmp = Dec().RoundUp(self.Dec, -scale)
        return infDecAmount(tmp), tmp.Cmp(self.Dec) == 0

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/amount.go:274-289")
    def AsCanonicalBytes(self) -> tuple[str, int]:
        exponent = -self.Dec.scale
        amount, times = removeBigIntFactors(self.Dec.unscaled, 10)
        exponent += times
        while rem(exponent, 3) != 0:
            amount *= 10
            exponent -= 1
        return str(amount), exponent

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/amount.go:294-299")
    def AsCanonicalBase1024Bytes(self) -> tuple[str, int]:
        tmp = Dec().RoundUp(self.Dec, 0)
        amount, exponent = removeBigIntFactors(tmp.unscaled, 1024)
        return str(amount), exponent
