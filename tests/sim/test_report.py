"""`memsim diff --report`: the page tells the first screen's story (per-view table with units,
per-view histograms on symlog bins, hostile states left out of them, examples without JSON),
checked on the HTML we write and, when Chromium is installed, on the page a browser renders."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sim import diff, report, sides

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
BAR = (0x40, 0x62, 0xBB)  # the histograms' colour


class Page(HTMLParser):
    """The parts of a report page the tests look at: tables (by id) as rows of cell texts, the
    histogram figures (by data-view), and counts of some tags."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.figures: list[str] = []
        self.tags: dict[str, int] = {}
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._in_histograms = 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag == "table":
            self._table = self.tables.setdefault(a.get("id") or f"t{len(self.tables)}", [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
        elif tag == "div" and a.get("id") == "histograms":
            self._in_histograms = 1
        elif tag == "div" and self._in_histograms:
            self._in_histograms += 1
        elif tag == "figure" and self._in_histograms:
            self.figures.append(a.get("data-view", ""))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self._table[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None
        elif tag == "div" and self._in_histograms:
            self._in_histograms -= 1

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def run():
    cfg = diff.DiffConfig(
        before=sides.parse("k8s-1.28.3"),
        after=sides.parse("k8s-1.29.0"),
        states=160,
        corpus=("builtin",),
    )
    return diff.run(cfg)


@pytest.fixture(scope="module")
def page_file(run, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.html"
    report.write(run, path)
    return path


def _check_structure(page: Page, summary: dict) -> None:
    head, *rows = page.tables["by-view"]
    # every column names its unit
    assert head[0] == "view" and all(h.endswith(("(states)", "(MiB)")) for h in head[1:]), head
    shown = {v: r for v, r in summary["by_view"].items() if r["states"]}
    assert [r[0] for r in rows] == list(shown)
    for cells in rows:
        row = shown[cells[0]]
        assert cells[1] == f"{row['states']:,}"
        median = row["delta_working_set_mib"]["median"] if row["delta_working_set_mib"] else None
        want = "-" if median is None else "0" if median == 0 else f"{median:+,.1f}"
        assert cells[head.index("median (MiB)")] == want
    # thousands separators: the largest v2 decrease is tens of GiB, written in MiB with commas
    v2 = dict(zip(head, next(r for r in rows if r[0] == "synthetic-v2"), strict=True))
    assert "," in v2["min (MiB)"] and float(v2["min (MiB)"].replace(",", "")) < -1024
    # one histogram per view of synthetic or recorded states that moved; none for hostile
    moving = [
        v
        for v, r in shown.items()
        if v != "hostile"
        and r["delta_working_set_mib"]
        and r["delta_working_set_mib"]["min"] != r["delta_working_set_mib"]["max"]
    ]
    assert page.figures == moving and "synthetic-v2" in moving
    # the moved views by family and by kernel profile, and the examples, without JSON
    assert "by_family-synthetic-v2" in page.tables and "by_profile-synthetic-v2" in page.tables
    examples = page.tables["examples"]
    assert examples[0][0] == "why" and examples[1][0] == "largest decrease"
    assert page.tags.get("pre", 0) == 0
    # the eviction crossings, per view (the last two columns) and in one line
    for cells in rows:
        row = shown[cells[0]]
        assert cells[-2:] == [
            f"{row['eviction_newly_met']:,}",
            f"{row['eviction_no_longer_met']:,}",
        ]


def test_the_page_tells_the_first_screens_story(run, page_file):
    text = page_file.read_text()
    _check_structure(Page(text), run.summary)
    assert "Hard eviction memory.available&lt;100Mi: newly met in " in text
    assert "values_changed" not in text and "<script" not in text


def test_symlog_bins_double_away_from_the_unchanged_bin():
    assert report.symlog_edges(-300, 5) == [
        -512,
        -256,
        -128,
        -64,
        -32,
        -16,
        -8,
        -4,
        -2,
        -1,
        1,
        2,
        4,
        8,
    ]
    assert report.symlog_edges(0, 0) == [-1, 1]


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    return subprocess.run(
        [CHROMIUM or "chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get install chromium)")
def test_the_page_in_headless_chromium(run, page_file, tmp_path):
    import numpy as np
    from matplotlib import image

    dom = _chromium(tmp_path, "--dump-dom", page_file.as_uri()).stdout
    page = Page(dom)
    _check_structure(page, run.summary)
    assert page.tags.get("svg", 0) >= len(page.figures)
    shot = tmp_path / "report.png"
    _chromium(tmp_path, "--window-size=1280,2400", f"--screenshot={shot}", page_file.as_uri())
    px = image.imread(shot)
    assert px.shape[:2] == (2400, 1280)
    rgb = (px[..., :3] * 255).round().astype(int)
    # text is drawn (dark pixels at the top: the title and the per-view table) ...
    assert (rgb[:600].sum(axis=2) < 200).sum() > 2000
    # ... and the histograms are rendered, as bars of their colour
    bars = np.all(np.abs(rgb - np.array(BAR)) <= 8, axis=2)
    assert bars.sum() > 2000
