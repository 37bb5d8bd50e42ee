"""prometheus/common@v0.44.0 expfmt/text_create.go MetricFamilyToText: the text, the bytes
written, and the fail-fast errors with Go's text (issue 13). The error text prints the
family with %s, i.e. golang/protobuf's CompactTextString of the dto message; these strings
are what the oracle tier saw the real Go (Debian's prometheus-common 0.39.0, whose
text_create.go is v0.44.0's) print."""

from __future__ import annotations

import math

from ports.prometheus_common.v0_44_0.expfmt import Metric, MetricFamily, MetricFamilyToText


def test_MetricFamilyToText_empty_family_fails():
    mf = MetricFamily("node_x", 'He\\lp\n"q" é', "gauge", [])
    assert MetricFamilyToText(mf)[:2] == ("", 0)
    assert MetricFamilyToText(mf)[2].Error() == (
        'MetricFamily has no metrics: name:"node_x" help:"He\\\\lp\\n\\"q\\" \\303\\251" '
        "type:GAUGE "
    )


def test_MetricFamilyToText_no_name_fails():
    mf = MetricFamily(
        None,
        "h",
        "gauge",
        [Metric(math.nan, [("a", 'v"\n\\\x01')], 123), Metric(1.0)],
    )
    _, n, err = MetricFamilyToText(mf)
    assert n == 0 and err.Error() == (
        'MetricFamily has no name: help:"h" type:GAUGE metric:<label:<name:"a" '
        'value:"v\\"\\n\\\\\\001" > gauge:<value:nan > timestamp_ms:123 > '
        "metric:<gauge:<value:1 > > "
    )
    # a Name set to "" is printed, and fails the same way
    mf.name = ""
    assert MetricFamilyToText(mf)[2].Error().startswith('MetricFamily has no name: name:"" ')


def test_MetricFamilyToText():
    mf = MetricFamily(
        "x",
        None,
        "counter",
        [Metric(math.nan, [("a", 'v"\n\\')], 123), Metric(-math.inf), Metric(-0.0)],
    )
    text, n, err = MetricFamilyToText(mf)
    assert err is None
    assert text == '# TYPE x counter\nx{a="v\\"\\n\\\\"} NaN 123\nx -Inf\nx 0\n'
    assert n == len(text)
