"""ports.go.strconv against Go's documented and observed behaviour (values as Go prints them)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ports.go import strconv
from ports.go.math import MaxInt64, MaxUint64, MinInt64


def _err(err):
    return None if err is None else err.Error()


@pytest.mark.parametrize(
    ("s", "base", "bits", "want", "err"),
    [
        ("0", 10, 64, 0, None),
        ("2048", 10, 64, 2048, None),
        ("18446744073709551615", 10, 64, MaxUint64, None),
        (
            "18446744073709551616",
            10,
            64,
            MaxUint64,
            'strconv.ParseUint: parsing "18446744073709551616": value out of range',
        ),
        (
            "99999999999999999999x",
            10,
            64,
            MaxUint64,
            'strconv.ParseUint: parsing "99999999999999999999x": value out of range',
        ),
        ("", 10, 64, 0, 'strconv.ParseUint: parsing "": invalid syntax'),
        ("-1", 10, 64, 0, 'strconv.ParseUint: parsing "-1": invalid syntax'),
        ("+5", 10, 64, 0, 'strconv.ParseUint: parsing "+5": invalid syntax'),
        (" 5", 10, 64, 0, 'strconv.ParseUint: parsing " 5": invalid syntax'),
        ("5\n", 10, 64, 0, 'strconv.ParseUint: parsing "5\\n": invalid syntax'),
        ("1.5", 10, 64, 0, 'strconv.ParseUint: parsing "1.5": invalid syntax'),
        ("0x10", 10, 64, 0, 'strconv.ParseUint: parsing "0x10": invalid syntax'),
        ("0x10", 0, 64, 16, None),
        ("0X1f", 0, 64, 31, None),
        ("010", 0, 64, 8, None),
        ("0o17", 0, 64, 15, None),
        ("0b101", 0, 64, 5, None),
        ("0", 0, 64, 0, None),
        ("0x", 0, 64, 0, 'strconv.ParseUint: parsing "0x": invalid syntax'),
        ("08", 0, 64, 0, 'strconv.ParseUint: parsing "08": invalid syntax'),
        ("1_000", 0, 64, 1000, None),
        ("0x_1f", 0, 64, 31, None),
        ("1_000", 10, 64, 0, 'strconv.ParseUint: parsing "1_000": invalid syntax'),
        ("_1000", 0, 64, 0, 'strconv.ParseUint: parsing "_1000": invalid syntax'),
        ("1__0", 0, 64, 0, 'strconv.ParseUint: parsing "1__0": invalid syntax'),
        ("1000_", 0, 64, 0, 'strconv.ParseUint: parsing "1000_": invalid syntax'),
        ("255", 10, 8, 255, None),
        ("333", 10, 8, 255, 'strconv.ParseUint: parsing "333": value out of range'),
        ("ff", 16, 64, 255, None),
        ("z", 36, 64, 35, None),
        ("5", 1, 64, 0, 'strconv.ParseUint: parsing "5": invalid base 1'),
        ("5", 37, 64, 0, 'strconv.ParseUint: parsing "5": invalid base 37'),
        ("5", 10, 65, 0, 'strconv.ParseUint: parsing "5": invalid bit size 65'),
        ("\uff11", 10, 64, 0, 'strconv.ParseUint: parsing "\uff11": invalid syntax'),
        ("max", 10, 64, 0, 'strconv.ParseUint: parsing "max": invalid syntax'),
    ],
)
def test_parse_uint(s, base, bits, want, err):
    v, e = strconv.ParseUint(s, base, bits)
    assert (v, _err(e)) == (want, err)


@pytest.mark.parametrize(
    ("s", "want", "err"),
    [
        ("-1", -1, None),
        ("-0", 0, None),
        ("+5", 5, None),
        ("-9223372036854775808", MinInt64, None),
        ("9223372036854775807", MaxInt64, None),
        (
            "-9223372036854775809",
            MinInt64,
            'strconv.ParseInt: parsing "-9223372036854775809": value out of range',
        ),
        (
            "9223372036854775808",
            MaxInt64,
            'strconv.ParseInt: parsing "9223372036854775808": value out of range',
        ),
        (
            "-99999999999999999999",
            MinInt64,
            'strconv.ParseInt: parsing "-99999999999999999999": value out of range',
        ),
        ("--5", 0, 'strconv.ParseInt: parsing "--5": invalid syntax'),
        ("-", 0, 'strconv.ParseInt: parsing "-": invalid syntax'),
        ("", 0, 'strconv.ParseInt: parsing "": invalid syntax'),
        ("not-a-float", 0, 'strconv.ParseInt: parsing "not-a-float": invalid syntax'),
    ],
)
def test_parse_int(s, want, err):
    v, e = strconv.ParseInt(s, 10, 64)
    assert (v, _err(e)) == (want, err)


def test_parse_int_error_keeps_range_class():
    _, e = strconv.ParseInt("9223372036854775808", 10, 64)
    assert e.Err is strconv.ErrRange
    _, e = strconv.ParseInt("x", 10, 64)
    assert e.Err is strconv.ErrSyntax


@given(st.integers(min_value=0, max_value=2**70))
def test_parse_uint_decimal_matches_integer_model(n):
    v, e = strconv.ParseUint(str(n), 10, 64)
    if n < 2**64:
        assert (v, e) == (n, None)
    else:
        assert v == MaxUint64 and e.Err is strconv.ErrRange


@given(st.integers(min_value=-(2**70), max_value=2**70))
def test_parse_int_decimal_matches_integer_model(n):
    v, e = strconv.ParseInt(str(n), 10, 64)
    if MinInt64 <= n <= MaxInt64:
        assert (v, e) == (n, None)
    else:
        assert v == (MaxInt64 if n > 0 else MinInt64) and e.Err is strconv.ErrRange


@given(
    st.text(alphabet="0123456789abcdefxXoObB_+- ", max_size=24), st.sampled_from([0, 2, 8, 10, 16])
)
def test_parse_uint_never_raises_and_errors_name_the_input(s, base):
    v, e = strconv.ParseUint(s, base, 64)
    assert 0 <= v <= MaxUint64
    if e is not None:
        assert e.Error().startswith("strconv.ParseUint: parsing " + strconv.Quote(s) + ": ")


@pytest.mark.parametrize(
    ("s", "want"),
    [
        ("rss", '"rss"'),
        ("a\tb", '"a\\tb"'),
        ('q"\\', '"q\\"\\\\"'),
        ("\x00\x07\x08\x0c\x0b\x1f", '"\\x00\\a\\b\\f\\v\\x1f"'),
        ("\x7f", '"\\x7f"'),
        ("é€😀", '"é€😀"'),
        ("\u00a0\u2028\ufeff", '"\\u00a0\\u2028\\ufeff"'),
        (b"\xff\xc3".decode("utf-8", "surrogateescape"), '"\\xff\\xc3"'),
    ],
)
def test_quote(s, want):
    assert strconv.Quote(s) == want


@pytest.mark.parametrize(
    ("f", "fmt", "want"),
    [
        (1616273408.0, "g", "1.616273408e+09"),
        (1624396248.3020916, "g", "1.6243962483020916e+09"),
        (12533760.0, "g", "1.253376e+07"),
        (1000.0, "g", "1000"),
        (123456.0, "g", "123456"),
        (1e6, "g", "1e+06"),
        (10.0, "g", "10"),
        (4.710169, "g", "4.710169"),
        (0.0001, "g", "0.0001"),
        (0.00001, "g", "1e-05"),
        (0.0, "g", "0"),
        (-0.0, "g", "-0"),
        (1e21, "g", "1e+21"),
        (5e-324, "g", "5e-324"),
        (1.5e300, "g", "1.5e+300"),
        (math.inf, "g", "+Inf"),
        (-math.inf, "g", "-Inf"),
        (math.nan, "g", "NaN"),
        (1e20, "f", "100000000000000000000"),
        (0.000001, "f", "0.000001"),
        (1e-7, "e", "1e-07"),
        (123.456, "e", "1.23456e+02"),
    ],
)
def test_format_float_shortest(f, fmt, want):
    assert strconv.FormatFloat(f, fmt, -1, 64) == want


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_format_float_round_trips(f):
    s = strconv.FormatFloat(f, "g", -1, 64)
    back, err = strconv.ParseFloat(s, 64)
    assert err is None and back == f


@pytest.mark.parametrize(
    ("s", "want", "err"),
    [
        ("1.616273408e+09", 1616273408.0, None),
        ("357.35491", 357.35491, None),
        ("-6.7953645788713455e+09", -6.7953645788713455e09, None),
        ("0", 0.0, None),
        (".5", 0.5, None),
        ("5.", 5.0, None),
        ("1_000.5", 1000.5, None),
        ("0x1p-2", 0.25, None),
        ("0x1.8p1", 3.0, None),
        ("Inf", math.inf, None),
        ("+Inf", math.inf, None),
        ("-inf", -math.inf, None),
        ("infinity", math.inf, None),
        ("1e400", math.inf, 'strconv.ParseFloat: parsing "1e400": value out of range'),
        ("-1e400", -math.inf, 'strconv.ParseFloat: parsing "-1e400": value out of range'),
        ("1e-400", 0.0, None),
        ("0x1", 0.0, 'strconv.ParseFloat: parsing "0x1": invalid syntax'),
        ("+NaN", 0.0, 'strconv.ParseFloat: parsing "+NaN": invalid syntax'),
        ("infin", 0.0, 'strconv.ParseFloat: parsing "infin": invalid syntax'),
        ("1__0", 0.0, 'strconv.ParseFloat: parsing "1__0": invalid syntax'),
        (" 1", 0.0, 'strconv.ParseFloat: parsing " 1": invalid syntax'),
        ("1 ", 0.0, 'strconv.ParseFloat: parsing "1 ": invalid syntax'),
        ("", 0.0, 'strconv.ParseFloat: parsing "": invalid syntax'),
        (".", 0.0, 'strconv.ParseFloat: parsing ".": invalid syntax'),
        ("1e", 0.0, 'strconv.ParseFloat: parsing "1e": invalid syntax'),
    ],
)
def test_parse_float(s, want, err):
    v, e = strconv.ParseFloat(s, 64)
    assert (v, _err(e)) == (want, err)


def test_parse_float_nan():
    v, e = strconv.ParseFloat("nan", 64)
    assert math.isnan(v) and e is None


@given(st.text(alphabet="0123456789", min_size=1, max_size=21))
def test_parse_uint_fast_path_matches_general_path(s):
    # ParseUint's base-10 fast path (<= 19 ASCII digits) agrees with the general loop,
    # which base 0 (no prefix when s does not start with "0") and bitSize 64 also take.
    v, err = strconv.ParseUint(s, 10, 64)
    if s[0] != "0":
        v0, err0 = strconv.ParseUint(s, 0, 64)
        assert (v, err is None) == (v0, err0 is None)
    n = int(s)
    if n < 2**64:
        assert (v, err) == (n, None)
    else:
        assert (
            v == 2**64 - 1
            and err.Error() == f'strconv.ParseUint: parsing "{s}": value out of range'
        )
