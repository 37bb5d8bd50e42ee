"""One digest of a fake_sysfs.Tree's bytes for the tests that compare or pin rendered trees:
its files and empty directories in order, its filesystem type, uname, kernel and mounts."""

from __future__ import annotations

import hashlib
from typing import Any


def update(h: Any, t: Any) -> None:
    """Feed tree t into hash h (test_states_golden chains many trees into one digest)."""
    for p in sorted(t.files):
        h.update(p.encode() + b"\0" + t.files[p] + b"\0")
    for d in sorted(t.empty_dirs):
        h.update(b"dir " + d.encode() + b"\0")
    h.update(f"{t.fstype}|{t.uname}|{t.kernel}|{sorted(t.mounts.items())}".encode())


def digest(t: Any) -> str:
    h = hashlib.sha256()
    update(h, t)
    return h.hexdigest()
