"""k8s.io/component-base@v0.28.3 metrics: Desc help annotation ("[ALPHA] ...", "(Deprecated
since 1.29.0) ..."), hiding of metrics deprecated before the previous minor, lazy const metrics
with timestamps, and a registry's Gather (families sorted by name, as client_golang does)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ports.go import time
from ports.prometheus_common.v0_44_0.expfmt import Metric, MetricFamily, MetricFamilyToText
from ports.provenance import upstream

REF = "kubernetes/component-base@v0.28.3 metrics"
ALPHA, BETA, STABLE = "ALPHA", "BETA", "STABLE"


def _minor(version: str) -> tuple[int, int]:
    major, minor = version.lstrip("v").split(".")[:2]
    return int(major), int(minor)


@upstream(f"{REF}/desc.go:33-62")
@dataclass
class Desc:
    fqName: str
    help: str
    variableLabels: list[str] = field(default_factory=list)
    stabilityLevel: str = ALPHA
    deprecatedVersion: str = ""

    @upstream(f"{REF}/desc.go:110-130")
    def annotated_help(self, current_version: str) -> tuple[str, bool]:
        """(annotated help, hidden) once registered on a registry of current_version:
        markDeprecated (desc.go:194-198) then annotateStabilityLevel (200-204); hidden when
        current >= deprecated minor + 1 (shouldHide, registry.go)."""
        text = self.help
        hidden = False
        if self.deprecatedVersion:
            dep = _minor(self.deprecatedVersion)
            cur = _minor(current_version)
            if dep <= cur:
                text = f"(Deprecated since {self.deprecatedVersion}) {text}"
            hidden = cur >= (dep[0], dep[1] + 1)
        return f"[{self.stabilityLevel}] {text}", hidden


@dataclass
class Sample:
    """NewLazyConstMetric (+ NewLazyMetricWithTimestamp) as a collector emits it."""

    desc: Desc
    type: str  # "gauge" | "counter"
    value: float
    labels: list[str] = field(default_factory=list)
    time: int | None = None  # ports.go.time value


@upstream(
    "prometheus/client_golang@v1.16.0 prometheus/registry.go:411-543",
    deviation="Gather's consistency checks are not ported; families are merged by name and "
    "sorted, metrics kept in collection order (one metric per family here)",
)
def Gather(samples: list[Sample], current_version: str) -> list[MetricFamily]:
    fams: dict[str, MetricFamily] = {}
    for s in samples:
        helptext, hidden = s.desc.annotated_help(current_version)
        if hidden:
            continue
        mf = fams.setdefault(s.desc.fqName, MetricFamily(s.desc.fqName, helptext, s.type))
        ts = None
        if s.time is not None:
            # prometheus.NewMetricWithTimestamp: t.Unix()*1000 + t.Nanosecond()/1e6
            ts = time.UnixSec(s.time) * 1000 + time.Nanosecond_(s.time) // time.Millisecond
        mf.metrics.append(
            Metric(s.value, sorted(zip(s.desc.variableLabels, s.labels, strict=True)), ts)
        )
    return [fams[k] for k in sorted(fams)]


def expose(samples: list[Sample], current_version: str) -> str:
    """What GET /metrics/resource returns (text format 0.0.4, promhttp without Accept)."""
    out = []
    for mf in Gather(samples, current_version):
        text, _, err = MetricFamilyToText(mf)
        if err is not None:  # Gather makes no family without a metric or a name
            raise RuntimeError(f"kubelet /metrics/resource: {err.Error()}")
        out.append(text)
    return "".join(out)
