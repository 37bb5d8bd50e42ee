"""path / path/filepath: Go's lexical path rules, checked against a literal port of Go's
path.Clean (lazybuf algorithm) and Go's own test tables (path_test.go cleantests, reltests)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ports.go import filepath, path
from ports.go.builtin import GoPanic, panic


def go_clean(p: str) -> str:
    # go/src/path/path.go Clean, transcribed literally (reference for the property test).
    if p == "":
        return "."
    rooted = p[0] == "/"
    n = len(p)
    out: list[str] = []
    r, dotdot = 0, 0
    if rooted:
        out.append("/")
        r, dotdot = 1, 1
    while r < n:
        if p[r] == "/":  # noqa: SIM114 - literal transcription of the Go switch
            r += 1
        elif p[r] == "." and (r + 1 == n or p[r + 1] == "/"):
            r += 1
        elif p[r] == "." and p[r + 1] == "." and (r + 2 == n or p[r + 2] == "/"):
            r += 2
            if len(out) > dotdot:
                w = len(out) - 1
                while w > dotdot and out[w] != "/":
                    w -= 1
                del out[w:]
            elif not rooted:
                if out:
                    out.append("/")
                out.extend("..")
                dotdot = len(out)
        else:
            if (rooted and len(out) != 1) or (not rooted and len(out) != 0):
                out.append("/")
            while r < n and p[r] != "/":
                out.append(p[r])
                r += 1
    if not out:
        return "."
    return "".join(out)


CLEAN = [
    ("", "."),
    ("abc", "abc"),
    ("abc/def", "abc/def"),
    ("a/b/c", "a/b/c"),
    (".", "."),
    ("..", ".."),
    ("../..", "../.."),
    ("../../abc", "../../abc"),
    ("/abc", "/abc"),
    ("/", "/"),
    ("abc/", "abc"),
    ("abc/def/", "abc/def"),
    ("a/b/c/", "a/b/c"),
    ("./", "."),
    ("../", ".."),
    ("../../", "../.."),
    ("/abc/", "/abc"),
    ("abc//def//ghi", "abc/def/ghi"),
    ("//abc", "/abc"),
    ("///abc", "/abc"),
    ("//abc//", "/abc"),
    ("abc//", "abc"),
    ("abc/./def", "abc/def"),
    ("/./abc/def", "/abc/def"),
    ("abc/.", "abc"),
    ("abc/def/ghi/../jkl", "abc/def/jkl"),
    ("abc/def/../ghi/../jkl", "abc/jkl"),
    ("abc/def/..", "abc"),
    ("abc/def/../..", "."),
    ("/abc/def/../..", "/"),
    ("abc/def/../../..", ".."),
    ("/abc/def/../../..", "/"),
    ("abc/def/../../../ghi/jkl/../../../mno", "../../mno"),
    ("abc/./../def", "def"),
    ("abc//./../def", "def"),
    ("abc/../../././../def", "../../def"),
]


@pytest.mark.parametrize(("p", "want"), CLEAN)
def test_clean_go_table(p, want):
    assert path.Clean(p) == want
    assert go_clean(p) == want


@given(st.text(alphabet="/.ab", max_size=14))
def test_clean_matches_go_algorithm(p):
    assert path.Clean(p) == go_clean(p)


def test_join():
    assert path.Join("", "") == ""
    assert path.Join("a", "") == "a"
    assert path.Join("", "b") == "b"
    assert path.Join("/", "a") == "/a"
    assert path.Join("/sys/fs/cgroup/", "/memory.stat") == "/sys/fs/cgroup/memory.stat"
    assert path.Join("/x", "../../etc") == "/etc"
    assert filepath.Join("/sys/fs/cgroup", "/../memory.stat") == "/sys/fs/memory.stat"


def test_dir_base():
    assert path.Dir("/a/b") == "/a"
    assert path.Dir("a") == "."
    assert path.Dir("/") == "/"
    assert path.Base("/a/b/") == "b"
    assert path.Base("") == "."
    assert path.Base("///") == "/"


REL = [
    ("a/b", "a/b", "."),
    ("a/b/.", "a/b", "."),
    ("a/b", "a/b/.", "."),
    ("./a/b", "a/b", "."),
    ("a/b", "./a/b", "."),
    ("ab/cd", "ab/cde", "../cde"),
    ("ab/cd", "ab/c", "../c"),
    ("a/b", "a/b/c/d", "c/d"),
    ("a/b", "a/b/../c", "../c"),
    ("a/b/../c", "a/b", "../b"),
    ("a/b/c", "a/c/d", "../../c/d"),
    ("a/b", "c/d", "../../c/d"),
    ("a/b/c/d", "a/b", "../.."),
    ("a/b/c/d", "a/b/", "../.."),
    ("a/b/c/d/", "a/b", "../.."),
    ("a/b/c/d/", "a/b/", "../.."),
    ("../../a/b", "../../a/b/c/d", "c/d"),
    ("/a/b", "/a/b", "."),
    ("/a/b/.", "/a/b", "."),
    ("/ab/cd", "/ab/cde", "../cde"),
    ("/a/b", "/a/b/c/d", "c/d"),
    ("/a/b/c/d", "/a/b", "../.."),
    ("/../../a/b", "/a/b/c/d", "c/d"),
    (".", "a/b", "a/b"),
    (".", "..", ".."),
    ("/", "/a/b", "a/b"),
    ("/", "/", "."),
]


@pytest.mark.parametrize(("base", "targ", "want"), REL)
def test_rel_go_table(base, targ, want):
    got, err = filepath.Rel(base, targ)
    assert err is None
    assert got == want


@pytest.mark.parametrize(
    ("base", "targ"), [("..", "."), ("..", "a"), ("../..", ".."), ("a", "/a"), ("/a", "a")]
)
def test_rel_errors(base, targ):
    got, err = filepath.Rel(base, targ)
    assert got == ""
    assert err.Error() == f"Rel: can't make {targ} relative to {base}"


def test_panic():
    with pytest.raises(GoPanic, match="panic: boom"):
        panic("boom")
