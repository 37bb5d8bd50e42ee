"""The oracle tier: the real upstream Go code from Debian, run by oracle/harness.

Every test module here sets `pytestmark = pytest.mark.oracle`. When the harness is not built
(scripts/oracle-setup has not run, e.g. no Go) or cannot run (not root), the whole directory is
skipped with one one-line reason, so the default `pytest` stays quick; when it is built, the
default `pytest` runs this tier too (~5 s); `pytest -m oracle` runs only this tier and
`pytest -m "not oracle"` leaves it out.
"""

from __future__ import annotations

import pytest
from oracle_harness import Harness, load_harnesses

HARNESSES, SKIP_REASON = load_harnesses()
if SKIP_REASON:
    # One skip, one line, for the whole tier.
    pytest.skip(SKIP_REASON, allow_module_level=True)


@pytest.fixture(scope="session")
def harnesses() -> dict[str, Harness]:
    return {h.label: h for h in HARNESSES}
