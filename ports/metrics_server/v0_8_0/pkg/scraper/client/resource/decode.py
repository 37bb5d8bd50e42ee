"""sigs.k8s.io/metrics-server@v0.8.0 pkg/scraper/client/resource/decode.go: the parser is asked
for "text/plain" (textparse.New(b, "text/plain", "", false, false, nil)); the other hunks rename
Cpu to CPU in identifiers, with no change in behaviour."""

from __future__ import annotations

from typing import Any

from ports.metrics_server.v0_7_0.pkg.scraper.client.resource import decode as base
from ports.prometheus.v2_5_0.pkg import textparse
from ports.provenance import upstream


class DecodeMixin(base.DecodeMixin):
    @upstream(
        "kubernetes-sigs/metrics-server@v0.8.0 pkg/scraper/client/resource/decode.go:47-50",
        deviation="the model/textparse PromParser is not ported; prometheus v2.5.0's parser "
        "stands in (kubelet's text exposition reads alike)",
    )
    def new_parser(self, b: bytes) -> tuple[Any, Any]:
        return textparse.New(b, "text/plain"), None
