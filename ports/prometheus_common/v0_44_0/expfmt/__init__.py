"""github.com/prometheus/common@v0.44.0 expfmt/text_create.go (vendored by Kubernetes v1.28.3):
the text exposition format 0.0.4 that kubelet serves to metrics-server."""

from __future__ import annotations

from dataclasses import dataclass, field

from ports.go import strconv
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
    name: str
    help: str | None
    type: str  # "counter" | "gauge"
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
    deviation="counter and gauge families only (the types /metrics/resource has)",
)
def MetricFamilyToText(mf: MetricFamily) -> str:
    out = ""
    if mf.help is not None:
        out += "# HELP " + mf.name + " " + writeEscapedString(mf.help, False) + "\n"
    out += "# TYPE " + mf.name + " " + mf.type + "\n"
    for m in mf.metrics:
        out += writeSample(mf.name, m)
    return out
