"""Which boots make the corpus, and running them one at a time.

The full matrix is every kernel of the catalogue x every workload x every mode the kernel
has (v1 and v2 where it has the v1 memory controller, else v2), plus, for the "mix" workload,
a v1 boot of each v2-only kernel (recorded as v1nomem: a v1 node without memory cgroups).
The small matrix (CI) is 6.1 x mix x v1 and v2: one pair.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fake_sysfs.lab.boot import BootError, boot
from fake_sysfs.lab.corpus import relpath, write_boot
from fake_sysfs.lab.kernels import SPECS, Kernel, kernel
from fake_sysfs.lab.workloads import MOMENTS, WORKLOADS, workload

NOMEM_WORKLOADS = ("mix",)
SMALL = (("6.1", "mix"),)


def default_cache() -> Path:
    """$MEMSIM_LAB_CACHE, else .cache/lab in the checkout memsim runs from (gitignored), else
    ~/.cache/memsim/lab."""
    env = os.environ.get("MEMSIM_LAB_CACHE")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve().parents[2]
    if (here / "pyproject.toml").is_file() and (here / "fake_sysfs").is_dir():
        return here / ".cache" / "lab"
    return Path.home() / ".cache" / "memsim" / "lab"


@dataclass(frozen=True)
class Cell:
    kernel: str
    workload: str
    mode: str  # v1 | v2 (a v1 cell of a v2-only kernel records v1nomem)

    def label(self, k: Kernel) -> str:
        return "v1nomem" if self.mode == "v1" and not k.memcg_v1 else self.mode

    def paths(self, k: Kernel, out: Path) -> list[Path]:
        return [out / relpath(self.kernel, self.workload, m, self.label(k)) for m in MOMENTS]


def cells(
    kernels: Sequence[str] | None = None,
    workloads: Sequence[str] | None = None,
    *,
    cache: Path,
    modes: Sequence[str] | None = None,
    nomem: bool = True,
    log: Callable[[str], None] = print,
) -> list[Cell]:
    """The boots of the matrix (restricted to `kernels`, `workloads`, `modes` when given)."""
    out = []
    for kn in kernels or list(SPECS):
        k = kernel(kn, cache, log=log)
        for wn in workloads or list(WORKLOADS):
            workload(wn)
            for mode in ("v1", "v2"):
                if modes is not None and mode not in modes:
                    continue
                if mode in k.modes or (nomem and (modes is not None or wn in NOMEM_WORKLOADS)):
                    out.append(Cell(kn, wn, mode))
    return out


def run(
    todo: Sequence[Cell],
    cache: Path,
    out: Path,
    *,
    force: bool = False,
    seed: int | None = None,
    accel: str = "tcg",
    log: Callable[[str], None] = print,
) -> list[dict[str, object]]:
    """Boot every cell (one at a time), writing its captures under `out` and its logs under
    cache/boots. Cells whose four captures are there already are skipped unless `force`."""
    done = []
    for i, c in enumerate(todo, 1):
        k = kernel(c.kernel, cache, log=log)
        w = workload(c.workload)
        if seed is not None:
            w = w.with_seed(seed)
        paths = c.paths(k, out)
        if not force and all(p.is_file() for p in paths):
            log(f"[{i}/{len(todo)}] {c.kernel} {c.workload} {c.label(k)}: present, skipped")
            continue
        log(f"[{i}/{len(todo)}] {c.kernel} {c.workload} {c.label(k)}: booting ({k.release})")
        t0 = time.monotonic()
        try:
            b = boot(k, c.mode, w, cache, cache / "work", accel=accel, log=log)
        except BootError as e:  # once more: a loaded host can break a TCG boot
            log(f"[{i}/{len(todo)}] {c.kernel} {c.workload} {c.label(k)}: {e}; booting again")
            b = boot(k, c.mode, w, cache, cache / "work", accel=accel, log=log)
        written = write_boot(b, out, cache / "boots")
        log(
            f"[{i}/{len(todo)}] {c.kernel} {c.workload} {c.label(k)}: qemu {b.timings['qemu_wall_s']:.1f} s, "
            f"loaded at {b.timings['to_loaded_s']:.1f} s; {len(written)} captures"
            + (f"; guest errors: {'; '.join(b.errors)}" if b.errors else "")
        )
        done.append(
            {
                "kernel": c.kernel,
                "workload": c.workload,
                "mode": c.label(k),
                "timings": b.timings,
                "errors": b.errors,
                "seconds": round(time.monotonic() - t0, 1),
            }
        )
    return done
