"""The host shim a tree stands for: the kernel the ports talk to when they read it.

A fake_sysfs.Tree (a rendered world or a loaded capture) becomes a ports.go.host.FakeHost:
its mount table answers statfs (cgroup2fs vs tmpfs decides v1 vs v2, as on a node), openat2
exists from Linux 5.6 (runc's open path and error op names depend on it), and its files are
served from memory - or, with `files=False`, read through Python I/O (pyfakefs).
"""

from __future__ import annotations

import re
from typing import Any

from ports.go import host

_REL = re.compile(r"^(\d+)\.(\d+)")


def kernel_version(release: str) -> tuple[int, int]:
    m = _REL.match(release or "")
    return (int(m[1]), int(m[2])) if m else (0, 0)


def has_openat2(release: str) -> bool:
    """openat2(2) arrived in Linux 5.6 (RHEL 8's 4.18 did not get it)."""
    return kernel_version(release) >= (5, 6)


# What the oracle harness's sandbox always has, whatever the tree holds: /proc, and a mount
# at /sys/fs/cgroup (oracle/harness/main.go).
HARNESS_DIRS = ("/proc", "/sys", "/sys/fs", "/sys/fs/cgroup")
# ... and where its lookups happen: the tree's cgroup files all sit in one tmpfs mounted on
# /sys/fs/cgroup (whatever statfs is made to answer), so a name over NAME_MAX there gives
# ENAMETOOLONG, where a node's cgroupfs gives ENOENT (ports.go.host.NAME_MAX_UNCHECKED)
HARNESS_LOOKUP_MOUNTS = {**host.BASE_LOOKUP_MOUNTS, "/sys/fs/cgroup": host.TMPFS_MAGIC}


def for_tree(tree: Any, *, files: bool = True, harness: bool = False) -> host.FakeHost:
    """The FakeHost of a fake_sysfs.Tree: its mounts, its files and empty directories from
    memory (`files=False`: through Python I/O, i.e. pyfakefs), openat2 as its kernel has it.

    `harness=True` is the machine the oracle harness runs the real Go on instead: this
    machine's kernel (openat2 present) and a sandbox that always has HARNESS_DIRS, so ports
    and harness see the same host (memsim runc, memsim oracle)."""
    dirs = tuple(getattr(tree, "empty_dirs", ()) or ())
    if harness:
        dirs += HARNESS_DIRS
    return host.FakeHost(
        dict(tree.mounts),
        openat2=True if harness else has_openat2(tree.kernel),
        files=tree.files if files else None,
        dirs=dirs if files else None,
        lookup_mounts=HARNESS_LOOKUP_MOUNTS if harness else None,
    )
