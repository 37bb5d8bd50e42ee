"""k8s.io/apimachinery@v0.28.3 pkg/api/resource/scale_int.go."""

from __future__ import annotations

from ports.go.builtin import int64, quo, rem
from ports.provenance import upstream


@upstream("kubernetes/apimachinery@v0.28.3 pkg/api/resource/scale_int.go:43-95")
def scaledValue(unscaled: int, scale: int, newScale: int) -> int:
    """unscaled * 10**(-scale) expressed at newScale, rounding up when scaling down; the
    result is big.Int.Int64() (low 64 bits) and may overflow, as upstream says."""
    dif = scale - newScale
    if dif == 0:
        return int64(unscaled)
    if dif < 0:
        return int64(int64(unscaled) * 10 ** (-dif))
    result, mod = quo(unscaled, 10**dif), rem(unscaled, 10**dif)
    if mod != 0:
        return int64(result + 1)
    return int64(result)
