"""The lab tier: real Debian kernels booted under QEMU (fake_sysfs.lab, docs/lab.md).

Every test here is marked `lab` and boots guests (about half a minute each under TCG), so the
tier runs only when asked for: `pytest -m lab` (or MEMSIM_LAB=1). Asked for but unable to run
(no QEMU or another host tool: scripts/lab-setup installs them; or the Debian kernel packages
cannot be fetched and are not in the lab cache), every test skips with the same one-line
reason. The kernels come from the lab cache ($MEMSIM_LAB_CACHE, default .cache/lab).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fake_sysfs.lab import missing_tools
from fake_sysfs.lab.matrix import default_cache

_REASON: list[str] = []


def _why_not(config: pytest.Config) -> str | None:
    markexpr = config.getoption("markexpr") or ""
    if "lab" not in markexpr and os.environ.get("MEMSIM_LAB") != "1":
        return "the lab tier boots QEMU guests (a minute or more): run it with pytest -m lab"
    missing = missing_tools()
    if missing:
        return f"lab tier: missing {', '.join(missing)} (run scripts/lab-setup as root)"
    if not _REASON:
        from fake_sysfs.lab.apt import AptError
        from fake_sysfs.lab.kernels import KernelError, kernel

        try:
            kernel("6.1", default_cache(), log=lambda _m: None)
            _REASON.append("")
        except (AptError, KernelError, OSError) as e:
            _REASON.append(f"lab tier: the 6.1 kernel package cannot be had ({e})")
    return _REASON[0] or None


@pytest.fixture(scope="session")
def lab_cache(request: pytest.FixtureRequest) -> Path:
    why = _why_not(request.config)
    if why:
        pytest.skip(why)
    return default_cache()
