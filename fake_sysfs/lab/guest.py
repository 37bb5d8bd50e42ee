"""What the guest runs: the static workload, and an initramfs per kernel.

The initramfs (a gzip'd newc cpio written here, reproducibly: sorted, mtime 0, root-owned)
holds busybox-static, the workload, guest/init as /init, and the kernel's modules for virtio
disks and ext4, decompressed and listed in load order (from the modules.dep that depmod
writes for the unpacked package; a kernel built without modules needs none). Both are
rebuilt when their inputs change (a digest of the inputs names the file).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import lzma
import shutil
import subprocess
from importlib import resources
from pathlib import Path

from fake_sysfs.lab.kernels import Kernel

# the modules the guest needs (those built in are skipped), and ones used when present
NEEDED_MODULES = ("virtio_pci", "virtio_blk", "ext4")
OPTIONAL_MODULES = ("crc32c_generic", "crc32c_intel", "crc32c")


class GuestError(RuntimeError):
    pass


def guest_file(name: str) -> bytes:
    return (resources.files("fake_sysfs.lab") / "guest" / name).read_bytes()


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(hashlib.sha256(p).digest())
    return h.hexdigest()[:16]


def busybox() -> Path:
    found = shutil.which("busybox")
    if found is None:
        raise GuestError("no busybox (apt-get install busybox-static; scripts/lab-setup does)")
    path = Path(found).resolve()
    out = ""
    if shutil.which("file"):
        out = subprocess.run(["file", "-bL", str(path)], capture_output=True, text=True).stdout
    if out and "statically linked" not in out:
        raise GuestError(f"{path} is not static (apt-get install busybox-static)")
    return path


def missing_host_tools() -> list[str]:
    """What building a guest needs and this host lacks (gcc + static glibc, static busybox,
    cpio for nothing: the archive is written here)."""
    out = []
    if shutil.which("gcc") is None or not Path("/usr/lib/x86_64-linux-gnu/libc.a").is_file():
        out.append("gcc with static glibc (gcc, libc6-dev)")
    try:
        busybox()
    except GuestError:
        out.append("a static busybox (busybox-static)")
    return out


def build_workload(cache: Path) -> Path:
    """guest/workload.c compiled static (gcc -O2 -static), once per source."""
    src = guest_file("workload.c")
    out = cache / "guest" / f"workload-{_digest(src)}"
    if out.is_file():
        return out
    if shutil.which("gcc") is None:
        raise GuestError("no gcc (apt-get install gcc libc6-dev)")
    out.parent.mkdir(parents=True, exist_ok=True)
    c = out.with_suffix(".c")
    c.write_bytes(src)
    res = subprocess.run(
        ["gcc", "-O2", "-static", "-Wall", "-o", str(out) + ".tmp", str(c)],
        capture_output=True,
        text=True,
    )
    if res.returncode:
        raise GuestError(f"gcc -static failed on {c}:\n{res.stderr.strip()}")
    Path(str(out) + ".tmp").rename(out)
    return out


def module_order(moddir: Path, release: str) -> list[Path]:
    """The module files to insmod, dependencies first, for NEEDED_MODULES (+ optional ones)."""
    dep = moddir / "modules.dep"
    if not dep.is_file():
        if shutil.which("depmod") is None:
            raise GuestError("no depmod (apt-get install kmod)")
        base = moddir.parent.parent.parent  # <base>/lib/modules/<release>
        subprocess.run(["depmod", "-b", str(base), release], check=True)
    deps: dict[str, list[str]] = {}
    by_name: dict[str, str] = {}
    for line in dep.read_text().splitlines():
        mod, _, rest = line.partition(":")
        deps[mod] = rest.split()
        by_name[_modname(mod)] = mod
    builtin = set()
    bfile = moddir / "modules.builtin"
    if bfile.is_file():
        builtin = {_modname(x) for x in bfile.read_text().split()}
    order: list[str] = []

    def add(mod: str) -> None:
        if mod in order:
            return
        for d in deps.get(mod, ()):
            add(d)
        order.append(mod)

    for name in NEEDED_MODULES + OPTIONAL_MODULES:
        found = by_name.get(name)
        if found is not None:
            add(found)
        elif name in NEEDED_MODULES and name not in builtin:
            raise GuestError(f"{moddir}: module {name} is neither in modules.dep nor built in")
    return [moddir / m for m in order]


def _modname(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    for ext in (".xz", ".zst", ".gz"):
        name = name.removesuffix(ext)
    return name.removesuffix(".ko").replace("-", "_")


def _decompressed(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name.endswith(".xz"):
        return lzma.decompress(data)
    if path.name.endswith(".gz"):
        return gzip.decompress(data)
    if path.name.endswith(".zst"):
        return subprocess.run(["zstd", "-qdc", str(path)], capture_output=True, check=True).stdout
    return data


class Cpio:
    """A newc archive, written in memory."""

    def __init__(self) -> None:
        self.buf = io.BytesIO()
        self.ino = 1

    def _entry(
        self, name: str, mode: int, data: bytes = b"", rdev: tuple[int, int] = (0, 0)
    ) -> None:
        nameb = name.encode() + b"\0"
        fields = [self.ino, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(nameb), 0]
        self.ino += 1
        head = b"070701" + b"".join(b"%08X" % f for f in fields)
        self.buf.write(head + nameb)
        self.buf.write(b"\0" * (-(len(head) + len(nameb)) % 4))
        self.buf.write(data)
        self.buf.write(b"\0" * (-len(data) % 4))

    def dir(self, name: str) -> None:
        self._entry(name, 0o040755)

    def file(self, name: str, data: bytes, mode: int = 0o644) -> None:
        self._entry(name, 0o100000 | mode, data)

    def chardev(self, name: str, major: int, minor: int) -> None:
        self._entry(name, 0o020600, rdev=(major, minor))

    def finish(self) -> bytes:
        self._entry("TRAILER!!!", 0)
        return self.buf.getvalue()


def build_initramfs(k: Kernel, cache: Path) -> Path:
    """The initramfs for kernel `k` (cached by its inputs)."""
    init = guest_file("init")
    wl = build_workload(cache).read_bytes()
    bb = busybox().read_bytes()
    mods = module_order(k.moddir, k.release) if k.moddir is not None else []
    key = _digest(init, wl, bb, k.release.encode(), *(str(m).encode() for m in mods))
    out = cache / "guest" / f"initrd-{k.name}-{key}.cpio.gz"
    if out.is_file():
        return out
    c = Cpio()
    for d in (
        "bin",
        "dev",
        "etc",
        "lib",
        "lib/modules",
        "mnt",
        "mnt/data",
        "out",
        "proc",
        "run",
        "sys",
        "tmp",
    ):
        c.dir(d)
    c.chardev("dev/console", 5, 1)
    c.chardev("dev/null", 1, 3)
    c.file("bin/busybox", bb, 0o755)
    c.file("bin/workload", wl, 0o755)
    c.file("init", init, 0o755)
    names = []
    for m in mods:
        name = _modname(m.name) + ".ko"
        c.file(f"lib/modules/{name}", _decompressed(m))
        names.append(name)
    c.file("lib/modules/load.list", "".join(n + "\n" for n in names).encode())
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with (
        open(tmp, "wb") as fh,
        gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, compresslevel=6) as gz,
    ):
        gz.write(c.finish())
    tmp.rename(out)
    return out
