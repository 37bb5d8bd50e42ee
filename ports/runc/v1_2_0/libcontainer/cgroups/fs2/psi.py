"""libcontainer/cgroups/fs2/psi.go at runc v1.2.0 (new): pressure stall information from
<controller>.pressure (runc PR #3900)."""

from __future__ import annotations

from typing import Any

from ports.go import bufio, errors, fmt, os, strconv, strings, unix
from ports.go.builtin import panic
from ports.provenance import upstream
from ports.runc.api import Package
from ports.runc.v1_1_7.libcontainer.cgroups.fs2.fs2 import parseError

_F = "opencontainers/runc@v1.2.0 libcontainer/cgroups/fs2/psi.go"


class PsiGo(Package):
    @upstream(f"{_F}:16-56")
    def stat_psi(self, dirPath: str, file: str) -> tuple[Any, Any]:
        f, err = self.cgroups.open_file(dirPath, file, os.O_RDONLY)
        if err is not None:
            if errors.Is(err, os.ErrNotExist):
                # Kernel < 4.20, or CONFIG_PSI is not set,
                # or PSI stats are turned off for the cgroup
                # ("echo 0 > cgroup.pressure", kernel >= 6.1).
                return None, None
            return None, err

        psistats = self.cgroups.PSIStats()
        assert f is not None
        sc = bufio.NewScanner(f)
        while sc.Scan():
            parts = strings.Fields(sc.Text())
            if len(parts) == 0:
                # parts[0] on an empty line: Go panics
                panic("runtime error: index out of range [0] with length 0")
            pv = None
            if parts[0] == "some":
                pv = "some"
            elif parts[0] == "full":
                pv = "full"
            if pv is not None:
                data, err = self.parse_psi_data(parts[1:])
                setattr(psistats, pv, data)  # *pv, err = parsePSIData(parts[1:])
                if err is not None:
                    return None, parseError(Path=dirPath, File=file, Err=err)
        err = sc.Err()
        if err is not None:
            if errors.Is(err, unix.ENOTSUP):
                # Some kernels (e.g. CS9) may return ENOTSUP on read
                # if psi=1 kernel cmdline parameter is required.
                return None, None
            return None, parseError(Path=dirPath, File=file, Err=err)
        return psistats, None

    @upstream(f"{_F}:58-89")
    def parse_psi_data(self, psi: list[str]) -> tuple[Any, Any]:
        data = self.cgroups.PSIData()
        for f in psi:
            kv = strings.SplitN(f, "=", 2)
            assert kv is not None
            if len(kv) != 2:
                return data, fmt.Errorf("invalid psi data: %q", f)
            pv = None
            if kv[0] == "avg10":
                pv = "avg10"
            elif kv[0] == "avg60":
                pv = "avg60"
            elif kv[0] == "avg300":
                pv = "avg300"
            elif kv[0] == "total":
                v, err = strconv.ParseUint(kv[1], 10, 64)
                if err is not None:
                    return data, fmt.Errorf("invalid %s PSI value: %w", kv[0], err)
                data.total = v
            if pv is not None:
                fv, err = strconv.ParseFloat(kv[1], 64)
                if err is not None:
                    return data, fmt.Errorf("invalid %s PSI value: %w", kv[0], err)
                setattr(data, pv, fv)
        return data, None
