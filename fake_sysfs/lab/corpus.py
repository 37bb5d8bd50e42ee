"""A boot's output as memsim captures, one per moment, each with its manifest.

Layout (what `memsim lab run --out DIR` writes, and what the shipped corpus is):

    DIR/<kernel>/<workload>/<moment>-<mode>.tar.gz

<mode> is v1 or v2, or v1nomem for a v1 boot of a kernel without the cgroup v1 memory
controller (CONFIG_MEMCG_V1=n: the guest then mounts the v1 pids controller instead, as a v1
node on such a kernel has no memory hierarchy at all). Every archive is a capture in the
recorded layout (fake_sysfs.capture: fstype, uname, proc/, sys/fs/cgroup/) whose
manifest.json says what made it (manifest()). The v1 and the v2 capture of one (kernel,
workload, moment) are one ground truth: the same workload, from the same seed, on the same
kernel, seen through the two cgroup versions; their manifests share a `pair` id.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fake_sysfs.capture import infer_mounts, write_capture
from fake_sysfs.lab.boot import MEM_MIB, SMP, Boot
from fake_sysfs.lab.guest import guest_file
from fake_sysfs.lab.workloads import MOMENT_ABOUT, MOMENTS
from fake_sysfs.tree import FSTYPE_V1, FSTYPE_V2, Tree

MANIFEST_KIND = "lab"
MANIFEST_VERSION = 1
# the kernel options a manifest records
CONFIG_KEYS = (
    "CONFIG_MEMCG",
    "CONFIG_MEMCG_V1",
    "CONFIG_LRU_GEN",
    "CONFIG_LRU_GEN_ENABLED",
    "CONFIG_TRANSPARENT_HUGEPAGE_ALWAYS",
    "CONFIG_TRANSPARENT_HUGEPAGE_MADVISE",
    "CONFIG_SWAP",
    "CONFIG_ZSWAP",
    "CONFIG_ZSWAP_DEFAULT_ON",
    "CONFIG_PSI",
    "CONFIG_PSI_DEFAULT_DISABLED",
    "CONFIG_MEMORY_FAILURE",
    "CONFIG_HUGETLBFS",
    "CONFIG_CGROUP_HUGETLB",
    "CONFIG_NUMA",
    "CONFIG_VMAP_STACK",
    "CONFIG_UNACCEPTED_MEMORY",
)
NAME = re.compile(r"^(?P<moment>[a-z]+)-(?P<mode>v1|v2|v1nomem)$")


def mode_label(b: Boot) -> str:
    if b.mode == "v1" and b.guest_info().get("v1_memory") == "absent":
        return "v1nomem"
    return b.mode


def pair_id(kernel: str, workload: str, moment: str) -> str:
    return f"{kernel}/{workload}/{moment}"


def relpath(kernel: str, workload: str, moment: str, label: str) -> str:
    return f"{kernel}/{workload}/{moment}-{label}.tar.gz"


@dataclass(frozen=True)
class LabName:
    """What a lab capture's path says: <kernel>/<workload>/<moment>-<mode>."""

    kernel: str
    workload: str
    moment: str
    mode: str

    @property
    def pair(self) -> str | None:
        return pair_id(self.kernel, self.workload, self.moment) if self.mode != "v1nomem" else None


def parse_name(name: str) -> LabName | None:
    """ "lab/6.1/mix/loaded-v1" (or the path under the corpus) as its parts; None if not one."""
    parts = name.removeprefix("lab/").removesuffix(".tar.gz").split("/")
    if len(parts) != 3:
        return None
    m = NAME.match(parts[2])
    if m is None:
        return None
    return LabName(parts[0], parts[1], m.group("moment"), m.group("mode"))


def _kv(data: bytes) -> dict[str, str]:
    out = {}
    for line in data.decode(errors="replace").splitlines():
        k, _, v = line.partition(":" if ":" in line else " ")
        if k.strip():
            out[k.strip()] = v.strip()
    return out


def _version(pkg: str) -> str:
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Version}", pkg], capture_output=True, text=True
        )
    except FileNotFoundError:
        return ""
    return out.stdout.strip()


_GUEST: dict[str, str] = {}


def guest_build() -> dict[str, str]:
    """What the guest was made of: digests of our init and workload source, and the Debian
    versions of the busybox and gcc that built it."""
    if not _GUEST:
        for name in ("init", "workload.c"):
            _GUEST[name + "_sha256"] = hashlib.sha256(guest_file(name)).hexdigest()[:16]
        _GUEST["busybox-static"] = _version("busybox-static")
        _GUEST["gcc"] = _version("gcc")
    return dict(_GUEST)


def manifest(b: Boot, moment: str) -> dict[str, Any]:
    """The manifest of one moment's capture: kernel (package and version), command line,
    mode, workload, moment, and the boot's facts (timings, guest settings, errors)."""
    k = b.kernel
    label = mode_label(b)
    smaps = {
        key: val for key, val in _kv(b.files.get("smaps_rollup", b"")).items() if val.endswith("kB")
    }
    return {
        "memsim": MANIFEST_KIND,
        "version": MANIFEST_VERSION,
        "pair": pair_id(k.name, b.workload.name, moment) if label != "v1nomem" else None,
        "kernel": {
            "name": k.name,
            "release": k.release,
            "packages": [list(p) for p in k.packages],
            "built_here": k.built,
            "memcg_v1": k.memcg_v1,
            "config": {c: k.cfg(c) for c in CONFIG_KEYS},
        },
        "mode": b.mode,
        "label": label,
        "memory_controller": label != "v1nomem",
        "workload": {**b.workload.declared(), "about": b.workload.about},
        "moment": moment,
        "moment_about": MOMENT_ABOUT[moment],
        "moments": list(MOMENTS),
        "cmdline": b.cmdline,
        "qemu": {
            "version": b.qemu_version,
            "args": [a for a in b.qemu_args if not a.startswith("/")],
            "accel": b.accel,
            "mem_mib": MEM_MIB,
            "smp": SMP,
        },
        "guest": b.guest_info(),
        "guest_build": guest_build(),
        "workload_process": {
            "ready": _kv(b.files.get("workload.txt", b"")),
            "smaps_rollup_kb": {key: int(val.split()[0]) for key, val in smaps.items()},
        },
        "uptime_s": float(b.files.get(f"{moment}/uptime", b"0").split()[0]),
        "timings": b.timings,
        "errors": b.errors,
    }


def tree_of(b: Boot, moment: str) -> Tree:
    """One moment of a boot as a Tree (what load_capture gives back for its archive)."""
    prefix = moment + "/"
    files: dict[str, bytes] = {}
    for rel, data in b.files.items():
        if rel.startswith(prefix):
            sub = rel[len(prefix) :]
            if sub.startswith(("proc/", "sys/")):
                files["/" + sub] = data
    if "/proc/meminfo" not in files:
        raise ValueError(f"{b.kernel.name} {b.mode} {b.workload.name}: no {moment}/proc/meminfo")
    fstype = FSTYPE_V2 if b.mode == "v2" else FSTYPE_V1
    uname = b.guest_info().get("uname", "")
    return Tree(
        files=files,
        fstype=fstype,
        mounts=infer_mounts(fstype, files),
        uname=uname,
        kernel=b.kernel.release,
    )


def write_boot(b: Boot, out: Path, logs: Path | None = None) -> list[Path]:
    """The boot's four captures under `out` (replacing those of an earlier boot); with `logs`,
    the console (host-timestamped), the guest's other files and boot.json there too."""
    label = mode_label(b)
    written = []
    for moment in MOMENTS:
        dest = out / relpath(b.kernel.name, b.workload.name, moment, label)
        dest.parent.mkdir(parents=True, exist_ok=True)
        doc = manifest(b, moment)
        extra = {"manifest.json": json.dumps(doc, indent=1, sort_keys=True).encode() + b"\n"}
        write_capture(tree_of(b, moment), dest, exist_ok=True, extra=extra)
        written.append(dest)
    if logs is not None:
        d = logs / b.kernel.name / b.workload.name / label
        d.mkdir(parents=True, exist_ok=True)
        (d / "console.log").write_text("".join(f"{t:9.3f} {line}\n" for t, line in b.console))
        for rel, data in b.files.items():
            if "/" not in rel:
                (d / rel).write_bytes(data)
        boot = {
            k: v
            for k, v in manifest(b, "loaded").items()
            if k not in ("moment", "moment_about", "uptime_s", "pair")
        }
        boot["qemu"]["args"] = b.qemu_args
        (d / "boot.json").write_text(json.dumps(boot, indent=1, sort_keys=True) + "\n")
    return written
