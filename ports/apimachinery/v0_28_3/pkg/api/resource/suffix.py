"""k8s.io/apimachinery@v0.28.3 pkg/api/resource/suffix.go: the canonical suffix of a
(base, exponent) pair. Only constructBytes is ported (formatting); interpret (parsing) is not."""

from __future__ import annotations

from ports.provenance import upstream

# newSuffixer (suffix.go:108-135): the (base, exponent) -> suffix tables.
_BIN = {(2, 10): "Ki", (2, 20): "Mi", (2, 30): "Gi", (2, 40): "Ti", (2, 50): "Pi", (2, 60): "Ei"}
_DEC = {
    (2, 0): "",
    (10, -9): "n",
    (10, -6): "u",
    (10, -3): "m",
    (10, 0): "",
    (10, 3): "k",
    (10, 6): "M",
    (10, 9): "G",
    (10, 12): "T",
    (10, 15): "P",
    (10, 18): "E",
}


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/suffix.go:155-178")
def constructBytes(base: int, exponent: int, format: str) -> tuple[str, bool]:
    if format == "DecimalSI":
        s = _DEC.get((base, exponent))
        return (s, True) if s is not None else ("", False)
    if format == "BinarySI":
        s = _BIN.get((base, exponent))
        return (s, True) if s is not None else ("", False)
    if format == "DecimalExponent":
        if base != 10:
            return "", False
        if exponent == 0:
            return "", True
        return "e" + str(exponent), True
    return "", False
