"""The lab's kernels: Debian's own binary kernels, and one built from Debian's source.

    k = kernel("6.1", cache)     # fetched (once) and unpacked: vmlinuz, modules, config
    k.memcg_v1                    # does this build have the cgroup v1 memory controller?

| name | what | cgroup modes |
|---|---|---|
| 6.1 | bookworm's linux-image-amd64 (6.1.x) | v1 and v2 |
| 6.12 | trixie's linux-image-amd64 (6.12.x), built without CONFIG_MEMCG_V1 | v2 only |
| 7.2 | sid's linux-image-amd64 (7.2.x), built without CONFIG_MEMCG_V1 | v2 only |
| 6.12-memcgv1 | trixie's linux-source-6.12 built here with CONFIG_MEMCG_V1=y | v1 and v2 |

Debian builds every kernel from 6.11 on without CONFIG_MEMCG_V1 (`mount -t cgroup -o memory`
fails with EINVAL), so the v1 side of a 6.12 pair can only come from a kernel built for it:
6.12-memcgv1 is x86_64_defconfig plus kvm_guest.config, plus Debian's own values for every
symbol of mm/Kconfig, init/Kconfig and the preemption and HZ menus (the memory-management,
cgroup and scheduler choices that shape the accounting), plus CONFIG_MEMCG_V1=y, without
modules and without the drivers a QEMU guest does not use. About 15 minutes on 2 cores the
first time (niced); cached after that. Its kernel memory (slab, the kmem charged to a cgroup)
is that of a smaller build than Debian's: the memcg page statistics are the same code.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fake_sysfs.lab.apt import PrivateApt, deb_field, depends, unpack


@dataclass(frozen=True)
class KernelSpec:
    name: str
    suite: str
    series: str  # the upstream version the suite's kernel must have, e.g. "6.1."
    source_build: bool = False  # build linux-source-<major.minor> with CONFIG_MEMCG_V1=y
    note: str = ""


SPECS: dict[str, KernelSpec] = {
    s.name: s
    for s in (
        KernelSpec("6.1", "bookworm", "6.1.", note="bookworm: cgroup v1 and v2, MGLRU off"),
        KernelSpec("6.12", "trixie", "6.12.", note="trixie: no CONFIG_MEMCG_V1, MGLRU on"),
        KernelSpec("7.2", "sid", "7.2.", note="sid: no CONFIG_MEMCG_V1, MGLRU on"),
        KernelSpec(
            "6.12-memcgv1",
            "trixie",
            "6.12.",
            source_build=True,
            note="trixie's linux-source-6.12 built with CONFIG_MEMCG_V1=y (see kernels.py)",
        ),
    )
}
LOCALVERSION = "-memsim-memcgv1"


class KernelError(RuntimeError):
    pass


@dataclass(frozen=True)
class Kernel:
    """One kernel ready to boot."""

    name: str
    release: str  # uname -r
    vmlinuz: Path
    moddir: Path | None  # lib/modules/<release> of the unpacked packages (None: no modules)
    config: Path
    packages: tuple[tuple[str, str], ...]  # (Debian package, version) it came from
    built: bool = False  # built here from a source package
    config_values: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def cfg(self, symbol: str) -> str:
        """A CONFIG_ value ("y", "m", "n" for unset, or the string)."""
        return self.config_values.get(symbol, "n")

    @property
    def memcg_v1(self) -> bool:
        """Has the cgroup v1 memory controller: always with MEMCG before 6.11, else MEMCG_V1."""
        if self.cfg("CONFIG_MEMCG") != "y":
            return False
        major, minor = (int(x) for x in self.release.split(".")[:2])
        return (major, minor) < (6, 11) or self.cfg("CONFIG_MEMCG_V1") == "y"

    @property
    def modes(self) -> tuple[str, ...]:
        return ("v1", "v2") if self.memcg_v1 else ("v2",)

    @property
    def mglru_default(self) -> bool:
        return self.cfg("CONFIG_LRU_GEN_ENABLED") == "y"


def read_config(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in path.read_text().splitlines():
        m = re.match(r"^(CONFIG_\w+)=(.*)$", line)
        if m:
            out[m.group(1)] = m.group(2).strip('"')
    return out


def kernel(name: str, cache: Path, *, log: Callable[[str], None] = print) -> Kernel:
    """The named kernel, fetched into (or found in) the lab cache."""
    spec = SPECS.get(name)
    if spec is None:
        raise KernelError(f"unknown lab kernel {name!r} (known: {', '.join(SPECS)})")
    apt = PrivateApt(cache / "apt")
    if spec.source_build:
        return _built(spec, cache, apt, log)
    return _binary(spec, cache, apt, log)


def _binary(spec: KernelSpec, cache: Path, apt: PrivateApt, log: Callable[[str], None]) -> Kernel:
    debdir = cache / "debs" / spec.name
    debs = sorted(debdir.glob("linux-*.deb"))
    if not any(_has_vmlinuz(d) for d in debs):
        log(f"fetching {spec.suite}'s linux-image-amd64 into {debdir}")
        debs = _fetch_image(spec, apt, debdir)
    tree = unpack(debs, cache / "kernels" / spec.name)
    # boot/vmlinuz-R and boot/config-R (bookworm, trixie), or usr/lib/modules/R/{vmlinuz,config}
    # (sid's split packages)
    found = [(p, p.name.removeprefix("vmlinuz-")) for p in sorted(tree.glob("boot/vmlinuz-*"))]
    found += [(p, p.parent.name) for p in sorted(tree.glob("usr/lib/modules/*/vmlinuz"))]
    if not found:
        raise KernelError(f"{spec.name}: no vmlinuz in {', '.join(d.name for d in debs)}")
    vmlinuz, release = found[0]
    if not release.startswith(spec.series):
        raise KernelError(
            f"{spec.name}: {spec.suite}'s kernel is {release}, expected {spec.series}x "
            "(the catalogue in fake_sysfs/lab/kernels.py names the series each suite carries)"
        )
    moddir = next(
        (
            d
            for d in (tree / "lib/modules" / release, tree / "usr/lib/modules" / release)
            if d.is_dir()
        ),
        None,
    )
    config = tree / "boot" / f"config-{release}"
    if not config.is_file() and moddir is not None:
        config = moddir / "config"
    pkgs = tuple(
        sorted((deb_field(d, "Package"), deb_field(d, "Version")) for d in debs if _has_payload(d))
    )
    return Kernel(
        spec.name, release, vmlinuz, moddir, config, pkgs, config_values=read_config(config)
    )


def _has_vmlinuz(deb: Path) -> bool:
    return deb.name.startswith(("linux-image-", "linux-binary-")) and not deb.name.startswith(
        "linux-image-amd64_"
    )


def _has_payload(deb: Path) -> bool:
    return not deb.name.startswith("linux-image-amd64_")


def _fetch_image(spec: KernelSpec, apt: PrivateApt, debdir: Path) -> list[Path]:
    """linux-image-amd64/SUITE's image package, and (sid's split packaging) the binary,
    modules and base packages of the same ABI it depends on."""
    apt.ensure()
    meta = apt.show("linux-image-amd64", spec.suite)
    images = [d for d in depends(meta) if d.startswith("linux-image-")]
    if not images:
        raise KernelError(f"linux-image-amd64/{spec.suite} depends on no linux-image-*")
    image = images[0]
    out = [apt.download(image, spec.suite, debdir)]
    for dep in depends(apt.show(image, spec.suite)):
        if re.match(r"^linux-(binary|modules|base)-\d", dep):
            out.append(apt.download(dep, spec.suite, debdir))
    return out


# ------------------------------------------------------------------ the CONFIG_MEMCG_V1=y build

# Kconfig files whose symbols take Debian's values (memory management, cgroups, preemption, HZ)
DEBIAN_MENUS = ("mm/Kconfig", "init/Kconfig", "kernel/Kconfig.preempt", "kernel/Kconfig.hz")
# ...except these: they name this build, not Debian's
NOT_FROM_DEBIAN = {
    "CONFIG_LOCALVERSION",
    "CONFIG_LOCALVERSION_AUTO",
    "CONFIG_BUILD_SALT",
    "CONFIG_DEFAULT_HOSTNAME",
    "CONFIG_INITRAMFS_SOURCE",
    "CONFIG_DEFAULT_INIT",
}
# on top: the v1 controller, no modules, and out with what a QEMU guest with virtio disks and a
# serial console does not use (the build is a quarter of defconfig's)
BUILD_FRAGMENT = f"""\
CONFIG_MEMCG_V1=y
CONFIG_LOCALVERSION="{LOCALVERSION}"
# CONFIG_LOCALVERSION_AUTO is not set
# CONFIG_MODULES is not set
CONFIG_NUMA=y
CONFIG_HUGETLBFS=y
CONFIG_TMPFS=y
CONFIG_DEVTMPFS=y
CONFIG_VIRTIO_PCI=y
CONFIG_VIRTIO_BLK=y
CONFIG_EXT4_FS=y
CONFIG_SERIAL_8250=y
CONFIG_SERIAL_8250_CONSOLE=y
CONFIG_BLK_DEV_INITRD=y
CONFIG_RD_GZIP=y
# CONFIG_DEBUG_INFO is not set
# CONFIG_DEBUG_INFO_BTF is not set
# CONFIG_DRM is not set
# CONFIG_FB is not set
# CONFIG_SOUND is not set
# CONFIG_USB_SUPPORT is not set
# CONFIG_HID is not set
# CONFIG_WIRELESS is not set
# CONFIG_WLAN is not set
# CONFIG_NETDEVICES is not set
# CONFIG_ATA is not set
# CONFIG_SCSI is not set
# CONFIG_MD is not set
# CONFIG_AGP is not set
# CONFIG_NETWORK_FILESYSTEMS is not set
# CONFIG_VIRTUALIZATION is not set
# CONFIG_XEN is not set
# CONFIG_HYPERV is not set
# CONFIG_SECURITY_SELINUX is not set
# CONFIG_EFI is not set
# CONFIG_INPUT_MOUSE is not set
# CONFIG_INPUT_JOYSTICK is not set
# CONFIG_INPUT_TABLET is not set
# CONFIG_INPUT_TOUCHSCREEN is not set
# CONFIG_I2C is not set
# CONFIG_BPF_JIT is not set
# CONFIG_CC_OPTIMIZE_FOR_SIZE is not set
"""
BUILD_TOOLS = ("make", "gcc", "flex", "bison", "bc", "perl")
BUILD_HEADERS = (
    ("/usr/include/libelf.h", "libelf-dev"),
    ("/usr/include/openssl/ssl.h", "libssl-dev"),
)


def debian_values(config: Path, src: Path) -> str:
    """Debian's config lines for the symbols DEBIAN_MENUS declare, as a config fragment."""
    syms: set[str] = set()
    for menu in DEBIAN_MENUS:
        for m in re.finditer(r"^\s*(?:menu)?config\s+(\w+)", (src / menu).read_text(), re.M):
            syms.add("CONFIG_" + m.group(1))
    syms -= NOT_FROM_DEBIAN
    out = []
    for line in config.read_text().splitlines():
        found = re.match(r"^(?:# )?(CONFIG_\w+)[ =]", line)
        if found and found.group(1) in syms:
            out.append(line)
    return "\n".join(out) + "\n"


def _pair(line: str) -> tuple[str, str]:
    name, _, version = line.partition(" ")
    return name, version


def _built(spec: KernelSpec, cache: Path, apt: PrivateApt, log: Callable[[str], None]) -> Kernel:
    base = _binary(SPECS[spec.name.split("-")[0]], cache, apt, log)  # Debian's config
    out = cache / "build" / spec.name
    bz = out / "bzImage"
    meta = out / "packages"
    if bz.is_file() and (out / "config").is_file() and meta.is_file():
        pkgs = tuple(_pair(line) for line in meta.read_text().splitlines())
        cfg = read_config(out / "config")
        release = (out / "release").read_text().strip()
        return Kernel(spec.name, release, bz, None, out / "config", pkgs, True, cfg)
    missing = [t for t in BUILD_TOOLS if shutil.which(t) is None]
    missing += [pkg for h, pkg in BUILD_HEADERS if not Path(h).is_file()]
    if missing:
        raise KernelError(
            f"{spec.name} is built from source and needs: {', '.join(missing)} "
            "(apt-get install flex bison bc libelf-dev libssl-dev; scripts/lab-setup --build does)"
        )
    series = spec.series.rstrip(".")
    srcpkg = f"linux-source-{series}"
    deb = apt.download(srcpkg, spec.suite, cache / "debs" / srcpkg)
    version = deb_field(deb, "Version")
    work = cache / "build" / f"{spec.name}.work"
    src = work / f"linux-source-{series}"
    if not (src / "Makefile").is_file():
        log(f"unpacking {deb.name}")
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        subprocess.run(["dpkg-deb", "-x", str(deb), str(work / "pkg")], check=True)
        tarball = work / "pkg" / "usr/src" / f"linux-source-{series}.tar.xz"
        subprocess.run(["tar", "-xf", str(tarball), "-C", str(work)], check=True)
        shutil.rmtree(work / "pkg")
    obj = work / "obj"
    obj.mkdir(exist_ok=True)
    frag = work / "memsim.config"
    frag.write_text(debian_values(base.config, src) + BUILD_FRAGMENT)
    make = ["nice", "-n", "19", "make", "-C", str(src), f"O={obj}"]
    subprocess.run([*make, "-s", "x86_64_defconfig"], check=True)
    subprocess.run(
        [
            "sh",
            str(src / "scripts/kconfig/merge_config.sh"),
            "-m",
            "-O",
            str(obj),
            str(obj / ".config"),
            str(src / "kernel/configs/kvm_guest.config"),
            str(frag),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run([*make, "-s", "olddefconfig"], check=True)
    cfg = read_config(obj / ".config")
    for sym, want in (("CONFIG_MEMCG_V1", "y"), ("CONFIG_MEMCG", "y"), ("CONFIG_VIRTIO_BLK", "y")):
        if cfg.get(sym, "n") != want:
            raise KernelError(f"{spec.name}: {sym} is {cfg.get(sym, 'n')} after olddefconfig")
    jobs = str(os.cpu_count() or 1)
    log(f"building {srcpkg} {version} with CONFIG_MEMCG_V1=y in {obj} (make -j{jobs}, niced)")
    t0 = time.monotonic()
    buildlog = work / "build.log"
    with buildlog.open("w") as fh:
        rc = subprocess.run(
            [*make, f"-j{jobs}", "bzImage"], stdout=fh, stderr=subprocess.STDOUT, check=False
        ).returncode
    if rc:
        raise KernelError(f"{spec.name}: the kernel build failed (log: {buildlog})")
    release = (obj / "include/config/kernel.release").read_text().strip()
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(obj / "arch/x86/boot/bzImage", out / "bzImage.tmp")
    shutil.copy(obj / ".config", out / "config")
    (out / "release").write_text(release + "\n")
    (out / "build_seconds").write_text(f"{time.monotonic() - t0:.0f}\n")
    built = ((srcpkg, version), *base.packages)
    meta.write_text("".join(f"{p} {v}\n" for p, v in built))
    (out / "bzImage.tmp").rename(bz)
    log(f"built {release} in {time.monotonic() - t0:.0f} s: {bz}")
    return Kernel(
        spec.name, release, bz, None, out / "config", built, True, read_config(out / "config")
    )
