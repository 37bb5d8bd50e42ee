"""github.com/prometheus/common@v0.44.0 expfmt/text_create.go (vendored by Kubernetes v1.28.3):
the text exposition format 0.0.4 that kubelet serves to metrics-server."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ports.go import fmt, strconv
from ports.provenance import upstream

REF = "prometheus/common@v0.44.0 expfmt/text_create.go"


@dataclass
class Metric:
    """dto.Metric for gauges and counters: label pairs (already sorted), value, TimestampMs."""

    value: float
    labels: list[tuple[str, str]] = field(default_factory=list)
    timestamp_ms: int | None = None


@dataclass
class MetricFamily:
    name: str | None  # None: a nil Name (GetName() is "" for both)
    help: str | None
    type: str  # "counter" | "gauge" | "untyped"
    metrics: list[Metric] = field(default_factory=list)


@upstream(f"{REF}:422-430")
def writeEscapedString(v: str, includeDoubleQuote: bool) -> str:
    v = v.replace("\\", "\\\\").replace("\n", "\\n")
    return v.replace('"', '\\"') if includeDoubleQuote else v


@upstream(f"{REF}:432-456")
def writeFloat(f: float) -> str:
    if f == 1:
        return "1"
    if f == 0:
        return "0"
    if f == -1:
        return "-1"
    return strconv.FormatFloat(f, "g", -1, 64)  # also NaN, +Inf, -Inf


@upstream(f"{REF}:340-420")
def writeLabelPairs(labels: list[tuple[str, str]]) -> str:
    if not labels:
        return ""
    return "{" + ",".join(f'{k}="{writeEscapedString(v, True)}"' for k, v in labels) + "}"


@upstream(f"{REF}:276-338")
def writeSample(name: str, m: Metric) -> str:
    out = name + writeLabelPairs(m.labels) + " " + writeFloat(m.value)
    if m.timestamp_ms is not None:
        out += " " + str(m.timestamp_ms)
    return out + "\n"


@upstream(
    f"{REF}:66-274",
    deviation="counter, gauge and untyped families (the types /metrics/resource has); "
    "returns (text written, bytes written, error) instead of writing to an io.Writer",
)
def MetricFamilyToText(mf: MetricFamily) -> tuple[str, int, Any]:
    # the fail-fast checks: nothing is written
    if len(mf.metrics) == 0:
        return "", 0, fmt.Errorf("MetricFamily has no metrics: %s", CompactTextString(mf))
    name = mf.name or ""  # in.GetName()
    if name == "":
        return "", 0, fmt.Errorf("MetricFamily has no name: %s", CompactTextString(mf))
    out = ""
    if mf.help is not None:
        out += "# HELP " + name + " " + writeEscapedString(mf.help, False) + "\n"
    out += "# TYPE " + name + " " + mf.type + "\n"
    for m in mf.metrics:
        out += writeSample(name, m)
    return out, len(out.encode("utf-8", "surrogateescape")), None


# ---- the error text: what %s makes of a *dto.MetricFamily (client_model v0.3.0's generated
# String() is golang/protobuf's CompactTextString)

PB = "golang/protobuf@v1.5.2 proto/text_encode.go"
_FIELDS_METRIC_VALUE = {"counter": "counter", "gauge": "gauge", "untyped": "untyped"}


@upstream(f"{PB}:407-430")
def writeQuotedString(s: str) -> str:
    out = ['"']
    for c in s.encode("utf-8", "surrogateescape"):
        if c == 0x0A:
            out.append("\\n")
        elif c == 0x0D:
            out.append("\\r")
        elif c == 0x09:
            out.append("\\t")
        elif c == 0x22:
            out.append('\\"')
        elif c == 0x5C:
            out.append("\\\\")
        elif 0x20 <= c < 0x7F:
            out.append(chr(c))
        else:
            out.append(f"\\{c:03o}")
    out.append('"')
    return "".join(out)


@upstream(f"{PB}:354-405", deviation="the double and int64 kinds dto.Metric has")
def _double(f: float) -> str:
    if math.isinf(f):
        return "inf" if f > 0 else "-inf"
    if math.isnan(f):
        return "nan"
    return strconv.FormatFloat(f, "g", -1, 64)  # fmt.Fprint of a float64


@upstream(
    f"{PB}:261-352",
    deviation="CompactTextString (L103-106) over writeMessage: the fields of dto.MetricFamily "
    "(client_model v0.3.0) that the families here "
    "set, in field-number order, each followed by a space as the compact writer does",
)
def CompactTextString(mf: MetricFamily) -> str:
    out = []
    if mf.name is not None:
        out.append(f"name:{writeQuotedString(mf.name)} ")
    if mf.help is not None:
        out.append(f"help:{writeQuotedString(mf.help)} ")
    out.append(f"type:{mf.type.upper()} ")
    for m in mf.metrics:
        out.append("metric:<")
        for k, v in m.labels:
            out.append(f"label:<name:{writeQuotedString(k)} value:{writeQuotedString(v)} > ")
        out.append(f"{_FIELDS_METRIC_VALUE[mf.type]}:<value:{_double(m.value)} > ")
        if m.timestamp_ms is not None:
            out.append(f"timestamp_ms:{m.timestamp_ms} ")
        out.append("> ")
    return "".join(out)
