"""sigs.k8s.io/metrics-server@v0.7.0 pkg/scraper/client/resource/decode.go: prometheus moved the
parser to model/textparse, whose New(b, "", false) can fail (decodeBatch then returns "failed to
initialize Prometheus parser: ..."). For the text exposition it returns the PromParser."""

from __future__ import annotations

from typing import Any

from ports.metrics_server.v0_6_4.pkg.scraper.client.resource import decode as base
from ports.prometheus.v2_5_0.pkg import textparse
from ports.provenance import upstream


class DecodeMixin(base.DecodeMixin):
    @upstream(
        "kubernetes-sigs/metrics-server@v0.7.0 pkg/scraper/client/resource/decode.go:47-50",
        deviation="the model/textparse PromParser of the prometheus metrics-server v0.7.0 vendors "
        "is not ported; prometheus v2.5.0's parser stands in. Both read kubelet's text "
        "exposition alike, and New cannot fail for a text content type",
    )
    def new_parser(self, b: bytes) -> tuple[Any, Any]:
        return textparse.New(b, ""), None
