"""resource.Quantity canonical forms and accessors, as metrics-server and kubectl use them."""

from __future__ import annotations

import pytest

from ports.apimachinery.v0_28_3.pkg.api.resource import (
    BinarySI,
    DecimalSI,
    NewQuantity,
    NewScaledQuantity,
)


@pytest.mark.parametrize(
    ("q", "text"),
    [
        (NewQuantity(1616273408, BinarySI), "1578392Ki"),
        (NewQuantity(3 * 1024 * 1024, BinarySI), "3Mi"),
        (NewQuantity(1000, BinarySI), "1k"),  # |q| < 1024 -> DecimalSI
        (NewQuantity(0, BinarySI), "0"),
        (NewScaledQuantity(20000, -9), "20u"),
        (NewScaledQuantity(1000000000, -9), "1"),
        (NewScaledQuantity(2500000000, -9), "2500m"),
        (NewScaledQuantity((1 << 63) // 10 + 1, 1), "9223372036854775810"),
    ],
)
def test_string(q, text):
    assert q.String() == text


def test_value_and_milli_value():
    q = NewQuantity(928534528, BinarySI)
    assert (q.Value(), q.MilliValue()) == (928534528, 928534528000)
    assert NewScaledQuantity(120000000, -9).MilliValue() == 120
    # rounding up when scaling down (negativeScaleInt64)
    assert NewScaledQuantity(1, -9).MilliValue() == 1
    assert NewQuantity(5, DecimalSI).Cmp(NewScaledQuantity(5000, -3)) == 0


# ---- ParseQuantity, MarshalJSON/UnmarshalJSON, scaledValue (issue 13)

from ports.apimachinery.v0_28_3.pkg.api.resource import ParseQuantity, Quantity  # noqa: E402
from ports.apimachinery.v0_28_3.pkg.api.resource.scale_int import scaledValue  # noqa: E402

MaxInt64 = (1 << 63) - 1
MinInt64 = -(1 << 63)


# quantity_test.go TestQuantityParseEmit (v0.28.3 L740-780): the string each parses to, and
# its negation
@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("1Ki", "1Ki"),
        ("1Mi", "1Mi"),
        ("1Gi", "1Gi"),
        ("1024Mi", "1Gi"),
        ("1000M", "1G"),
        (".001Ki", "1024m"),
        (".000001Ki", "1024u"),
        (".000000001Ki", "1024n"),
        (".000000000001Ki", "2n"),
    ],
)
def test_QuantityParseEmit(text, expect):
    q, err = ParseQuantity(text)
    assert err is None and q.String() == expect
    q, err = ParseQuantity("-" + text)
    assert err is None and q.String() == "-" + expect


def test_QuantityParseZero():
    # quantity_test.go L71-78: "0" parses to a zero that prints "0" with no suffix
    zero, err = ParseQuantity("0")
    assert err is None
    assert zero.String() == "0" and zero.IsZero() and zero.Format == "DecimalSI"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "quantities must match the regular expression"),
        ("1.2.3", "quantities must match the regular expression"),
        ("1e", "unable to parse quantity's suffix"),
        ("1Mii", "unable to parse quantity's suffix"),
        ("+.e-20", "unable to parse numeric part of quantity"),
    ],
)
def test_ParseQuantity_errors(text, error):
    q, err = ParseQuantity(text)
    assert err is not None and err.Error().startswith(error)
    assert q == Quantity()


def test_ParseQuantity_caps_BinarySI_at_MaxInt64():
    # the 10 EiB working set of issue 13: ParseQuantity caps a BinarySI amount at MaxInt64
    # (quantity.go L375-378), so kubectl reads 8796093022207Mi, not a wrapped int64
    q, err = ParseQuantity("10Ei")
    assert err is None
    assert (q.Format, q.String(), q.Value()) == ("BinarySI", "9223372036854775807", MaxInt64)
    assert q.Value() // (1 << 20) == 8796093022207
    # DecimalSI is not capped: 10E stays an int64Amount{10, 18}, whose Value overflows
    # in positiveScaleInt64 and comes back 0
    q, _ = ParseQuantity("10E")
    assert (q.String(), q.Value()) == ("10E", 0)


def test_ParseQuantity_keeps_a_canonical_string():
    # quantity.go L343-352: a value already in canonical form keeps its text, sign included
    for text in ("+5Ki", "1.500", "+1k"):
        q, _ = ParseQuantity(text)
        assert q.String() == text
    q, _ = ParseQuantity("1024Ki")  # 1024 & 7 == 0: canonicalised
    assert q.String() == "1Mi"


def test_UnmarshalJSON_MarshalJSON_round_trip():
    # what the API does to a metrics-server Quantity: MarshalJSON writes String(), kubectl's
    # UnmarshalJSON parses it back (quantity.go L649-704)
    from ports.apimachinery.v0_28_3.pkg.api.resource import NewScaledQuantity

    ten_eib = 10 * (1 << 60)
    q = NewScaledQuantity(ten_eib // 10, 1)  # metrics-server's uint64Quantity above MaxInt64
    q.Format = BinarySI
    text, _ = q.MarshalJSON()
    assert text == b'"10Ei"'
    back = Quantity()
    assert back.UnmarshalJSON(text) is None
    assert back.Value() == MaxInt64 and back.Format == "BinarySI"
    assert back.UnmarshalJSON(b"null") is None and back.IsZero()
    assert back.UnmarshalJSON(b'" 12Mi "') is None and back.Value() == 12 << 20


# scale_int_test.go TestScaledValueInternal (v0.28.3 L25-57), then the corners of Go's
# arithmetic that issue 13 found: int64(math.Pow10(n)) for n >= 19 is MinInt64 on amd64, the
# fast path divides the wrapped int64, the slow path is big.Int.DivMod (Euclidean)
@pytest.mark.parametrize(
    ("unscaled", "scale", "newScale", "want"),
    [
        (1000, 0, 0, 1000),
        (1000, 0, -3, 1),
        (1000, 3, 0, 1),
        (0, 3, 0, 0),
        (999, 3, 0, 1),
        (500, 3, 0, 1),
        (499, 3, 0, 1),
        (1, 3, 0, 1),
        (MaxInt64 - 1, 1, 0, (MaxInt64 - 1) // 10 + 1),
        (10**100, 100, 0, 1),
        (0, 0, 3, 0),
        (1, 0, 3, 1000),
        (1, -3, 0, 1000),
        (1000, -3, 2, 100000000),
        (MaxInt64 // 1000, 0, 3, (MaxInt64 // 1000) * 1000),
        # scale up by 10^19 and more: int64(math.Pow10(19)) == MinInt64
        (3, 0, 19, MinInt64),
        (2, 0, 19, 0),
        (1, 0, 400, MinInt64),  # Pow10(400) = +Inf -> MinInt64
        (10, 0, 18, 10**19 - (1 << 64)),  # the int64 product wraps
        # fast path, negative: truncated division + 1
        (-15, 1, 0, 0),
        # fast path on a value below MinInt64: the wrapped int64 is divided
        (-(1 << 64) - 15, 1, 0, 0),
        # slow path (dif >= 19), negative: Euclidean DivMod, floor + 1
        (-15 * 10**18, 19, 0, -1),
        (-(10**19), 19, 0, -1),
        # slow path on a value >= MaxInt64: the quotient's low 64 bits
        (MaxInt64 + 1, 1, 0, (MaxInt64 + 1) // 10 + 1),
        (
            10**40,
            1,
            0,
            (10**39) % (1 << 64) - (1 << 64)
            if (10**39) % (1 << 64) >> 63
            else (10**39) % (1 << 64),
        ),
    ],
)
def test_scaledValue(unscaled, scale, newScale, want):
    assert scaledValue(unscaled, scale, newScale) == want
