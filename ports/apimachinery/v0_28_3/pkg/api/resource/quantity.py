"""k8s.io/apimachinery@v0.28.3 pkg/api/resource/quantity.go: Quantity, its constructors, value
accessors, Add/Cmp and canonical String ("1578392Ki", "1k", "20u")."""

from __future__ import annotations

from ports.apimachinery.v0_28_3.pkg.api.resource.amount import Dec, infDecAmount, int64Amount
from ports.apimachinery.v0_28_3.pkg.api.resource.scale_int import scaledValue
from ports.apimachinery.v0_28_3.pkg.api.resource.suffix import constructBytes
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


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:715-720")
def NewQuantity(value: int, format: str) -> Quantity:
    return Quantity(int64Amount(value), format)


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:726-731")
def NewMilliQuantity(value: int, format: str) -> Quantity:
    return Quantity(int64Amount(value, -3), format)


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:735-740")
def NewScaledQuantity(value: int, scale: int) -> Quantity:
    return Quantity(int64Amount(value, scale), DecimalSI)


@upstream(
    "kubernetes/apimachinery@v0.28.3 pkg/api/resource/quantity.go:275-391",
    deviation="only plain decimal integers without a suffix are parsed (kubectl top parses "
    '"0"); anything else returns ErrFormatWrong-like error text "quantities must match the '
    'regular expression"',
)
def ParseQuantity(s: str) -> tuple[Quantity, object]:
    from ports.go import errors

    if s.isdigit():
        return NewQuantity(int(s), DecimalSI), None
    return Quantity(), errors.New(
        "quantities must match the regular expression "
        "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    )
