"""How the diff's numbers read, in the terminal and in the HTML report alike.

    count(4616)          '4,616'
    delta_mib(-566.4)    '-566Mi'     delta_mib(-67801.1) '-66.2Gi'    delta_mib(0) '0'
    size(2**64 - 4096)   '≈2^64, wrapped (-4.0Ki)'
    row_cells(row)       the cells of one per-view row, as the table prints them

Sizes are written as kubectl writes quantities (Ki, Mi, Gi: powers of 1024), with about three
significant digits: the statistics behind them are exact or within 0.1% (sim.quantiles).
"""

from __future__ import annotations

import math
from typing import Any

KiB, MiB, GiB = 1 << 10, 1 << 20, 1 << 30
WRAPPED = 1 << 63

# the per-view table's columns after the row name: (heading, cell of a summary row)
STAT_KEYS = ("median", "p1", "p99", "min", "max")


def count(n: int) -> str:
    return f"{n:,}"


def _mag(x: float, unit: str, sign: str) -> str:
    a = abs(x)
    body = f"{a:,.0f}" if a >= 100 else f"{a:.1f}"
    return f"{sign}{body}{unit}"


def delta_mib(x: float | None, signed: bool = True) -> str:
    """A change in MiB: '0' for none, else Ki, Mi or Gi with about three digits (Pi and Ei
    from a PiB up)."""
    if x is None:
        return "-"
    if x == 0:
        return "0"
    sign = ("+" if x > 0 else "-") if signed else ("-" if x < 0 else "")
    a = abs(x)
    if a < 1:
        return f"{sign}{a * 1024:.0f}Ki" if a * 1024 >= 1 else f"{sign}{a * MiB:.0f}B"
    if a < 1024:
        return _mag(a, "Mi", sign)
    if a < 1 << 30:  # below a PiB, in Gi (as kubectl's Mi grows: "+2,345Gi")
        return _mag(a / 1024, "Gi", sign)
    # a hostile node's near-2^63 numbers: Pi or Ei, not a 13-digit Gi
    return _mag(a / (1 << 30), "Pi", sign) if a < 1 << 40 else _mag(a / (1 << 40), "Ei", sign)


def size(b: int | None) -> str:
    """A size in bytes as the node shows it; a uint64 that wrapped below zero says so."""
    if b is None:
        return "-"
    if b >= WRAPPED:
        short = (1 << 64) - b  # what it was below zero
        if short < 1 << 50:
            return f"≈2^64, wrapped ({delta_mib(-short / MiB)})"
        return f"≈2^{math.log2(b):.0f}, wrapped"
    return delta_mib(b / MiB, signed=False)


def row_cells(row: dict[str, Any], key: str = "delta_working_set_mib") -> list[str]:
    """states, kubectl MEMORY changed, median, p1, p99, min, max (of the delta `key`), new
    failures, recovered."""
    d = row.get(key) or {}
    return [
        count(row["states"]),
        count(row["kubectl_memory_changed"]),
        *(delta_mib(d.get(k)) for k in STAT_KEYS),
        count(row["new_failures"]),
        count(row["recovered"]),
    ]


def left_out(row: dict[str, Any]) -> str:
    """What a row's statistics leave out, in a few words ('' when nothing)."""
    parts = []
    if row["failing_both"]:
        parts.append(
            f"{count(row['failing_both'])} fail on both sides ({classes(row['failing_both_by_class'])})"
        )
    if row["wrapped"]:
        parts.append(f"{count(row['wrapped'])} wrapped (≈2^64)")
    return ", ".join(parts)


def no_numbers(rows: list[tuple[str, dict[str, Any]]]) -> str:
    """A note on the rows whose statistics are empty ('-'): none of their states showed a
    working set on both sides. '' when there is none."""
    empty = [(name, r) for name, r in rows if r["states"] and not r["both_numbers"]]
    if not empty:
        return ""
    why: dict[str, int] = {}
    for _, r in empty:
        for key in ("failing_both_by_class", "new_failures_by_class", "recovered_by_class"):
            for cls, n in r[key].items():
                why[cls] = why.get(cls, 0) + n
    top = sorted(why, key=lambda k: (-why[k], k))[:2]
    names = ", ".join(name for name, _ in empty)
    return f"-: no state with both numbers: {names} ({', '.join(top) or 'wrapped'})"


def classes(by_class: dict[str, int], most: int = 3) -> str:
    items = list(by_class.items())
    text = ", ".join(f"{k} {count(n)}" for k, n in items[:most])
    return text + (f", {len(items) - most} more" if len(items) > most else "")


def _side(e: dict[str, Any], side: str) -> str:
    if e["failure"][side] is not None:
        return f"no node row ({e['failure'][side]})"
    return size(e["working_set_bytes"][side])


def example_line(e: dict[str, Any]) -> str:
    """One example state on one line: why, which, and what the node showed before and after."""
    fb, fa = e["failure"]["before"], e["failure"]["after"]
    ws = e["working_set_bytes"]
    text = f"{e['why']}: #{e['index']} {e['view']} {e['family']} {e['profile']}: working set "
    text += f"{_side(e, 'before')} -> {_side(e, 'after')}"
    if fb is None and fa is None and max(ws["before"], ws["after"]) < WRAPPED:
        text += f" ({delta_mib((ws['after'] - ws['before']) / MiB)})"
    inv = e.get("invariant")
    if inv:
        b, a = e["invariants"]["before"].get(inv), e["invariants"]["after"].get(inv)
        text += f"; {inv}: {'broken (' + b + ')' if b else 'holds'} -> "
        text += f"{'broken (' + a + ')' if a else 'holds'}"
    met = e.get("eviction_met") or {}
    if met.get("before") is not met.get("after"):
        avail = e.get("memory_available") or {}

        def said(side: str) -> str:
            v = avail.get(side)
            return "-" if v is None else (delta_mib(v / MiB, signed=False) if v >= 0 else str(v))

        state = {True: "met", False: "not met", None: "not observed"}
        text += (
            f"; memory.available {said('before')} -> {said('after')}, hard threshold "
            f"{state[met.get('before')]} -> {state[met.get('after')]}"
        )
    return text


ROW_HEADINGS = (
    "states",
    "MEMORY\nchanged",
    "median",
    "p1",
    "p99",
    "min",
    "max",
    "new\nfail",
    "recov-\nered",
)

_LABELS = {
    "kubectl_memory": "kubectl MEMORY",
    "kubectl_memory_percent": "MEMORY%",
    "memory_available": "memory.available",
}


def node_label(name: str) -> str:
    """How a compare.NODE_FIELDS name reads: working_set -> 'working set'."""
    return _LABELS.get(name, name.replace("_", " "))


def moved(row: dict[str, Any]) -> bool:
    """Whether a row's node numbers moved: one changed, or the node row was lost or regained."""
    return bool(row["node_changed"] or row["new_failures"] or row["recovered"])


def parity_line(side: str, label: str, v: dict[str, Any], tolerance_mib: float) -> str:
    """The v1/v2 agreement of one side on one line: pairs with both numbers apart from the
    pairs where a view has none."""
    d = v["abs_delta_working_set_mib"] or {}
    text = f"v1 vs v2 of one ground truth, {side} ({label}): "
    if d:
        text += (
            f"|v2 - v1| median {delta_mib(d['median'], False)}, p99 {delta_mib(d['p99'], False)}, "
            f"max {delta_mib(d['max'], False)} over {count(v['pairs'])} pairs with both numbers, "
            f"{count(v['over_tolerance'])} beyond {tolerance_mib:g} MiB"
        )
    else:
        text += "no pair with both numbers"
    if v["one_view_failing"]:
        text += f"; one view without a number: {count(v['one_view_failing'])} ({classes(v['one_view_failing_by_class'])})"
    if v["both_views_failing"]:
        text += f"; both views without: {count(v['both_views_failing'])}"
    if v["wrapped"]:
        text += f"; wrapped (≈2^64): {count(v['wrapped'])}"
    return text


def eviction_line(ev: dict[str, Any], views: list[tuple[str, dict[str, Any]]]) -> str:
    """The hard eviction threshold's crossings on one line: how many states newly meet it on
    the after side, how many no longer do, and by view (+met/-no longer) where any did."""
    if ev["threshold"] == "none":
        return "Hard eviction: --eviction-hard sets no memory.available threshold."
    by_view = [
        f"{v} +{count(r['eviction_newly_met'])}/-{count(r['eviction_no_longer_met'])}"
        for v, r in views
        if r.get("eviction_newly_met") or r.get("eviction_no_longer_met")
    ]
    text = (
        f"Hard eviction {ev['threshold']}: newly met in {count(ev['newly_met'])} states, "
        f"no longer met in {count(ev['no_longer_met'])}"
    )
    return text + (": " + ", ".join(by_view) if by_view else "") + "."


def fold_families(
    rows: list[tuple[str, dict[str, Any]]], most: int
) -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
    """The family rows the first screen lists, and the lines that stand for the others: the
    families that moved first (at most `most`, those with the most node changes, in their own
    order), then one line naming the moved families left out and one for those that did not
    move."""
    still = [name for name, r in rows if r["states"] and not moved(r)]
    movers = [(name, r) for name, r in rows if moved(r)]
    keep = {n for n, _ in sorted(movers, key=lambda nr: -nr[1]["node_changed"])[:most]}
    shown = [(n, r) for n, r in movers if n in keep]
    lines = []
    rest = [n for n, _ in movers if n not in keep]
    if rest:
        more = "1 more family" if len(rest) == 1 else f"{len(rest)} more families"
        lines.append(_names(f"  {more} moved", rest))
    if still:
        lines.append(_names(f"  {_families(len(still))} did not move", still))
    if not shown:  # nothing moved: the table would be empty, so show the rows as they are
        return rows, []
    return shown, lines


def _families(n: int) -> str:
    return f"{n} family" if n == 1 else f"{n} families"


def _names(head: str, names: list[str], width: int = 80) -> str:
    """head: a, b, c (as many names as fit in `width`, then '...'), on one line."""
    text = head + ": " + ", ".join(names)
    if len(text) <= width:
        return text
    out = head + ":"
    for i, n in enumerate(names):
        more = f" ... (+{len(names) - i}, --verbose)"
        if len(out) + len(n) + 2 + len(more) > width:
            return out.rstrip(",") + more
        out += f" {n},"
    return out.rstrip(",")
