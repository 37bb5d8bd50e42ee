"""runc v1.1.15, the last 1.1 release: unchanged from v1.1.13 (so from v1.1.12) in every ported
file; only the Go that builds it differs."""

from __future__ import annotations

from ports import registry
from ports.runc import v1_1_13


@registry.register("runc@v1.1.15")
class Runc(v1_1_13.Runc):
    NAME = "runc@v1.1.15"
    # runc 1.1.15's own release and Debian trixie's build (the oracle's) use Go >= 1.22,
    # whose encoding/json writes \b and \f short
    GO_VERSION = (1, 23)
