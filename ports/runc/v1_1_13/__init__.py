"""runc v1.1.13 (opencontainers/runc 58aa9203c123022138b22cf96540c284876a7910), as Kubernetes
v1.31.0 vendors it. Unchanged from v1.1.12 in every ported file (`git diff v1.1.12 v1.1.13`
over libcontainer/cgroups/{file,stats,utils,v1_utils}.go, fs/, fs2/, fscommon/, configs/ and
utils/ is empty), so this class only names the version."""

from __future__ import annotations

from ports import registry
from ports.runc import v1_1_12


@registry.register("runc@v1.1.13")
class Runc(v1_1_12.Runc):
    NAME = "runc@v1.1.13"
