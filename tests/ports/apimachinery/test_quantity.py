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
