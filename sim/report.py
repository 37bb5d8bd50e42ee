"""`memsim diff --report FILE.html`: one self-contained page (inline SVG plots, no scripts, no
external files) that tells what the terminal's first screen tells, with room for the detail.

In order: the headline (how many states changed a node-visible number), the per-view table,
a histogram of the working-set change for each view of synthetic and recorded states (hostile
states stay in their table row), the same table by scenario family and kernel profile for the
views that moved, the v1/v2 agreement of each side, the example states (one line each, with
the `memsim explain` command that replays it), then the changed fields, errors and invariants.
Every column names its unit; numbers carry thousands separators; nothing is a JSON dump (the
deepdiffs are in --json).
"""

from __future__ import annotations

import html
import io
import math
from pathlib import Path
from typing import Any

from sim import fmt

MAX_FIELDS = 25
ROW_COLUMNS = (
    ("states", "states"),
    ("kubectl MEMORY changed", "states"),
    ("with both numbers", "states"),
    ("median", "MiB"),
    ("p1", "MiB"),
    ("p99", "MiB"),
    ("min", "MiB"),
    ("max", "MiB"),
    ("new failures", "states"),
    ("recovered", "states"),
    ("failing on both sides", "states"),
    ("wrapped (≈2^64)", "states"),
    ("newly meeting the hard eviction threshold", "states"),
    ("no longer meeting it", "states"),
)
CSS = (
    "body{font-family:sans-serif;max-width:1200px;margin:2em auto;color:#222}"
    "table{border-collapse:collapse;margin:.6em 0 1.2em}"
    "td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}"
    "th{background:#f2f2f2;text-align:center}td{text-align:right}td:first-child{text-align:left}"
    "td:first-child{white-space:nowrap}td.l{text-align:left}tr.replay td{border-top:none;color:#444}code{font-size:12px}h2{margin-top:1.6em}p.note{color:#555;font-size:13px}"
    ".plots{display:flex;flex-wrap:wrap;gap:1em}.plots figure{margin:0}"
)


def _mib(x: float | None, signed: bool = True) -> str:
    if x is None:
        return "-"
    if x == 0:
        return "0"
    return f"{x:+,.1f}" if signed else f"{x:,.1f}"


def _svg(fig: Any) -> str:
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buf.getvalue()
    return text[text.find("<svg") :]


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"
    plt.rcParams["svg.hashsalt"] = "memsim"  # deterministic ids
    return plt


def symlog_edges(lo: float, hi: float) -> list[float]:
    """Bin edges (MiB) covering [lo, hi]: one bin for |x| < 1 MiB (the unchanged states), then
    bins that double in width away from it, on each side only as far as the data goes."""
    edges = [-1.0, 1.0]
    while edges[0] > lo:
        edges.insert(0, 2 * edges[0])
    while edges[-1] < hi:
        edges.append(2 * edges[-1])
    return edges


def _tick(t: float) -> str:
    if t == 0:
        return "0"
    return f"{t / 1024:+g}Gi" if abs(t) >= 1024 else f"{t:+g}Mi"


def _histogram(q: Any, title: str, xlabel: str) -> str:
    """A histogram of one Quantiles (bytes) over its own range (MiB): symlog bins when it spans
    orders of magnitude or zero, else 20 even bins."""
    plt = _pyplot()
    items = [(v / fmt.MiB, c) for v, c in q.items()]
    lo, hi = q.min / fmt.MiB, q.max / fmt.MiB
    fig, ax = plt.subplots(figsize=(5.6, 2.8))
    narrow = lo * hi > 0 and max(abs(lo), abs(hi)) <= 8 * min(abs(lo), abs(hi))
    if narrow:
        edges = [lo + (hi - lo) * i / 20 for i in range(21)]
        xlabel += " (MiB)"
    else:
        edges = symlog_edges(lo, hi)
        xlabel += " (MiB, symlog bins)"
    ax.hist([v for v, _ in items], bins=edges, weights=[c for _, c in items], color="#4062bb")
    if not narrow:
        ax.set_xscale("symlog", linthresh=1, linscale=0.6)
        ax.set_xlim(edges[0], edges[-1])
        ticks = sorted([0.0, *(e for e in edges if math.log2(abs(e)) % 3 == 0)])
        ax.set_xticks(ticks)
        ax.set_xticklabels([_tick(t) for t in ticks], fontsize=7, rotation=45)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("states")
    ax.set_title(title, fontsize=10)
    return _svg(fig)


def _fields_plot(fields: list[tuple[str, int]]) -> str:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 0.25 * max(len(fields), 4) + 1))
    names = [k for k, _ in fields][::-1]
    ax.barh(names, [n for _, n in fields][::-1], color="#40a070")
    ax.tick_params(axis="y", labelsize=7)
    ax.set_xlabel("states where the field changed")
    return _svg(fig)


def _table(head: list[str], rows: list[list[Any]], ident: str = "") -> str:
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>{html.escape(c) if isinstance(c, str) else c}</td>"
            if not isinstance(c, int)
            else f"<td>{fmt.count(c)}</td>"
            for c in r
        )
        + "</tr>"
        for r in rows
    )
    idattr = f" id='{ident}'" if ident else ""
    return f"<table{idattr}><tr>{th}</tr>{body}</table>"


def _row_cells(row: dict[str, Any]) -> list[Any]:
    d = row["delta_working_set_mib"] or {}
    return [
        row["states"],
        row["kubectl_memory_changed"],
        row["both_numbers"],
        *(_mib(d.get(k)) for k in fmt.STAT_KEYS),
        row["new_failures"],
        row["recovered"],
        row["failing_both"],
        row["wrapped"],
        row.get("eviction_newly_met", 0),
        row.get("eviction_no_longer_met", 0),
    ]


def _rows_table(first: str, rows: list[tuple[str, dict[str, Any]]], ident: str = "") -> str:
    head = [first, *(f"{name} ({unit})" for name, unit in ROW_COLUMNS)]
    return _table(head, [[name, *_row_cells(r)] for name, r in rows], ident)


def _notes(rows: list[tuple[str, dict[str, Any]]]) -> str:
    out = []
    for name, r in rows:
        parts = [
            f"{what} {fmt.classes(r[key], most=6)}"
            for what, key in (
                ("failing on both sides:", "failing_both_by_class"),
                ("new failures:", "new_failures_by_class"),
                ("recovered:", "recovered_by_class"),
            )
            if r[key]
        ]
        if parts:
            out.append(f"<b>{html.escape(name)}</b>: " + html.escape("; ".join(parts)))
    return "".join(f"<p class='note'>{x}</p>" for x in out)


def _example_sides(e: dict[str, Any]) -> list[str]:
    """An example's working set before and after (MiB), and the change, as table cells."""
    ws, fail = e["working_set_bytes"], e["failure"]
    cells = []
    for side in ("before", "after"):
        if fail[side]:
            cells.append(f"no node row ({fail[side]})")
        elif ws[side] >= fmt.WRAPPED:
            cells.append(fmt.size(ws[side]))
        else:
            cells.append(_mib(ws[side] / fmt.MiB, signed=False))
    both = not fail["before"] and not fail["after"] and max(ws.values()) < fmt.WRAPPED
    cells.append(_mib((ws["after"] - ws["before"]) / fmt.MiB) if both else "-")
    return cells


def _invariant_cell(e: dict[str, Any]) -> str:
    inv = e.get("invariant")
    if not inv:
        return ""
    b, a = (e["invariants"][side].get(inv) for side in ("before", "after"))
    return f"{inv}: {'broken (' + b + ')' if b else 'holds'} → {'broken (' + a + ')' if a else 'holds'}"


def _examples(s: dict[str, Any]) -> str:
    head = [
        "why",
        "state (index)",
        "view, family, kernel",
        "working set before (MiB)",
        "after (MiB)",
        "change (MiB)",
        "invariant (before → after)",
    ]
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    rows = []
    for e in s["examples"]:
        cells = [
            e["why"],
            str(e["index"]),
            f"{e['view']}, {e['family']}, {e['profile']}",
            *_example_sides(e),
            _invariant_cell(e),
        ]
        tds = "".join(
            f"<td{' class=l' if i in (0, 2, 6) else ''}>{html.escape(c)}</td>"
            for i, c in enumerate(cells)
        )
        cmds = "<br>".join(
            f"{side}: <code>{html.escape(c)}</code>" for side, c in e["explain"].items()
        )
        rows.append(f"<tr>{tds}</tr><tr class='replay'><td colspan='7' class='l'>{cmds}</td></tr>")
    return f"<table id='examples'><tr>{th}</tr>{''.join(rows)}</table>"


def render(outcome: Any) -> str:
    s = outcome.summary
    agg = outcome.data
    esc = html.escape
    n = s["states_compared"]
    pct = 100.0 * s["node_changed"] / n if n else 0.0
    title = f"memsim diff: {s['before']['label']} → {s['after']['label']}"
    fields = ", ".join(
        f"{fmt.node_label(k)} {fmt.count(v)}" for k, v in s["node_changed_by_field"].items()
    )
    views = [(v, r) for v, r in s["by_view"].items() if r["states"]]
    parts = [
        f"<!doctype html><html><head><meta charset='utf-8'><title>{esc(title)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f"<p id='headline'>{fmt.count(n)} states (seed {s['seed']}): "
        + esc(", ".join(f"{fmt.count(v)} {k}" for k, v in s["states_by_kind"].items()))
        + f". <b>A node-visible number changed in {fmt.count(s['node_changed'])} states "
        f"({pct:.1f}%)</b>: {esc(fields)}. Any field at all changed in "
        f"{fmt.count(s['states_changed'])} (see Changed fields).</p>",
        f"<p id='eviction'>{esc(fmt.eviction_line(s['eviction'], views))} The threshold is "
        "--eviction-hard's memory.available, as the kubelet's eviction manager compares it "
        "with memory.available (the Summary's availableBytes; capacity = availableBytes + "
        "workingSetBytes); allocatableMemory.available is not observed (memsim has no "
        "&quot;pods&quot; system container).</p>"
        if "eviction" in s
        else "",
        "<h2>By view</h2>",
        "<p class='note'>Node working set, after − before, over the states where both sides "
        "showed one; a node row lost or regained in <code>kubectl top node</code> is counted by "
        "the class of its failure, and a value that wrapped below zero apart.</p>",
        _rows_table("view", views, "by-view"),
        _notes(views),
        "<h2>Working-set change by view</h2>",
        "<p class='note'>Each view on its own range. Symmetric log bins where a view spans zero "
        "or orders of magnitude: the middle bin holds |change| &lt; 1 MiB (the unchanged "
        "states), each bin further out is twice as wide. Hostile states are left out.</p>",
        "<div class='plots' id='histograms'>",
    ]
    for v, r in views:
        if v == "hostile" or not r["both_numbers"]:
            continue
        q = agg.by_view[v].delta
        if q.min == q.max:
            how = "did not move" if q.min == 0 else f"all moved by {_mib(q.min / fmt.MiB)} MiB"
            parts.append(
                f"<p class='note' data-view='{esc(v)}'><b>{esc(v)}</b>: the "
                f"{fmt.count(q.n)} states with both numbers {how}</p>"
            )
            continue
        parts.append(
            f"<figure data-view='{esc(v)}'>"
            + _histogram(
                q,
                f"{v}: {fmt.count(q.n)} states",
                "node working set, after − before",
            )
            + "</figure>"
        )
    parts.append("</div>")
    moved = [v for v, r in views if v != "hostile" and fmt.moved(r)]
    for key, what in (("by_family", "scenario family"), ("by_profile", "kernel profile")):
        for v in moved:
            rows = list(s[key].get(v, {}).items())
            if len(rows) > 1:
                parts.append(f"<h2>{esc(v)} by {what}</h2>")
                parts.append(_rows_table(what.split()[-1], rows, f"{key}-{v}"))
    agree = s["invariants"]["v1_v2_agreement"]
    tol = agree["tolerance_mib"]
    parts.append("<h2>v1 against v2: one ground truth, both views</h2>")
    rows2: list[list[Any]] = []
    for side in ("before", "after"):
        v = agree[side]
        if v.get("pinned"):
            rows2.append([f"{side} ({s[side]['label']})", "pinned", *["-"] * 7])
            continue
        d = v["abs_delta_working_set_mib"] or {}
        rows2.append(
            [
                f"{side} ({s[side]['label']})",
                v["pairs"],
                _mib(d.get("median"), False),
                _mib(d.get("p99"), False),
                _mib(d.get("max"), False),
                v["over_tolerance"],
                v["one_view_failing"],
                v["both_views_failing"],
                v["wrapped"],
            ]
        )
    parts.append(
        _table(
            [
                "side",
                "pairs with both numbers (pairs)",
                "median |v2 − v1| (MiB)",
                "p99 (MiB)",
                "max (MiB)",
                f"beyond {tol:g} MiB (pairs)",
                "one view without a number (pairs)",
                "both views without (pairs)",
                "wrapped (pairs)",
            ],
            rows2,
            "v1v2",
        )
    )
    plots = []
    for side, par in zip(("before", "after"), agg.parity, strict=True):
        if par is not None and par.delta.n and par.delta.min != par.delta.max:
            plots.append(
                _histogram(par.delta, f"{side}: {s[side]['label']}", "working set, v2 − v1")
            )
    if plots:
        parts.append(
            "<div class='plots'>" + "".join(f"<figure>{p}</figure>" for p in plots) + "</div>"
        )
    if s["examples"]:
        parts.append("<h2>Example states</h2>")
        parts.append(_examples(s))
    parts.append("<h2>Changed fields</h2>")
    fields_items = list(s["changed_fields"].items())
    node_paths = {".".join(p) for _, p in _node_fields()}
    if fields_items:
        parts.append(_fields_plot(fields_items[:MAX_FIELDS]))
        parts.append(
            _table(
                ["field", "node-visible", "changed in (states)"],
                [[k, "yes" if k in node_paths else "", c] for k, c in fields_items],
                "fields",
            )
        )
    else:
        parts.append("<p>none</p>")
    for title2, key in (("Errors by class", "errors"), ("Invariant violations", "invariants")):
        b, a = s[key]["before"], s[key]["after"]
        names = sorted(set(b) | set(a))
        parts.append(f"<h2>{title2}</h2>")
        parts.append(
            _table(
                ["class", "before (states)", "after (states)"],
                [[nm, b.get(nm, 0), a.get(nm, 0)] for nm in names],
                key,
            )
            if names
            else "<p>none</p>"
        )
    if s["memsim_bug_count"]:
        first = s["memsim_bugs"][0]
        parts.append(
            f"<h2>memsim bugs</h2><p>{fmt.count(s['memsim_bug_count'])} states; first: state "
            f"{first['index']}: {esc(first['error'])}</p>"
        )
    tm = s["timing"]
    parts.append(
        f"<p class='note'>{tm['seconds']} s, {tm['states_per_second']} states/s, "
        f"--jobs {tm['jobs']} ({esc(tm['machine'])})</p></body></html>"
    )
    return "".join(parts)


def _node_fields() -> tuple[tuple[str, tuple[str, ...]], ...]:
    from sim.compare import NODE_FIELDS

    return NODE_FIELDS


def write(outcome: Any, path: Path) -> None:
    path.write_text(render(outcome))
