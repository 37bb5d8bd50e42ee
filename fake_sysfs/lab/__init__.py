"""The kernel lab: real Debian kernels booted under QEMU, one declared workload run in cgroup v1
and in cgroup v2, the memory-accounting files captured at four moments (docs/lab.md).

    k = kernels.kernel("6.1", cache)                 # fetched through a private apt state
    b = boot.boot(k, "v2", workloads.workload("mix"), cache, work)
    corpus.write_boot(b, out)                        # <kernel>/<workload>/<moment>-<mode>.tar.gz
    fit.check(load_capture(path), profile)           # the model against what the kernel wrote

It produces worlds (captures in fake_sysfs's format) and checks fake_sysfs's model against them;
like the rest of fake_sysfs it never imports ports or sim. `memsim lab` (sim.commands.lab) is
its command line, sim.lab runs the pipelines over its captures for docs/lab.md.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

# (command, the Debian package that has it)
HOST_TOOLS = (
    ("qemu-system-x86_64", "qemu-system-x86"),
    ("busybox", "busybox-static"),
    ("gcc", "gcc"),
    ("mkfs.ext4", "e2fsprogs"),
    ("depmod", "kmod"),
    ("dpkg-deb", "dpkg"),
    ("apt-get", "apt"),
    ("zstd", "zstd"),
    ("file", "file"),
)


def missing_tools() -> list[str]:
    """The host tools the lab needs and does not find, as 'command (package)'."""
    out = [f"{cmd} ({pkg})" for cmd, pkg in HOST_TOOLS if shutil.which(cmd) is None]
    bb = shutil.which("busybox")
    if (
        bb
        and shutil.which("file")
        and "statically linked"
        not in subprocess.run(["file", "-bL", bb], capture_output=True, text=True).stdout
    ):
        out.append("a static busybox (busybox-static)")
    if not Path("/usr/lib/x86_64-linux-gnu/libc.a").is_file():
        out.append("static glibc for the workload (libc6-dev)")
    return out
