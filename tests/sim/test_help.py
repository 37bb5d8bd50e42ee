"""What a user reads (every --help, the README, docs/) speaks of memsim itself: no references to
the project's own issue tracker ("issue 5's targets"), which a user cannot see; and flags say
what they do (--corpus replaces the built-in corpus in diff, adds to it in oracle)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from sim.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
# "issue 5", "Issue 4's", "issues 2 and 3", "issue #7": the project's own tracker. Upstream
# references are written owner/repo#N or kubernetes#N and are not matched.
OWN_ISSUE = re.compile(r"\bissues?\s+#?\d+", re.I)


def _helps() -> dict[str, str]:
    parser = build_parser()
    out = {"memsim": parser.format_help()}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out[f"memsim {name}"] = sub.format_help()
    return out


def _docs() -> dict[str, str]:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    pages += sorted((ROOT / "docs" / "patches").glob("*.py"))
    return {str(p.relative_to(ROOT)): p.read_text() for p in pages}


def test_the_detector_finds_what_it_should():
    assert OWN_ISSUE.search("reads issue 5's targets")
    assert OWN_ISSUE.search("Issue 4's worked example")
    assert not OWN_ISSUE.search("kubernetes#118916 and runc PR #3933, kubernetes#111291")


@pytest.mark.parametrize("name", sorted(_helps()))
def test_help_speaks_of_the_project_only(name):
    assert OWN_ISSUE.findall(_helps()[name]) == []


@pytest.mark.parametrize("name", sorted(_docs()))
def test_readme_and_docs_speak_of_the_project_only(name):
    assert OWN_ISSUE.findall(_docs()[name]) == []


def _option_help(command: str, flag: str) -> str:
    sub = build_parser()._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
    for a in sub._actions:
        if flag in a.option_strings:
            return " ".join(str(a.help).split())
    raise AssertionError(f"{command} has no {flag}")


def test_diff_corpus_says_it_replaces_the_builtin_corpus():
    h = _option_help("diff", "--corpus")
    assert "replac" in h and "builtin" in h
    assert "to add" not in h


def test_diff_corpus_does_replace_it():
    """What the help says is what happens: one --corpus is the whole corpus; 'builtin' keeps
    the bundled captures alongside."""
    import fake_sysfs
    from sim.commands.diff import _corpus

    bundled = tuple(f"builtin:{n}" for n in fake_sysfs.builtin_captures())
    lab = tuple(f"builtin:{n}" for n in fake_sysfs.lab_captures())
    assert _corpus(None) == (*bundled, *lab)  # the default: the recorded and the lab corpus
    assert _corpus(["lab"]) == lab
    assert _corpus(["/tmp/mine"]) == ("/tmp/mine",)
    assert _corpus(["builtin", "/tmp/mine"]) == (*bundled, "/tmp/mine")
    assert _corpus(["none"]) == ()


def test_oracle_corpus_says_it_adds_to_the_packaged_corpus():
    h = _option_help("oracle", "--corpus")
    assert "add" in h and "--no-recorded" in h
