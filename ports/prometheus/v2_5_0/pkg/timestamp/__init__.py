"""github.com/prometheus/prometheus@v2.5.0 pkg/timestamp/timestamp.go."""

from __future__ import annotations

from ports.go import time
from ports.go.builtin import int64
from ports.provenance import upstream


@upstream("prometheus/prometheus@v2.5.0 pkg/timestamp/timestamp.go:19-21")
def FromTime(t: int) -> int:
    return int64(time.UnixSec(t) * 1000 + time.Nanosecond_(t) // time.Millisecond)
