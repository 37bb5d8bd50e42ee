"""github.com/prometheus/prometheus@v2.5.0 pkg/textparse: the Prometheus text-format parser
metrics-server v0.6.4 decodes kubelet's /metrics/resource with."""

from ports.prometheus.v2_5_0.pkg.textparse.promparse import (
    EntryComment,
    EntryHelp,
    EntryInvalid,
    EntrySeries,
    EntryType,
    EntryUnit,
    New,
    PromParser,
)

__all__ = [
    "EntryComment",
    "EntryHelp",
    "EntryInvalid",
    "EntrySeries",
    "EntryType",
    "EntryUnit",
    "New",
    "PromParser",
]
