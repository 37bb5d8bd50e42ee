"""cadvisor@v0.56.2 (google/cadvisor 7cbdee9260c4292d5d27d00416ce8a7dc1dc12a0), as Kubernetes
v1.36.0 vendors it. Unchanged from v0.53.0 in every ported function: `git diff v0.53.0 v0.56.2`
over the ported files adds the CFS burst counters to setCPUStats (memsim's CPU is synthetic),
the io_cost disk stats, GetExitCode on the raw handler, Percentiles.Std/Count in info/v2, the
s390x book/drawer counts in machine.go and linux build tags; the memory setters and the raw
GetSpec are as in v0.53.0 (setMemoryStats only moved, to handler.go:807-863)."""

from __future__ import annotations

from ports import registry
from ports.cadvisor import v0_53_0


@registry.register("cadvisor@v0.56.2")
class CAdvisor(v0_53_0.CAdvisor):
    TAG = "v0.56.2"
    COMMIT = "7cbdee9260c4292d5d27d00416ce8a7dc1dc12a0"
