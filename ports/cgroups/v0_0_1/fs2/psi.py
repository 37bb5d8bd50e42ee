"""fs2/psi.go at opencontainers/cgroups v0.0.1: parsePSIData splits with strings.Cut (same
results)."""

from __future__ import annotations

from typing import Any

from ports.go import fmt, strconv, strings
from ports.provenance import upstream
from ports.runc.v1_2_0.libcontainer.cgroups.fs2 import psi as runc_v1_2_0

_F = "opencontainers/cgroups@v0.0.1 fs2/psi.go"


class PsiGo(runc_v1_2_0.PsiGo):
    @upstream(f"{_F}:58-89")
    def parse_psi_data(self, psi: list[str]) -> tuple[Any, Any]:
        data = self.cgroups.PSIData()
        for f in psi:
            key, val, ok = strings.Cut(f, "=")
            if not ok:
                return data, fmt.Errorf("invalid psi data: %q", f)
            pv = None
            if key == "avg10":
                pv = "avg10"
            elif key == "avg60":
                pv = "avg60"
            elif key == "avg300":
                pv = "avg300"
            elif key == "total":
                v, err = strconv.ParseUint(val, 10, 64)
                if err is not None:
                    return data, fmt.Errorf("invalid %s PSI value: %w", key, err)
                data.total = v
            if pv is not None:
                fv, err = strconv.ParseFloat(val, 64)
                if err is not None:
                    return data, fmt.Errorf("invalid %s PSI value: %w", key, err)
                setattr(data, pv, fv)
        return data, None
