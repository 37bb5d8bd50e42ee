"""The lab's workloads: declared, seeded, and the same in the v1 and the v2 boot of a pair.

A Workload is data: what the guest's init sets up (MGLRU, THP, the hugetlb pool, swap, a
memory limit) and the arguments of the static workload (guest/workload.c) it runs in
kubepods/podA/ctr1. `cmdline()` is how the guest learns it (kl.* words on the kernel command
line), so a boot is a function of (kernel, mode, workload) alone; the seed draws the bytes of
every page written and which chunks of the file are read twice.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

MOMENTS = ("baseline", "loaded", "exited", "removed")
MOMENT_ABOUT = {
    "baseline": "idle: the cgroups exist, nothing runs in them",
    "loaded": "the workload is ready (everything written and touched) and waits",
    "exited": "the workload was killed and reaped: page cache and shmem stay charged",
    "removed": "ctr1, podA and kubepods were rmdir'ed: their pages are reparented to the root",
}
MODES = ("v1", "v2")


@dataclass(frozen=True)
class Workload:
    name: str
    about: str
    seed: int = 1
    anon_mib: int = 0
    file_mib: int = 0  # written to ext4 (vda), fsynced, read back once
    reread_mib: int = 0  # ... and this much of it read a second time
    shm_mib: int = 0  # written to /dev/shm (tmpfs)
    hugetlb_mib: int = 0  # mapped with MAP_HUGETLB and touched
    hugepages: int = 0  # vm.nr_hugepages, the pool (2 MiB pages)
    thp: str | None = None  # transparent_hugepage/enabled; None: the kernel's default
    madvise_hugepage: bool = False
    dontneed_half: bool = False  # MADV_DONTNEED the upper half of every 2 MiB of the anon
    swap_mib: int = 0  # a swap disk of this size (vdc), swapon'ed
    max_mib: int | None = None  # ctr1's memory limit
    lru_gen: str | None = None  # lru_gen/enabled; None: the kernel's default

    def workload_args(self) -> list[str]:
        a = ["--seed", str(self.seed)]
        if self.file_mib:
            a += ["--file", "/mnt/data/file", "--file-mib", str(self.file_mib)]
            if self.reread_mib:
                a += ["--reread-mib", str(self.reread_mib)]
        if self.shm_mib:
            a += ["--shm", "/dev/shm/blob", "--shm-mib", str(self.shm_mib)]
        if self.hugetlb_mib:
            a += ["--hugetlb-mib", str(self.hugetlb_mib)]
        if self.anon_mib:
            a += ["--anon-mib", str(self.anon_mib)]
            if self.madvise_hugepage:
                a.append("--madvise-hugepage")
            if self.dontneed_half:
                a.append("--dontneed-half")
        return a

    def cmdline(self, mode: str) -> list[str]:
        """The kl.* words of the guest's command line for a boot in `mode`."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
        words = [f"kl.mode={mode}"]
        if self.lru_gen is not None:
            words.append(f"kl.lru_gen={self.lru_gen}")
        if self.thp is not None:
            words.append(f"kl.thp={self.thp}")
        if self.hugepages:
            words.append(f"kl.hugepages={self.hugepages}")
        if self.swap_mib:
            words.append("kl.swap=1")
        if self.max_mib is not None:
            words.append(f"kl.max={self.max_mib}")
        words.append("kl.wl=" + ",".join(self.workload_args()))
        return words

    def declared(self) -> dict[str, object]:
        """The declaration, for manifests (defaults left out)."""
        out: dict[str, object] = {"name": self.name, "seed": self.seed}
        for f in fields(self):
            v = getattr(self, f.name)
            if f.name not in ("name", "about", "seed") and v != f.default:
                out[f.name] = v
        return out

    def with_seed(self, seed: int) -> Workload:
        return replace(self, seed=seed)


_MIX = Workload(
    "mix",
    "anon 300 MiB + file 200 MiB (100 re-read) + shmem 100 MiB",
    anon_mib=300,
    file_mib=200,
    reread_mib=100,
    shm_mib=100,
)

WORKLOADS: dict[str, Workload] = {
    w.name: w
    for w in (
        Workload(
            "anon",
            "300 MiB of private anonymous memory, written (THP as the kernel has it)",
            anon_mib=300,
        ),
        Workload(
            "file",
            "200 MiB file on ext4 written, fsynced and read back, 100 MiB of it read again",
            file_mib=200,
            reread_mib=100,
        ),
        Workload("shmem", "200 MiB written to a file on /dev/shm (tmpfs)", shm_mib=200),
        _MIX,
        Workload(
            "swap",
            "anon 300 MiB + file 64 MiB in a container limited to 192 MiB, a 512 MiB swap disk",
            anon_mib=300,
            file_mib=64,
            swap_mib=512,
            max_mib=192,
        ),
        Workload(
            "hugetlb",
            "a 128 MiB hugetlb pool (64 x 2 MiB), 64 MiB of it mapped and touched, + anon 64 MiB",
            hugepages=64,
            hugetlb_mib=64,
            anon_mib=64,
        ),
        Workload(
            "thp",
            "256 MiB of THP anon (thp=always), then MADV_DONTNEED on the upper half of every "
            "2 MiB: partly mapped huge pages stay charged until split",
            anon_mib=256,
            thp="always",
            dontneed_half=True,
        ),
        replace(
            _MIX,
            name="mglru-on",
            about="mix with the multi-gen LRU on (lru_gen/enabled=7)",
            lru_gen="7",
        ),
        replace(
            _MIX,
            name="mglru-off",
            about="mix with the multi-gen LRU off (lru_gen/enabled=0)",
            lru_gen="0",
        ),
    )
}


def workload(name: str) -> Workload:
    try:
        return WORKLOADS[name]
    except KeyError:
        raise ValueError(f"unknown lab workload {name!r} (known: {', '.join(WORKLOADS)})") from None
