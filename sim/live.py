"""This machine as a node: the host the ports read when no tree is given.

`memsim explain --live` and `memsim inspect --live` run the ports on the host's own files
(ports.go.host.PyHost: /proc/meminfo and /sys/fs/cgroup/... through plain Python I/O, statfs
through libc), read-only, exactly as they run on a capture. A host has one cgroup layout, so it
has one view: the other is only reachable by capturing a node that has it and replaying the
capture (`memsim capture OUT` there, then `--capture OUT` here).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from fake_sysfs.live import statfs_type, uname_a
from fake_sysfs.tree import CGROUP_ROOT

CGROUP2_FSTYPE = "cgroup2fs"


@dataclass(frozen=True)
class LiveNode:
    """What explain and inspect print about the host (duck-typed like a fake_sysfs.Tree)."""

    source: str
    kernel: str
    fstype: str
    uname: str

    @property
    def is_v2(self) -> bool:
        return self.fstype == CGROUP2_FSTYPE

    @property
    def view(self) -> str:
        return "v2" if self.is_v2 else "v1"

    @property
    def missing_view_note(self) -> str:
        """Why the other view cannot be read here, and what to do instead."""
        if self.is_v2:
            return (
                "this host is cgroup v2 (statfs(/sys/fs/cgroup) = cgroup2fs): the v1 view cannot "
                "be read live. Capture a v1 node (memsim capture OUT) and replay it here with "
                "--capture OUT."
            )
        layout = "hybrid" if os.path.isdir(os.path.join(CGROUP_ROOT, "unified")) else "legacy"
        return (
            f"this host is cgroup v1 ({layout}; statfs(/sys/fs/cgroup) = {self.fstype}): the v2 "
            "view cannot be read live. Capture a v2 node (memsim capture OUT) and replay it here "
            "with --capture OUT; memsim diff --before S@v1 --after S@v2 compares both views of "
            "the same generated states."
        )


def this_node() -> LiveNode:
    """The host: kernel release, statfs type of /sys/fs/cgroup (which decides v1 vs v2)."""
    fstype = statfs_type(CGROUP_ROOT)
    return LiveNode("live: " + os.uname().nodename, os.uname().release, fstype, uname_a())
