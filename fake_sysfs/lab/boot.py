"""One boot: a kernel, a cgroup mode and a workload under QEMU, and what the guest wrote.

QEMU runs under TCG (software emulation) by default: on this project's machines /dev/kvm is a
PVM nested hypervisor (kvm_pvm) that hangs stock Debian guests, so KVM is opt-in
(accel="kvm"). The guest is q35, 1 vCPU (per-CPU counters then batch the same way in every
boot), 2 GiB, a serial console; its disks are made fresh on the host for every boot: vda an
ext4 for the page-cache file, vdb raw for the output (the guest writes a tar of /out onto it),
vdc swap when the workload wants it. QEMU is niced (the machine is shared) and killed on a
timeout.
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from fake_sysfs.lab.guest import build_initramfs
from fake_sysfs.lab.kernels import Kernel
from fake_sysfs.lab.workloads import Workload

QEMU = "qemu-system-x86_64"
MEM_MIB = 2048
SMP = 1
# no_timer_check: under TCG on a loaded host the IO-APIC timer check can miss its ticks and
# panic ("IO-APIC + timer doesn't work!", seen here); virtual machines skip it
BASE_CMDLINE = ("console=ttyS0", "quiet", "panic=-1", "no_timer_check")
DATA_DISK_MIB = 512
OUT_DISK_MIB = 64
TIMEOUT_S = 1200.0
NICE = 10
# fixed ext4 identity, so every data disk is the same bytes
EXT4_UUID = "6d656d73-696d-4c61-8200-000000000001"
EXT4_HASH_SEED = "6d656d73-696d-4c61-8200-000000000002"


class BootError(RuntimeError):
    pass


@dataclass
class Boot:
    """What one boot left: the guest's /out (files by relative path), the console, timings."""

    kernel: Kernel
    mode: str
    workload: Workload
    cmdline: str
    qemu_args: list[str]
    accel: str
    qemu_version: str = ""
    files: dict[str, bytes] = field(default_factory=dict)
    console: list[tuple[float, str]] = field(default_factory=list)  # (host s since start, line)
    timings: dict[str, float] = field(default_factory=dict)

    def mark(self, text: str) -> float | None:
        """Host seconds from QEMU's start to the first console line containing `text`."""
        for t, line in self.console:
            if text in line:
                return t
        return None

    @property
    def errors(self) -> list[str]:
        return [x for x in self.files.get("errors", b"").decode().splitlines() if x.strip()]

    def guest_info(self) -> dict[str, str]:
        out = {}
        for line in self.files.get("guest.txt", b"").decode().splitlines():
            k, _, v = line.partition(" ")
            out[k] = v
        return out


def qemu_version() -> str:
    exe = shutil.which(QEMU)
    if exe is None:
        raise BootError(f"no {QEMU} (apt-get install qemu-system-x86; scripts/lab-setup does)")
    return subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.splitlines()[0]


def _disk(path: Path, mib: int) -> None:
    with open(path, "wb") as fh:
        fh.truncate(mib << 20)


def boot(
    k: Kernel,
    mode: str,
    w: Workload,
    cache: Path,
    work: Path,
    *,
    accel: str = "tcg",
    timeout_s: float = TIMEOUT_S,
    log: object = None,
) -> Boot:
    """Boot `k` in `mode` with workload `w`; `work` is scratch space (emptied, then removed)."""
    t0 = time.monotonic()
    qver = qemu_version()
    initrd = build_initramfs(k, cache)
    t_initrd = time.monotonic()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    data, out, swap = work / "data.img", work / "out.img", work / "swap.img"
    _disk(data, DATA_DISK_MIB)
    res = subprocess.run(
        [
            "mkfs.ext4", "-q", "-F", "-b", "4096", "-L", "labdata", "-U", EXT4_UUID,
            "-E", f"lazy_itable_init=0,lazy_journal_init=0,hash_seed={EXT4_HASH_SEED}",
            str(data),
        ],
        capture_output=True,
        text=True,
    )  # fmt: skip
    if res.returncode:
        raise BootError(f"mkfs.ext4 failed: {res.stderr.strip()}")
    _disk(out, OUT_DISK_MIB)
    drives = [data, out]
    if w.swap_mib:
        _disk(swap, w.swap_mib)
        drives.append(swap)
    cmdline = " ".join([*BASE_CMDLINE, *w.cmdline(mode)])
    cpu = "host" if accel == "kvm" else "max"
    args = [
        QEMU, "-accel", accel, "-cpu", cpu, "-m", str(MEM_MIB), "-smp", str(SMP),
        "-machine", "q35", "-nodefaults", "-no-user-config", "-display", "none",
        "-monitor", "none", "-serial", "stdio", "-no-reboot",
        "-kernel", str(k.vmlinuz), "-initrd", str(initrd), "-append", cmdline,
    ]  # fmt: skip
    for d in drives:
        args += ["-drive", f"file={d},format=raw,if=virtio,cache=unsafe"]
    b = Boot(k, mode, w, cmdline, args, accel, qver)
    start = time.monotonic()
    proc = subprocess.Popen(
        ["nice", "-n", str(NICE), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert proc.stdout is not None

    def reader() -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:
            line = raw.decode(errors="replace").rstrip("\r\n")
            b.console.append((round(time.monotonic() - start, 3), line))
            if log is not None and line.startswith("KLAB:"):
                log(f"  {time.monotonic() - start:6.1f}s {line}")  # type: ignore[operator]

    th = threading.Thread(target=reader, daemon=True)
    th.start()
    try:
        rc = proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        th.join(5)
        raise BootError(
            f"{k.name} {mode} {w.name}: no poweroff after {timeout_s:.0f} s (last console lines: "
            + " | ".join(line for _, line in b.console[-5:])
            + ")"
        ) from None
    th.join(5)
    end = time.monotonic()
    if not any("KLAB: done" in line for _, line in b.console):
        tail = "\n".join(line for _, line in b.console[-15:])
        raise BootError(
            f"{k.name} {mode} {w.name}: the guest did not finish (qemu exit {rc}):\n{tail}"
        )
    try:
        with tarfile.open(out, "r:") as tf:
            for m in tf:
                if m.isfile():
                    fh = tf.extractfile(m)
                    assert fh is not None
                    b.files[m.name.removeprefix("./")] = fh.read()
    except tarfile.TarError as e:
        raise BootError(f"the output disk holds no readable tar ({e})") from None
    shutil.rmtree(work, ignore_errors=True)
    b.timings = {
        "initramfs_s": round(t_initrd - t0, 3),
        "qemu_wall_s": round(end - start, 3),
        "to_init_s": b.mark("KLAB: init") or -1.0,
        "to_loaded_s": b.mark("KLAB: MOMENT loaded") or -1.0,
        "to_done_s": b.mark("KLAB: done") or -1.0,
        "total_s": round(time.monotonic() - t0, 3),
    }
    for moment in ("baseline", "loaded", "exited", "removed"):
        up = b.files.get(f"{moment}/uptime")
        if up:
            b.timings[f"guest_uptime_{moment}_s"] = float(up.split()[0])
    return b
