"""`memsim diff --report FILE.html`: one self-contained page (inline SVG plots, no scripts, no
external files) with the summary, the plots and the tables a reviewer needs."""

from __future__ import annotations

import html
import io
import json
from pathlib import Path
from typing import Any

MAX_FIELDS = 25


def _svg(fig: Any) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    import matplotlib.pyplot as plt

    plt.close(fig)
    text = buf.getvalue()
    return text[text.find("<svg") :]


def _plots(outcome: Any) -> dict[str, str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"
    plt.rcParams["svg.hashsalt"] = "memsim"  # deterministic ids
    agg = outcome.data
    s = outcome.summary
    out: dict[str, str] = {}

    fig, ax = plt.subplots(figsize=(7, 3.2))
    if len(agg.deltas):
        ax.hist(list(agg.deltas), bins=60, color="#4062bb")
    ax.set_xlabel("node working set, after − before (MiB)")
    ax.set_ylabel("states")
    ax.set_title("working-set delta per state")
    out["delta"] = _svg(fig)

    fig, axes = plt.subplots(1, 2, figsize=(9, 4), sharex=True, sharey=True)
    for ax, side, name in zip(axes, (0, 1), ("before", "after"), strict=True):
        v1, v2 = agg.v1v2[side]
        label = s[name]["label"]
        if len(v1):
            ax.scatter(list(v1), list(v2), s=4, alpha=0.5, color="#bb4040")
            hi = max(max(v1), max(v2))
            ax.plot([0, hi], [0, hi], color="#888", linewidth=0.8)
        else:
            ax.text(0.5, 0.5, "pinned view: no pairs", ha="center", transform=ax.transAxes)
        ax.set_title(f"{name}: {label}", fontsize=9)
        ax.set_xlabel("working set, v1 view (MiB)")
    axes[0].set_ylabel("working set, v2 view (MiB)")
    fig.suptitle("v1 against v2: one ground truth, both views")
    out["v1v2"] = _svg(fig)

    fields = list(s["changed_fields"].items())[:MAX_FIELDS]
    fig, ax = plt.subplots(figsize=(7, 0.25 * max(len(fields), 4) + 1))
    if fields:
        names = [k for k, _ in fields][::-1]
        ax.barh(names, [n for _, n in fields][::-1], color="#40a070")
        ax.tick_params(axis="y", labelsize=7)
    ax.set_xlabel("states where the field changed")
    ax.set_title("changed-field counts")
    out["fields"] = _svg(fig)
    return out


def _table(rows: list[list[Any]], head: list[str]) -> str:
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>" for r in rows
    )
    return f"<table><tr>{th}</tr>{body}</table>"


def render(outcome: Any) -> str:
    s = outcome.summary
    plots = _plots(outcome)
    d = s["delta_working_set_mib"] or {}
    esc = html.escape
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>memsim diff: {esc(s['before']['label'])} → {esc(s['after']['label'])}</title>",
        "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;"
        "font-size:13px;text-align:left}pre{background:#f6f6f6;padding:8px;overflow-x:auto;"
        "font-size:12px}h2{margin-top:1.6em}</style></head><body>",
        f"<h1>memsim diff</h1><p>before <b>{esc(s['before']['label'])}</b> → after "
        f"<b>{esc(s['after']['label'])}</b>, seed {s['seed']}</p>",
        _table(
            [
                ["states compared", s["states_compared"]],
                ["by kind", ", ".join(f"{k}: {n}" for k, n in s["states_by_kind"].items())],
                ["states changed", s["states_changed"]],
                *[[f"working-set delta {k} (MiB)", v] for k, v in d.items()],
                ["memsim bugs", s["memsim_bug_count"]],
            ],
            ["", "value"],
        ),
        "<h2>Working-set delta</h2>",
        plots["delta"],
        _table(
            [
                [kind, k["n"], k["min"], k["median"], k["p99"], k["max"]]
                for kind, k in (s.get("delta_working_set_mib_by_kind") or {}).items()
                if k
            ],
            ["states", "n", "min MiB", "median MiB", "p99 MiB", "max MiB"],
        ),
        "<h2>v1 against v2, before and after</h2>",
        plots["v1v2"],
    ]
    agree = s["invariants"]["v1_v2_agreement"]
    rows = []
    for side in ("before", "after"):
        v = agree[side]
        dist = v.get("abs_delta_working_set_mib") or {}
        rows.append(
            [
                side,
                "pinned" if v.get("pinned") else v["pairs"],
                dist.get("median", "-"),
                dist.get("p99", "-"),
                dist.get("max", "-"),
                v.get("over_tolerance", "-"),
            ]
        )
    parts.append(
        _table(
            rows,
            [
                "side",
                "pairs",
                "median |Δ| MiB",
                "p99",
                "max",
                f"beyond {agree['tolerance_mib']:g} MiB",
            ],
        )
    )
    parts += ["<h2>Changed fields</h2>", plots["fields"]]
    parts.append(_table([[k, n] for k, n in s["changed_fields"].items()], ["field", "states"]))
    for title, key in (("Errors by class", "errors"), ("Invariant violations", "invariants")):
        b, a = s[key]["before"], s[key]["after"]
        names = sorted(set(b) | set(a))
        parts.append(f"<h2>{title}</h2>")
        parts.append(
            _table([[n, b.get(n, 0), a.get(n, 0)] for n in names], ["class", "before", "after"])
            if names
            else "<p>none</p>"
        )
    parts.append("<h2>Most telling states</h2>")
    for t in s["telling_states"]:
        parts.append(
            f"<h3>state {t['index']}: {esc(t['why'])}</h3><p>{esc(t['description'])}</p>"
            f"<p>working set {t['working_set_bytes']['before']} → {t['working_set_bytes']['after']} bytes</p>"
            f"<pre>{esc(json.dumps(t['deepdiff'], indent=1))}</pre>"
            + "".join(f"<pre>{esc(k)}: {esc(v)}</pre>" for k, v in t["explain"].items())
        )
    tm = s["timing"]
    parts.append(
        f"<p style='color:#777'>{tm['seconds']} s, {tm['states_per_second']} states/s, "
        f"--jobs {tm['jobs']} ({esc(tm['machine'])})</p></body></html>"
    )
    return "".join(parts)


def write(outcome: Any, path: Path) -> None:
    path.write_text(render(outcome))
