"""`memsim oracle --src DIR`: a cAdvisor, kubelet or metrics-server checkout against its port.

Filled in below (detect, build, compare)."""

from __future__ import annotations

import argparse
from typing import Any


def main(args: argparse.Namespace, err: Any) -> int:
    err.print("memsim oracle: --src is not built yet")
    return 2
