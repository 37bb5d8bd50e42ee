"""sigs.k8s.io/metrics-server@v0.9.0 pkg/scraper/client/resource/decode.go: the one hunk since
v0.8.1 is the parser call: prometheus model/textparse (v0.313.0) via
textparse.New(b, "text/plain", nil, ParserOptions{})."""

from __future__ import annotations

from typing import Any

from ports.metrics_server.v0_8_0.pkg.scraper.client.resource import decode as base
from ports.prometheus.v2_5_0.pkg import textparse
from ports.provenance import upstream


class DecodeMixin(base.DecodeMixin):
    @upstream(
        "kubernetes-sigs/metrics-server@v0.9.0 pkg/scraper/client/resource/decode.go:47-50",
        deviation="prometheus v0.313.0's model/textparse PromParser is not ported; the v2.5.0 "
        "parser stands in. Both read kubelet's text exposition alike (names, labels, float "
        "values, integer millisecond timestamps); they differ on inputs kubelet never writes "
        "(quoted UTF-8 metric names, some error texts)",
    )
    def new_parser(self, b: bytes) -> tuple[Any, Any]:
        return textparse.New(b, "text/plain"), None
