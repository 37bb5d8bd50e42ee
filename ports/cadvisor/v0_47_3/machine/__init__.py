"""github.com/google/cadvisor@v0.47.3 machine/machine.go: memory and swap capacity from
/proc/meminfo (read at call time, so pyfakefs and the live host both work); machine/info.go's
hugepage step is mixed in from machine/info.py."""

from __future__ import annotations

import re
from typing import Any

from ports.cadvisor.v0_47_3.machine.info import InfoMixin
from ports.go import fmt, os, strconv
from ports.provenance import formula, upstream

REF = "google/cadvisor@v0.47.3 machine/machine.go"

# Go's \s is [\t\n\f\r ] (RE2, ASCII only)
memoryCapacityRegexp = re.compile(rb"MemTotal:[\t\n\f\r ]*([0-9]+) kB")
swapCapacityRegexp = re.compile(rb"SwapTotal:[\t\n\f\r ]*([0-9]+) kB")


class Machine(InfoMixin):
    """package machine (machine.go; info.go's hugepage step in machine/info.py)."""

    def __init__(self, root: Any) -> None:
        self.root = root

    @upstream(f"{REF}:138-149")
    @formula("Spec.Memory.Limit", "/proc/meminfo MemTotal x 1024 = {MemTotal} x 1024")
    @formula("Spec.Memory.Limit unreadable", "MemTotal unreadable: HasMemory = false")
    def GetMachineMemoryCapacity(self) -> tuple[int, Any]:
        out, err = os.ReadFile("/proc/meminfo")
        if err is not None:
            return 0, err
        memoryCapacity, err = self.parseCapacity(out, memoryCapacityRegexp)
        if err is not None:
            return 0, err
        return memoryCapacity, err

    @upstream(f"{REF}:212-223")
    def GetMachineSwapCapacity(self) -> tuple[int, Any]:
        out, err = os.ReadFile("/proc/meminfo")
        if err is not None:
            return 0, err
        swapCapacity, err = self.parseCapacity(out, swapCapacityRegexp)
        if err is not None:
            return 0, err
        return swapCapacity, err

    @upstream(f"{REF}:236-248")
    def parseCapacity(self, b: bytes, r: re.Pattern[bytes]) -> tuple[int, Any]:
        matches = r.search(b)
        if matches is None:
            return 0, fmt.Errorf("failed to match regexp in output: %q", os.decode(b))
        m, err = strconv.ParseUint(os.decode(matches.group(1)), 10, 64)
        if err is not None:
            return 0, err
        # uint64 multiplication wraps
        return (m * 1024) & ((1 << 64) - 1), err
