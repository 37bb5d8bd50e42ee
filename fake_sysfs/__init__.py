"""World builder: one ground truth of a machine's memory, rendered as /proc/meminfo and as
cgroup v1 and cgroup v2 trees, materialised into pyfakefs or onto disk, and captures loaded
back. fake_sysfs never imports ports or sim.
"""

from fake_sysfs.capture import (
    CaptureError,
    builtin_captures,
    load_builtin,
    load_capture,
    write_capture,
)
from fake_sysfs.fakefs import install, uninstall
from fake_sysfs.gen import random_world
from fake_sysfs.model import (
    Cgroup,
    Limits,
    Memory,
    Node,
    World,
    cgroup,
    gib,
    mib,
    node,
    world,
)
from fake_sysfs.profiles import (
    CGROUP_MODES,
    PROFILES,
    V1_UNLIMITED,
    CgroupMode,
    KernelProfile,
    get_profile,
)
from fake_sysfs.render import render
from fake_sysfs.tree import Tree

__all__ = [
    "CGROUP_MODES",
    "PROFILES",
    "V1_UNLIMITED",
    "CaptureError",
    "Cgroup",
    "CgroupMode",
    "KernelProfile",
    "Limits",
    "Memory",
    "Node",
    "Tree",
    "World",
    "builtin_captures",
    "cgroup",
    "get_profile",
    "gib",
    "install",
    "load_builtin",
    "load_capture",
    "mib",
    "node",
    "random_world",
    "render",
    "uninstall",
    "world",
    "write_capture",
]
