"""docs/pipeline.md cannot drift from the code: its ```pycon blocks run here as doctests
against memsim (every printed number is regenerated and compared), and every number in its
prose must appear in those blocks."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from pathlib import Path

PAGE = Path(__file__).resolve().parents[2] / "docs" / "pipeline.md"
FENCE = re.compile(r"^```pycon\n(.*?)^```$", re.S | re.M)


def blocks() -> list[str]:
    return FENCE.findall(PAGE.read_text())


def test_page_runs_as_doctest():
    parser = doctest.DocTestParser()
    test = parser.get_doctest("\n\n".join(blocks()), {}, "docs/pipeline.md", str(PAGE), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    failures: list[str] = []
    runner.run(test, out=failures.append)
    assert runner.failures == 0, "".join(failures)
    assert runner.tries > 25


def test_python_m_doctest_passes_on_the_page_as_it_is():
    """`python -m doctest docs/pipeline.md`, as a reader would run it: the whole page, with
    no option flags (a block whose expected output runs into its closing fence fails here)."""
    out = subprocess.run(
        [sys.executable, "-m", "doctest", str(PAGE)],
        capture_output=True,
        text=True,
        cwd=PAGE.parents[1],
        timeout=300,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]


def prose(text: str) -> str:
    return re.sub(r"^```.*?^```$", "", text, flags=re.S | re.M)


def test_every_number_in_the_prose_is_in_a_block():
    """Numbers of three digits or more in the prose (not issue/PR numbers, versions or
    powers) appear in the code blocks: as inputs in the source or as memsim's output."""
    code = "\n".join(blocks())
    in_code = set(re.findall(r"\d+", code))
    numbers = re.findall(r"(?<![#\d.^/\w])(\d{3,})(?![\d.])", prose(PAGE.read_text()))
    assert numbers, "the prose quotes no numbers?"
    missing = sorted({n for n in numbers if n not in in_code})
    assert missing == []


def test_the_worked_example_is_on_the_page():
    """The worked example of kubernetes#118916, as the blocks print it."""
    code = "\n".join(blocks())
    for line in (
        "v1  k8s-1.28.3  usage 6236864512  working set 1588740096  1515Mi",
        "v2  k8s-1.28.3  usage 7033450496  working set 2314858496  2207Mi",
        "v2  k8s-1.29.0  usage 6356267008  working set 1637675008  1561Mi",
        "7812567040 7092129792 687 MiB apart",
    ):
        assert line in code
