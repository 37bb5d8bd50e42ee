"""k8s.io/apimachinery@v0.28.3 pkg/api/resource/suffix.go: the canonical suffix of a
(base, exponent) pair (constructBytes) and the (base, exponent, format) of a suffix
(interpret, fastLookup first)."""

from __future__ import annotations

from ports.go import strconv
from ports.go.builtin import int32
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


# suffixToBE of the two listSuffixers (newSuffixer: "" is added twice to decSuffixes, and
# the second, (10, 0), wins)
_BIN_LOOKUP = {v: k for k, v in _BIN.items()}
_DEC_LOOKUP = {v: k for k, v in _DEC.items() if k != (2, 0)}


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/suffix.go:88-106")
def interpret(s: str) -> tuple[int, int, str, bool]:
    """fastLookup.interpret: the common decimal suffixes, else suffixHandler.interpret."""
    fast = _FAST.get(s)
    if fast is not None:
        return 10, fast, "DecimalSI", True
    return suffixHandler_interpret(s)


_FAST = {"": 0, "n": -9, "u": -6, "m": -3, "k": 3, "M": 6, "G": 9}


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/suffix.go:180-198")
def suffixHandler_interpret(suffix: str) -> tuple[int, int, str, bool]:
    be = _DEC_LOOKUP.get(suffix)
    if be is not None:
        return be[0], be[1], "DecimalSI", True
    be = _BIN_LOOKUP.get(suffix)
    if be is not None:
        return be[0], be[1], "BinarySI", True
    if len(suffix) > 1 and suffix[0] in "Ee":
        parsed, err = strconv.ParseInt(suffix[1:], 10, 64)
        if err is not None:
            return 0, 0, "DecimalExponent", False
        return 10, int32(parsed), "DecimalExponent", True
    return 0, 0, "DecimalExponent", False
