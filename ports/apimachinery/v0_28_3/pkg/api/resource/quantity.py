"""k8s.io/apimachinery@v0.28.3 pkg/api/resource/quantity.go: Quantity, its constructors, value
accessors, Add/Cmp and canonical String ("1578392Ki", "1k", "20u")."""

from __future__ import annotations

from typing import Any

from ports.apimachinery.v0_28_3.pkg.api.resource.amount import (
    Dec,
    Nano,
    infDecAmount,
    int64Amount,
)
from ports.apimachinery.v0_28_3.pkg.api.resource.math import int64Multiply, maxInt64Factors
from ports.apimachinery.v0_28_3.pkg.api.resource.scale_int import scaledValue
from ports.apimachinery.v0_28_3.pkg.api.resource.suffix import constructBytes, interpret
from ports.go import errors, fmt, strconv, strings
from ports.go.builtin import int32, int64, panic, rem
from ports.provenance import upstream

# type Format string (quantity.go:126-132)
DecimalExponent = "DecimalExponent"
BinarySI = "BinarySI"
DecimalSI = "DecimalSI"


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:100-111")
class Quantity:
    """Quantity{i int64Amount, d infDecAmount, s string, Format}. A value type in Go: copy
    with DeepCopy() before mutating a shared one."""

    __slots__ = ("Format", "d", "i", "s")

    def __init__(self, i: int64Amount | None = None, Format: str = "", d: Dec | None = None):
        self.i = i if i is not None else int64Amount()
        self.d = d  # infDecAmount's *inf.Dec, None when nil
        self.s = ""
        self.Format = Format

    def DeepCopy(self) -> Quantity:
        q = Quantity(int64Amount(self.i.value, self.i.scale), self.Format)
        if self.d is not None:
            q.d = Dec(self.d.unscaled, self.d.scale)
        q.s = self.s
        return q

    def __eq__(self, other: object) -> bool:
        # reflect.DeepEqual-like, as the upstream tests compare Quantities (ignoring the cache s)
        if not isinstance(other, Quantity):
            return NotImplemented
        return (self.i, self.d, self.Format) == (other.i, other.d, other.Format)

    def __hash__(self) -> int:
        return hash((self.i.value, self.i.scale, self.Format))

    def __repr__(self) -> str:
        return f"Quantity({self.String()!r}, {self.Format})"

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:422-459")
    def CanonicalizeBytes(self) -> tuple[str, str]:
        if self.IsZero():
            return "0", ""
        rounded = None
        format = self.Format
        if format in (DecimalExponent, DecimalSI):
            pass
        elif format == BinarySI:
            if self.CmpInt64(-1024) > 0 and self.CmpInt64(1024) < 0:
                format = DecimalSI
            else:
                rounded, exact = self.AsScale(0)
                if not exact:
                    format = DecimalSI
        else:
            format = DecimalExponent
        if format in (DecimalExponent, DecimalSI):
            number, exponent = self.AsCanonicalBytes()
            suffix, _ = constructBytes(10, exponent, format)
            return number, suffix
        assert rounded is not None
        number, exponent = rounded.AsCanonicalBase1024Bytes()
        suffix, _ = constructBytes(2, exponent * 10, format)
        return number, suffix

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:491-497")
    def ToDec(self) -> Quantity:
        if self.d is None:
            self.d = self.i.AsDec()
            self.i = int64Amount()
        return self

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:500-507")
    def AsDec(self) -> Dec:
        if self.d is not None:
            return self.d
        self.d = self.i.AsDec()
        self.i = int64Amount()
        return self.d

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:512-517")
    def AsCanonicalBytes(self) -> tuple[str, int]:
        if self.d is not None:
            return infDecAmount(self.d).AsCanonicalBytes()
        return self.i.AsCanonicalBytes()

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:520-525")
    def IsZero(self) -> bool:
        if self.d is not None:
            return self.d.Sign() == 0
        return self.i.value == 0

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:529-534")
    def Sign(self) -> int:
        if self.d is not None:
            return self.d.Sign()
        return self.i.Sign()

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:538-543")
    def AsScale(self, scale: int) -> tuple[int64Amount | infDecAmount, bool]:
        if self.d is not None:
            return infDecAmount(self.d).AsScale(scale)
        return self.i.AsScale(scale)

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:567-580")
    def Add(self, y: Quantity) -> None:
        self.s = ""
        if self.d is None and y.d is None:
            if self.i.value == 0:
                self.Format = y.Format
            if self.i.Add(y.i):
                return
        elif self.IsZero():
            self.Format = y.Format
        self.ToDec()
        assert self.d is not None
        self.d.Add(self.d, y.DeepCopy().AsDec())

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:597-602")
    def Cmp(self, y: Quantity) -> int:
        if self.d is None and y.d is None:
            return self.i.Cmp(y.i)
        return self.DeepCopy().AsDec().Cmp(y.DeepCopy().AsDec())

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:606-611")
    def CmpInt64(self, y: int) -> int:
        if self.d is not None:
            return self.d.Cmp(Dec(y, 0))
        return self.i.Cmp(int64Amount(y))

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:636-647")
    def String(self) -> str:
        if len(self.s) == 0:
            number, suffix = self.CanonicalizeBytes()
            self.s = number + suffix
        return self.s

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:649-674")
    def MarshalJSON(self) -> tuple[bytes, Any]:
        """The quoted cached string, else the quoted canonical form (String without caching:
        the receiver is a copy in Go)."""
        if len(self.s) > 0:
            return b'"' + self.s.encode("utf-8", "surrogateescape") + b'"', None
        number, suffix = self.DeepCopy().CanonicalizeBytes()
        return ('"' + number + suffix + '"').encode(), None

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:683-704")
    def UnmarshalJSON(self, value: bytes) -> Any:
        if value == b"null":
            self.d = None
            self.i = int64Amount()
            return None
        if len(value) >= 2 and value[:1] == b'"' and value[-1:] == b'"':
            value = value[1:-1]
        parsed, err = ParseQuantity(strings.TrimSpace(value.decode("utf-8", "surrogateescape")))
        if err is not None:
            return err
        self.i, self.d, self.s, self.Format = parsed.i, parsed.d, parsed.s, parsed.Format
        return None

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:743-745")
    def Value(self) -> int:
        return self.ScaledValue(0)

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:749-751")
    def MilliValue(self) -> int:
        return self.ScaledValue(-3)

    @upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:757-764")
    def ScaledValue(self, scale: int) -> int:
        if self.d is None:
            i, _ = self.i.AsScaledInt64(scale)
            return i
        return scaledValue(self.d.unscaled, self.d.scale, -scale)


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:136-142")
def MustParse(str: str) -> Quantity:
    q, err = ParseQuantity(str)
    if err is not None:
        panic(fmt.Errorf("cannot parse '%v': %v", str, err))
    return q


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:715-720")
def NewQuantity(value: int, format: str) -> Quantity:
    return Quantity(int64Amount(value), format)


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:726-731")
def NewMilliQuantity(value: int, format: str) -> Quantity:
    return Quantity(int64Amount(value, -3), format)


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:735-740")
def NewScaledQuantity(value: int, scale: int) -> Quantity:
    return Quantity(int64Amount(value, scale), DecimalSI)


# quantity.go:144-155
splitREString = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$"
ErrFormatWrong = errors.New("quantities must match the regular expression '" + splitREString + "'")
ErrNumeric = errors.New("unable to parse numeric part of quantity")
ErrSuffix = errors.New("unable to parse quantity's suffix")

_DIGITS = "0123456789"
_SUFFIX_CHARS = "eEinumkKMGTP"


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:157-272")
def parseQuantityString(s: str) -> tuple[bool, str, str, str, str, Any]:
    """(positive, value, num, denom, suffix, err): a scanner over the bytes of s."""
    positive = True
    pos = 0
    end = len(s)
    value = num = denom = suffix = ""
    if pos < end:
        if s[0] == "-":
            positive = False
            pos += 1
        elif s[0] == "+":
            pos += 1
    # strip leading zeros
    i = pos
    while True:
        if i >= end:
            num = "0"
            return positive, num, num, denom, suffix, None
        if s[i] != "0":
            break
        pos += 1
        i += 1
    # the numerator
    i = pos
    while True:
        if i >= end:
            return positive, s[0:end], s[pos:end], denom, suffix, None
        if s[i] not in _DIGITS:
            num = s[pos:i]
            pos = i
            break
        i += 1
    if len(num) == 0:
        num = "0"
    # a denominator
    if pos < end and s[pos] == ".":
        pos += 1
        i = pos
        while True:
            if i >= end:
                return positive, s[0:end], num, s[pos:end], suffix, None
            if s[i] not in _DIGITS:
                denom = s[pos:i]
                pos = i
                break
            i += 1
    value = s[0:pos]
    # the suffix
    suffixStart = pos
    i = pos
    while True:
        if i >= end:
            return positive, value, num, denom, s[suffixStart:end], None
        if s[i] not in _SUFFIX_CHARS:
            pos = i
            break
        i += 1
    if pos < end and s[pos] in "-+":
        pos += 1
    i = pos
    while True:
        if i >= end:
            return positive, value, num, denom, s[suffixStart:end], None
        if s[i] not in _DIGITS:
            break
        i += 1
    # a non-digit after the exponent's digits
    return positive, value, num, denom, suffix, ErrFormatWrong


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:274-390")
def ParseQuantity(s: str) -> tuple[Quantity, Any]:
    if len(s) == 0:
        return Quantity(), ErrFormatWrong
    if s == "0":
        q = Quantity(Format=DecimalSI)
        q.s = s
        return q, None
    positive, value, num, denom, suf, err = parseQuantityString(s)
    if err is not None:
        return Quantity(), err
    base, exponent, format, ok = interpret(suf)
    if not ok:
        return Quantity(), ErrSuffix

    precision = 0
    scale = 0
    mantissa = 1
    if format in (DecimalExponent, DecimalSI):
        scale = exponent
        precision = int32(maxInt64Factors - (len(num) + len(denom)))
    elif format == BinarySI:
        scale = 0
        if exponent >= 0 and len(denom) == 0:
            # only positive binary numbers take the fast path
            mantissa = int64(mantissa << exponent)
            # int32(float32(exponent)*3/10): exact for the binary exponents 10..60
            precision = int32(15 - len(num) - int(exponent * 3 / 10) - 1)
        else:
            precision = -1

    if precision >= 0:
        # shift the value left by the digits of the denominator
        scale = int32(scale - len(denom))
        if scale >= Nano:
            shifted = num + denom
            v, perr = strconv.ParseInt(shifted, 10, 64)
            if perr is not None:
                return Quantity(), ErrNumeric
            result, ok = int64Multiply(v, mantissa)
            if ok:
                if not positive:
                    result = int64(-result)
                q = Quantity(int64Amount(result, scale), format)
                # a value in canonical form keeps its string
                if format == BinarySI:
                    if rem(exponent, 10) == 0 and (v & 0x07) != 0:
                        q.s = s
                elif rem(scale, 3) == 0 and not shifted.endswith("000") and shifted[0] != "0":
                    q.s = s
                return q, None

    amount = Dec()
    if not amount.SetString(value):
        return Quantity(), ErrNumeric
    # the suffix goes into the value
    if base == 10:
        amount.scale = amount.scale + (-exponent)  # SetScale(Scale() + Scale(exponent).infScale())
    elif base == 2:
        amount.unscaled = amount.unscaled * (1 << exponent)
    # cap at the bounds, on the absolute value
    sign = amount.Sign()
    if sign == -1:
        amount.unscaled = -amount.unscaled
    # round a non-zero value up to the smallest representable (nano)
    v, fits = amount.Unscaled()
    if v != 0 or not fits:
        amount.RoundUp(amount, -Nano)
    if format == BinarySI and amount.Cmp(_maxAllowed) > 0:
        amount = Dec(_maxAllowed.unscaled, _maxAllowed.scale)
    if format == BinarySI and amount.Cmp(_decOne) < 0 and amount.Cmp(_decZero) > 0:
        format = DecimalSI  # no rounding to a binary suffix below 1
    if sign == -1:
        amount.unscaled = -amount.unscaled
    return Quantity(Format=format, d=amount), None


# math.go:40-44 (decZero, decOne; maxAllowed = MaxInt64 at scale 0)
_maxAllowed = Dec((1 << 63) - 1, 0)
_decOne = Dec(1, 0)
_decZero = Dec(0, 0)
