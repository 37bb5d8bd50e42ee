"""World builder: one ground truth of a machine's memory, rendered as /proc/meminfo and as
cgroup v1 and cgroup v2 trees, materialised into pyfakefs or onto disk, and captures loaded
back. fake_sysfs never imports ports or sim.

    w = random_world(seed, profile="6.1")          # a valid World (model.py), same for same seed
    random_world(seed, mix=Mix(anon=(0.8, 0.2)))   # the same draws, another mix of memory
    t1 = render(w, "v1", scope="node")             # Tree: files by absolute path, fstype, mounts
    t2 = render(w, "v2", scope="node")             # the same state as a cgroup v2 node
    w.accounting.truth()                           # ground-truth scalars (bytes) to check against
    install(t1, fs)                                # into a pyfakefs FakeFilesystem
    write_capture(t2, "out/")                      # onto disk in the recorded layout
    load_capture("out/") == t2                     # the one way in: dir, .tar.gz, "builtin:NAME"
    builtin_captures()                             # ["v1-kernel6.18/0-idle", ...]
    lab_captures()                                 # ["lab/6.1/anon/baseline-v1", ...] (fake_sysfs.lab)

World pieces compose: world(profile, mode, node(...), cgroup("", cgroup("kubepods.slice", ...))),
and repr() of any of them is the call that rebuilds it. Kernel profiles are feature sets
(profiles.py); hypothesis strategies live in fake_sysfs.strategies (tests only).

Counter quirks (kernel.md §5.4) are part of the ground truth: cgroup(..., stale=Memory(...))
is what a cgroup's statistics have not caught up with (memory.stat, numa_stat and the
memcg-based v1 root usage show it; page counters and meminfo do not), node(..., drift_free=..)
the vmstat drift /proc/meminfo shows. A Tree may hold empty directories (tree.with_dir(path):
a hostile state's file replaced by a directory); install, write_capture and load_capture
carry them, and ports.go's FakeHost(files=, dirs=tree.empty_dirs) serves them.
"""

from fake_sysfs.capture import (
    CaptureError,
    builtin_captures,
    lab_captures,
    load_builtin,
    load_capture,
    read_manifest,
    write_capture,
)
from fake_sysfs.fakefs import install, uninstall
from fake_sysfs.gen import Mix, drawn_profile, random_world
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
    KNOWN,
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
    "KNOWN",
    "PROFILES",
    "V1_UNLIMITED",
    "CaptureError",
    "Cgroup",
    "CgroupMode",
    "KernelProfile",
    "Limits",
    "Memory",
    "Mix",
    "Node",
    "Tree",
    "World",
    "builtin_captures",
    "cgroup",
    "drawn_profile",
    "get_profile",
    "gib",
    "install",
    "lab_captures",
    "load_builtin",
    "load_capture",
    "mib",
    "node",
    "random_world",
    "read_manifest",
    "render",
    "uninstall",
    "world",
    "write_capture",
]
