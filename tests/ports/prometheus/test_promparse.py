"""prometheus/prometheus@v2.5.0 pkg/textparse/promparse_test.go: TestPromParse,
TestPromParseErrors and TestPromNullByteHandling (L30-318), ported with their fixtures; plus
checks of what the port adds for speed (the lexer's first-byte dispatch, the comment-line
memo), which must not change a single result."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ports.go import io
from ports.prometheus.v2_5_0.pkg.textparse import promparse as pp

INPUT = (
    r"""# HELP go_gc_duration_seconds A summary of the GC invocation durations.
# 	TYPE go_gc_duration_seconds summary
go_gc_duration_seconds{quantile="0"} 4.9351e-05
go_gc_duration_seconds{quantile="0.25",} 7.424100000000001e-05
go_gc_duration_seconds{quantile="0.5",a="b"} 8.3835e-05
go_gc_duration_seconds{quantile="0.8", a="b"} 8.3835e-05
go_gc_duration_seconds{ quantile="0.9", a="b"} 8.3835e-05
# Hrandom comment starting with prefix of HELP
#
# comment with escaped \n newline
# comment with escaped \ escape character
# HELP nohelp1
# HELP nohelp2<SP>
go_gc_duration_seconds{ quantile="1.0", a="b" } 8.3835e-05
go_gc_duration_seconds { quantile="1.0", a="b" } 8.3835e-05
go_gc_duration_seconds { quantile= "1.0", a= "b", } 8.3835e-05
go_gc_duration_seconds { quantile = "1.0", a = "b" } 8.3835e-05
go_gc_duration_seconds_count 99
some:aggregate:rate5m{a_b="c"}	1
# HELP go_goroutines Number of goroutines that currently exist.
# TYPE go_goroutines gauge
go_goroutines 33  	123123
_metric_starting_with_underscore 1
testmetric{_label_starting_with_underscore="foo"} 1
testmetric{label="\"bar\""} 1"""
    + "\n# HELP metric foo\x00bar"
    + '\nnull_byte_metric{a="abc\x00"} 1'
).replace("<SP>", " ")  # upstream's "# HELP nohelp2 " ends in a space

G = "go_gc_duration_seconds"
Q = [("__name__", G), ("a", "b")]
EXPECTED = [
    ("help", G, "A summary of the GC invocation durations."),
    ("type", G, "summary"),
    ("series", f'{G}{{quantile="0"}}', None, 4.9351e-05, [("__name__", G), ("quantile", "0")]),
    (
        "series",
        f'{G}{{quantile="0.25",}}',
        None,
        7.424100000000001e-05,
        [("__name__", G), ("quantile", "0.25")],
    ),
    ("series", f'{G}{{quantile="0.5",a="b"}}', None, 8.3835e-05, [*Q, ("quantile", "0.5")]),
    ("series", f'{G}{{quantile="0.8", a="b"}}', None, 8.3835e-05, [*Q, ("quantile", "0.8")]),
    ("series", f'{G}{{ quantile="0.9", a="b"}}', None, 8.3835e-05, [*Q, ("quantile", "0.9")]),
    ("comment", "# Hrandom comment starting with prefix of HELP"),
    ("comment", "#"),
    ("comment", r"# comment with escaped \n newline"),
    ("comment", r"# comment with escaped \ escape character"),
    ("help", "nohelp1", ""),
    ("help", "nohelp2", ""),
    ("series", f'{G}{{ quantile="1.0", a="b" }}', None, 8.3835e-05, [*Q, ("quantile", "1.0")]),
    ("series", f'{G} {{ quantile="1.0", a="b" }}', None, 8.3835e-05, [*Q, ("quantile", "1.0")]),
    ("series", f'{G} {{ quantile= "1.0", a= "b", }}', None, 8.3835e-05, [*Q, ("quantile", "1.0")]),
    ("series", f'{G} {{ quantile = "1.0", a = "b" }}', None, 8.3835e-05, [*Q, ("quantile", "1.0")]),
    ("series", f"{G}_count", None, 99, [("__name__", f"{G}_count")]),
    (
        "series",
        'some:aggregate:rate5m{a_b="c"}',
        None,
        1,
        [("__name__", "some:aggregate:rate5m"), ("a_b", "c")],
    ),
    ("help", "go_goroutines", "Number of goroutines that currently exist."),
    ("type", "go_goroutines", "gauge"),
    ("series", "go_goroutines", 123123, 33, [("__name__", "go_goroutines")]),
    (
        "series",
        "_metric_starting_with_underscore",
        None,
        1,
        [("__name__", "_metric_starting_with_underscore")],
    ),
    (
        "series",
        'testmetric{_label_starting_with_underscore="foo"}',
        None,
        1,
        [("__name__", "testmetric"), ("_label_starting_with_underscore", "foo")],
    ),
    (
        "series",
        'testmetric{label="\\"bar\\""}',
        None,
        1,
        [("__name__", "testmetric"), ("label", '"bar"')],
    ),
    ("help", "metric", "foo\x00bar"),
    (
        "series",
        'null_byte_metric{a="abc\x00"}',
        None,
        1,
        [("__name__", "null_byte_metric"), ("a", "abc\x00")],
    ),
]


def entries(text: bytes) -> list[tuple]:
    p = pp.PromParser(text)
    out: list[tuple] = []
    while True:
        et, err = p.Next()
        if err is io.EOF:
            return out
        assert err is None, err.Error()
        if et == pp.EntrySeries:
            m, ts, v = p.Series()
            _s, lset = p.Metric()
            out.append(("series", m.decode(), ts, v, lset))
        elif et == pp.EntryType:
            m, typ = p.Type()
            out.append(("type", m.decode(), typ))
        elif et == pp.EntryHelp:
            m, h = p.Help()
            out.append(("help", m.decode(), h.decode()))
        elif et == pp.EntryComment:
            out.append(("comment", p.Comment().decode()))


def test_prom_parse():
    """TestPromParse (L30-208)."""
    assert entries(INPUT.encode()) == EXPECTED


ERRORS = [
    ("a", 'expected value after metric, got "MNAME"'),
    ("a{b='c'} 1\n", 'expected label value, got "INVALID"'),
    ("a{b=\n", 'expected label value, got "INVALID"'),
    ('a{\xff="foo"} 1\n', 'expected label name, got "INVALID"'),
    ('a{b="\xff"} 1\n', "invalid UTF-8 label value"),
    ("a true\n", 'strconv.ParseFloat: parsing "true": invalid syntax'),
    ('something_weird{problem="', 'expected label value, got "INVALID"'),
    ('empty_label_name{=""} 0', 'expected label name, got "EQUAL"'),
]


def first_error(text: bytes) -> object:
    p = pp.PromParser(text)
    err = None
    while err is None:
        _, err = p.Next()
    return err


@pytest.mark.parametrize(("text", "err"), ERRORS)
def test_prom_parse_errors(text, err):
    """TestPromParseErrors (L210-258); Go strings are bytes: "\\xff" is the byte 0xff."""
    assert first_error(text.encode("latin-1")).Error() == err


NULL_BYTES = [
    ('null_byte_metric{a="abc\x00"} 1', ""),
    ('a{b="\x00ss"} 1\n', ""),
    ('a{b="\x00"} 1\n', ""),
    ('a{b="\x00"} 1\n', ""),
    ('a{b=\x00"ssss"} 1\n', 'expected label value, got "INVALID"'),
    ('a{b="\x00', 'expected label value, got "INVALID"'),
    ('a{b\x00="hiih"}\t1', 'expected equal, got "INVALID"'),
    ('a\x00{b="ddd"} 1', 'expected value after metric, got "MNAME"'),
]


@pytest.mark.parametrize(("text", "err"), NULL_BYTES)
def test_prom_null_byte_handling(text, err):
    """TestPromNullByteHandling (L260-318)."""
    e = first_error(text.encode())
    if err == "":
        assert e is io.EOF
    else:
        assert e.Error() == err


# ---- what the port adds for speed


def _can_start(rx: re.Pattern[bytes], byte: int) -> bool:
    tails = [b"", b"\n", b"x", b"0", b'"', b"ELP ", b"YPE ", b"a\n", b' "\n', b'\\x"']
    return any(rx.match(bytes([byte]) + t) for t in tails)


def test_first_bytes_are_the_rules_own():
    """Each rule's first-byte set is exactly the bytes its expression can start a match with
    (None only for a rule that matches the empty string)."""
    for rules in pp._RULES.values():
        for rx_src, _nst, _act, first in rules:
            rx = re.compile(rx_src, re.DOTALL)
            if first is None:
                assert rx.match(b"\n") is not None  # can match empty
                continue
            assert rx.match(b"") is None
            starts = bytes(c for c in range(256) if _can_start(rx, c))
            assert set(starts) == set(first), rx_src


def _lex_all(b: bytes) -> list[tuple[int, int, int, int]]:
    lx = pp.promlexer(b)
    out = []
    while lx.i < len(lx.b):
        start_state = lx.state
        tok = lx.Lex()
        out.append((int(tok), lx.start, lx.i, start_state))
        if tok in (pp.tInvalid, pp.tEOF):
            return out
    return out


_ALPHABET = st.sampled_from(
    [
        b"#",
        b" ",
        b"\t",
        b"\n",
        b"HELP ",
        b"TYPE ",
        b"m",
        b"x_1",
        b"{",
        b"}",
        b"=",
        b",",
        b'"',
        b"\\",
        b"1.5e3",
        b"123",
        b"\x00",
        b"\xff",
        b"gauge",
        b"counter",
        b"a",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=30).map(b"".join))
def test_dispatch_lexes_like_trying_every_rule(text):
    """The first-byte dispatch only skips rules that cannot match: lexing with every rule of
    the state tried at every byte gives the same tokens, spans and states."""
    b = text + b"\n"
    fast = _lex_all(b)
    every = {st: [list(rules) for _ in range(256)] for st, rules in pp._COMPILED.items()}
    saved = pp._DISPATCH
    pp._DISPATCH = every
    try:
        assert _lex_all(b) == fast
    finally:
        pp._DISPATCH = saved


def _parse_all(text: bytes) -> list[tuple]:
    p = pp.PromParser(text)
    out: list[tuple] = []
    for _ in range(200):
        et, err = p.Next()
        state = (
            et,
            None if err is None else err.Error(),
            p.l.i,
            p.l.start,
            p.l.state,
            p.start,
            list(p.offsets),
            p.text,
            p.mtype,
        )
        if et == pp.EntrySeries:
            state += (p.Series(),)
        out.append(state)
        if err is not None:
            break
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map(b"".join))
def test_comment_line_memo_changes_nothing(text):
    """Next() memoizes comment lines by their bytes; parsing with the memo cold, warm and
    switched off gives the same entries, errors and parser state after each one."""
    pp._LINE_MEMO.clear()
    cold = _parse_all(text)
    warm = _parse_all(text)
    saved = pp._LINE_MEMO_MAX
    pp._LINE_MEMO_MAX = 0
    pp._LINE_MEMO.clear()
    try:
        off = _parse_all(text)
    finally:
        pp._LINE_MEMO_MAX = saved
    assert cold == warm == off


# ---- issue 13: Metric slices the series' bytes; NaN is value.NormalNaN


def _series(text: bytes) -> tuple[str, list[tuple[str, str]], float]:
    p = pp.New(text, "")
    while True:
        et, err = p.Next()
        assert err is None
        if et == pp.EntrySeries:
            _, _, v = p.Series()
            s, labels = p.Metric()
            return s, labels, v


def test_Metric_label_values_with_non_ASCII_bytes():
    # promparse.go Metric (v2.5.0 L206-235): the label offsets count bytes of the series
    s, labels, _ = _series('m{a="é",b="x",c="日本"} 1\n'.encode())
    assert s == 'm{a="é",b="x",c="日本"}'
    assert labels == [("__name__", "m"), ("a", "é"), ("b", "x"), ("c", "日本")]
    # invalid UTF-8 is refused in values, but a name's bytes stay bytes
    _, labels, _ = _series(b'm{b="\xc3\xa9\\n",a="y"} 1\n')
    assert labels == [("__name__", "m"), ("a", "y"), ("b", "é\n")]


def test_Next_NaN_is_NormalNaN():
    # promparse.go Next (v2.5.0 L338-341): every NaN read becomes value.NormalNaN
    import struct

    for text in (b"m NaN\n", b"m nan\n", b"m NAN 5\n"):
        *_, v = _series(text)
        assert struct.pack("<d", v) == struct.pack("<Q", 0x7FF8000000000001)
