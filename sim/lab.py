"""The kernel lab's captures through the pipelines: what docs/lab.md shows, generated.

    rows = parity(captures())        # per kernel x workload x moment: the node working set of
                                     # the v1 and the v2 capture, before and after runc #3933
    markdown(rows), model_rows(...), boots(...)   # the tables of docs/lab.md
    reproduce(fresh, shipped)        # a fresh boot against the shipped corpus

The working set is what the kubelet reports (compare.working_set) when the whole stack runs on
the capture: k8s-1.28.3 (runc 1.1.7: v2 node usage = MemTotal - MemFree) and k8s-1.29.0
(runc 1.1.10, #3933: v2 node usage = memory.stat anon + file); both read v1 the same way
(usage_in_bytes). Data flows capture -> ports -> here; nothing here changes a capture.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fake_sysfs import get_profile, lab_captures, load_capture, read_manifest
from fake_sysfs.lab.corpus import parse_name
from fake_sysfs.lab.fit import PAIR_TOLERANCES, TOLERANCES, Check, Row, check, pair_check
from fake_sysfs.lab.workloads import MOMENTS, WORKLOADS
from sim import states

BEFORE, AFTER = "k8s-1.28.3", "k8s-1.29.0"
MiB = 1 << 20
KERNEL_ORDER = ("6.1", "6.12-memcgv1", "6.12", "7.2")


@dataclass(frozen=True)
class Capture:
    source: str  # builtin:lab/... or a path
    kernel: str
    workload: str
    moment: str
    mode: str  # v1, v2 or v1nomem
    manifest: dict[str, Any] = field(compare=False, hash=False, default_factory=dict)


def captures(corpus: str | Path | None = None) -> list[Capture]:
    """The lab captures of `corpus` (a directory written by `memsim lab`), or the shipped ones."""
    if corpus is None:
        sources = [f"builtin:{n}" for n in lab_captures()]
    else:
        root = Path(corpus)
        sources = sorted(str(p) for p in root.rglob("*.tar.gz"))
    out = []
    for src in sources:
        rel = src.removeprefix("builtin:") if corpus is None else str(Path(src).relative_to(corpus))
        name = parse_name(rel)
        if name is None:
            continue
        out.append(
            Capture(
                src, name.kernel, name.workload, name.moment, name.mode, read_manifest(src) or {}
            )
        )
    return out


_WS: dict[tuple[str, str], int | None] = {}


def working_set(source: str, stack: str) -> int | None:
    """The node working set `stack` reports on a capture (bytes; None when it reports none)."""
    key = (source, stack)
    if key not in _WS:
        from sim import compare, diff, sides

        ref = states.StateRef("recorded", "recorded", 0, 0, None, None, source)
        _WS[key] = compare.working_set(diff.run_side(sides.parse(stack), ref))
    return _WS[key]


def _order(kernel: str) -> tuple[int, str]:
    return (KERNEL_ORDER.index(kernel) if kernel in KERNEL_ORDER else len(KERNEL_ORDER), kernel)


@dataclass
class ParityRow:
    kernel: str
    workload: str
    moment: str
    v1: int | None  # working set of the v1 capture (bytes; both stacks read v1 alike)
    v2_before: int | None
    v2_after: int | None

    @property
    def delta_before(self) -> int | None:
        return None if self.v1 is None or self.v2_before is None else self.v2_before - self.v1

    @property
    def delta_after(self) -> int | None:
        return None if self.v1 is None or self.v2_after is None else self.v2_after - self.v1


def parity(caps: Iterable[Capture]) -> list[ParityRow]:
    """One row per (kernel, workload, moment) with a v1 or a v2 capture."""
    by: dict[tuple[str, str, str], dict[str, Capture]] = {}
    for c in caps:
        if c.mode in ("v1", "v2"):
            by.setdefault((c.kernel, c.workload, c.moment), {})[c.mode] = c
    rows = []
    for (k, w, m), modes in by.items():
        v1 = working_set(modes["v1"].source, BEFORE) if "v1" in modes else None
        v2b = working_set(modes["v2"].source, BEFORE) if "v2" in modes else None
        v2a = working_set(modes["v2"].source, AFTER) if "v2" in modes else None
        rows.append(ParityRow(k, w, m, v1, v2b, v2a))
    wl = list(WORKLOADS)
    rows.sort(
        key=lambda r: (
            _order(r.kernel),
            wl.index(r.workload) if r.workload in wl else 99,
            MOMENTS.index(r.moment),
        )
    )
    return rows


def _mib(b: int | None, signed: bool = False) -> str:
    if b is None:
        return "—"
    return f"{b / MiB:+.1f}" if signed else f"{b / MiB:.1f}"


def markdown_parity(rows: Sequence[ParityRow]) -> str:
    head = (
        "| kernel | workload | moment | v1 | v2 before #3933 | v2 after #3933 "
        "| v2 − v1 before | v2 − v1 after |\n|---|---|---|---:|---:|---:|---:|---:|\n"
    )
    body = "".join(
        f"| {r.kernel} | {r.workload} | {r.moment} | {_mib(r.v1)} | {_mib(r.v2_before)} "
        f"| {_mib(r.v2_after)} | {_mib(r.delta_before, True)} | {_mib(r.delta_after, True)} |\n"
        for r in rows
    )
    return head + body


def pair_summary(rows: Sequence[ParityRow]) -> str:
    """Per kernel with pairs: how far v1 and v2 are apart, before and after the fix."""
    out = [
        r"| kernel | pairs | \|v2 − v1\| before #3933: median / max | after: median / max |",
        "|---|---:|---:|---:|",
    ]
    kernels = sorted({r.kernel for r in rows}, key=_order)
    for k in kernels:
        b = sorted(
            abs(r.delta_before) for r in rows if r.kernel == k and r.delta_before is not None
        )
        a = sorted(abs(r.delta_after) for r in rows if r.kernel == k and r.delta_after is not None)
        if not b:
            out.append(f"| {k} | 0 (v2 only) | — | — |")
            continue
        out.append(
            f"| {k} | {len(b)} | {_mib(b[len(b) // 2])} / {_mib(b[-1])} "
            f"| {_mib(a[len(a) // 2])} / {_mib(a[-1])} |"
        )
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------- the model check


def lab_profile(c: Capture):  # type: ignore[no-untyped-def]
    """The kernel profile of a lab capture: the kernel's, with the build options and boot
    settings its manifest records (v1 memory controller, MGLRU as the guest had it)."""
    from fake_sysfs.profiles import KernelProfile

    man = c.manifest
    kern = man.get("kernel", {})
    base = {"6.12-memcgv1": "6.12"}.get(c.kernel, c.kernel)
    p: KernelProfile = get_profile(base)
    lru = str(man.get("guest", {}).get("lru_gen", ""))
    delta: dict[str, object] = {"release": kern.get("release", p.release)}
    if lru.startswith("0x"):
        delta["mglru"] = int(lru, 16) != 0
    if "memcg_v1" in kern:
        delta["memcg_v1"] = bool(kern["memcg_v1"])
    cfg = kern.get("config", {})
    if cfg.get("CONFIG_UNACCEPTED_MEMORY") in ("y", "n"):
        delta["meminfo_unaccepted"] = cfg["CONFIG_UNACCEPTED_MEMORY"] == "y"
    return p.with_(**delta)


def model_checks(caps: Iterable[Capture]) -> list[tuple[Capture, Check]]:
    out = []
    for c in caps:
        if c.mode == "v1nomem":
            continue
        out.append((c, check(load_capture(c.source), lab_profile(c), c.source)))
    return out


def markdown_model(checks: Sequence[tuple[Capture, Check]]) -> str:
    """Per kernel and mode: captures, numbers compared, and the largest error per class."""
    classes = [k for k in TOLERANCES if k != "unmodelled"]
    head = "| kernel | mode | captures | numbers | " + " | ".join(classes) + " | failures |\n"
    head += "|---|---|---:|---:|" + "---:|" * len(classes) + "---:|\n"
    groups: dict[tuple[str, str], list[Check]] = {}
    for c, ch in checks:
        groups.setdefault((c.kernel, c.mode), []).append(ch)
    lines = []
    for (k, mode), chs in sorted(groups.items(), key=lambda kv: (_order(kv[0][0]), kv[0][1])):
        worst: dict[str, int] = {}
        for ch in chs:
            for cls, v in ch.worst().items():
                worst[cls] = max(worst.get(cls, 0), v)
        n = sum(1 for ch in chs for r in ch.rows if r.cls in TOLERANCES)
        fails = sum(len(ch.failures()) for ch in chs)
        cells = " | ".join(_kib(worst.get(cls)) for cls in classes)
        lines.append(f"| {k} | {mode} | {len(chs)} | {n} | {cells} | {fails} |")
    tol = " | ".join(_kib(TOLERANCES[c][0]) for c in classes)
    lines.append(f"| **tolerance** | | | | {tol} | 0 |")
    return head + "\n".join(lines) + "\n"


def _kib(b: int | None) -> str:
    if b is None:
        return "—"
    if b >= MiB:
        return f"{b / MiB:.2f} MiB"
    return f"{b / 1024:.0f} KiB"


def pair_checks(caps: Iterable[Capture]) -> list[tuple[Capture, Capture, list[Row]]]:
    """Every v1/v2 pair, both ways: the truth fitted on one capture, rendered in the other
    version, against the other capture (fit.pair_check)."""
    by: dict[tuple[str, str, str], dict[str, Capture]] = {}
    for c in caps:
        by.setdefault((c.kernel, c.workload, c.moment), {})[c.mode] = c
    out = []
    for modes in by.values():
        if "v1" in modes and "v2" in modes:
            a, b = modes["v1"], modes["v2"]
            ta, tb = load_capture(a.source), load_capture(b.source)
            out.append((b, a, pair_check(tb, ta, lab_profile(a), a.workload)))
            out.append((a, b, pair_check(ta, tb, lab_profile(b), a.workload)))
    return out


def markdown_pairs(checks: Sequence[tuple[Capture, Capture, list[Row]]]) -> str:
    """Per kernel and direction: pairs, numbers compared, the largest |model - kernel| per
    class (fit.PAIR_TOLERANCES), and how many are over their tolerance."""
    classes = list(PAIR_TOLERANCES)
    head = "| kernel | fitted on → rendered as | pairs | numbers | " + " | ".join(classes)
    head += " | over tolerance |\n|---|---|---:|---:|" + "---:|" * len(classes) + "---:|\n"
    groups: dict[tuple[str, str], list[list[Row]]] = {}
    for src, dst, rows in checks:
        groups.setdefault((src.kernel, f"{src.mode} → {dst.mode}"), []).append(rows)
    lines = []
    for (k, way), rss in sorted(groups.items(), key=lambda kv: (_order(kv[0][0]), kv[0][1])):
        rows = [r for rs in rss for r in rs]
        worst = {
            c: max((abs(r.delta or 0) for r in rows if r.cls == c), default=None) for c in classes
        }
        bad = sum(1 for r in rows if not r.ok)
        cells = " | ".join(_kib(worst[c]) for c in classes)
        lines.append(f"| {k} | {way} | {len(rss)} | {len(rows)} | {cells} | {bad} |")
    tol = " | ".join(_kib(PAIR_TOLERANCES[c][0]) for c in classes)
    lines.append(f"| **tolerance** | | | | {tol} | 0 |")
    return head + "\n".join(lines) + "\n"


# ------------------------------------------------------------------------- boots


def markdown_boots(caps: Iterable[Capture]) -> str:
    """One row per boot (its loaded capture's manifest): package, mode, workload, timings."""
    rows = []
    for c in caps:
        if c.moment != "loaded":
            continue
        t = c.manifest.get("timings", {})
        pk = c.manifest.get("kernel", {}).get("packages", [])
        pkg = pk[0][1] if pk else "?"
        rows.append(
            (
                _order(c.kernel),
                list(WORKLOADS).index(c.workload) if c.workload in WORKLOADS else 99,
                c.mode,
                f"| {c.kernel} | {pkg} | {c.workload} | {c.mode} | {t.get('to_init_s', 0):.1f} "
                f"| {t.get('to_loaded_s', 0):.1f} | {t.get('qemu_wall_s', 0):.1f} |",
            )
        )
    rows.sort()
    head = (
        "| kernel | package version | workload | mode | s to init | s to loaded | qemu s |\n"
        "|---|---|---|---|---:|---:|---:|\n"
    )
    return head + "\n".join(r[-1] for r in rows) + "\n"


def boot_stats(caps: Iterable[Capture]) -> dict[str, float]:
    walls = sorted(
        float(c.manifest.get("timings", {}).get("qemu_wall_s", 0))
        for c in caps
        if c.moment == "loaded"
    )
    if not walls:
        return {}
    return {
        "boots": len(walls),
        "min_s": walls[0],
        "median_s": walls[len(walls) // 2],
        "max_s": walls[-1],
        "total_s": round(sum(walls), 1),
    }


# ------------------------------------------------------------------------- docs/lab.md

BEGIN, END = (
    "<!-- lab:{name} begin (generated: memsim lab table --write docs/lab.md) -->",
    ("<!-- lab:{name} end -->"),
)


def sections(caps: Sequence[Capture] | None = None) -> dict[str, str]:
    """The generated sections of docs/lab.md, by name."""
    caps = list(caps if caps is not None else captures())
    rows = parity(caps)
    st = boot_stats(caps)
    boots = (
        f"{st.get('boots', 0):.0f} boots; QEMU wall time per boot: median {st.get('median_s', 0):.1f} s, "
        f"min {st.get('min_s', 0):.1f} s, max {st.get('max_s', 0):.1f} s, "
        f"{st.get('total_s', 0) / 60:.1f} min in all.\n\n"
    )
    return {
        "summary": pair_summary(rows),
        "parity": markdown_parity(rows),
        "model": markdown_model(model_checks(caps)),
        "pairs": markdown_pairs(pair_checks(caps)),
        "boots": boots + markdown_boots(caps),
    }


def fill(text: str, secs: dict[str, str]) -> str:
    """`text` (docs/lab.md) with every generated section replaced by its current content."""
    for name, body in secs.items():
        b, e = BEGIN.format(name=name), END.format(name=name)
        pat = re.compile(re.escape(b) + r".*?" + re.escape(e), re.S)
        if not pat.search(text):
            raise ValueError(f"docs/lab.md has no section {name!r} (markers {b} ... {e})")
        text = pat.sub(f"{b}\n{body}{e}".replace("\\", "\\\\"), text)
    return text


# ------------------------------------------------------------------------- reproduction


@dataclass
class Repro:
    """A fresh capture's node working set next to the shipped capture's, by one stack. Two
    boots agree as far as fit.PAIR_TOLERANCES says: to the model's own tolerance where the
    working set is read from the statistics (v1; v2 after #3933), to the per-CPU free lists'
    noise where it is MemTotal - MemFree (v2 before #3933), and to reclaim's under the swap
    workload's limit (and khugepaged's under thp)."""

    name: str  # kernel/workload/moment-mode
    shipped: int | None
    fresh: int | None
    stack: str
    workload: str = ""
    mode: str = ""

    @property
    def delta(self) -> int | None:
        return None if self.shipped is None or self.fresh is None else self.fresh - self.shipped

    @property
    def cls(self) -> str:
        if self.workload in ("swap", "thp"):
            return f"pair-{self.workload}"
        return "pair-free" if self.mode == "v2" and self.stack == BEFORE else "pair"

    @property
    def tolerance(self) -> int:
        return PAIR_TOLERANCES[self.cls][0]

    @property
    def ok(self) -> bool:
        d = self.delta
        return d is not None and abs(d) <= self.tolerance


def reproduce(fresh: Sequence[Capture]) -> list[Repro]:
    """Each fresh capture's working set (both stacks) next to the shipped capture's."""
    shipped = {(c.kernel, c.workload, c.moment, c.mode): c for c in captures()}
    out = []
    for c in fresh:
        s = shipped.get((c.kernel, c.workload, c.moment, c.mode))
        for stack in (BEFORE, AFTER) if c.mode == "v2" else (BEFORE,):
            out.append(
                Repro(
                    f"{c.kernel}/{c.workload}/{c.moment}-{c.mode}",
                    working_set(s.source, stack) if s else None,
                    working_set(c.source, stack),
                    stack,
                    c.workload,
                    c.mode,
                )
            )
    return out
