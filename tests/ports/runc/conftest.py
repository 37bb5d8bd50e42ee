"""Shared fixtures for the runc / opencontainers/cgroups port tests.

Upstream's unit tests write their fixtures into t.TempDir() and set cgroups.TestMode; here
the directory is under /tmp in pyfakefs (the `fs` fixture) and `runc(version)` returns a fresh
version object with TestMode set. Every test runs on a FakeHost (a cgroup2 /sys/fs/cgroup,
openat2 available) so no answer comes from the machine running the tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import ports.runc
from ports.go import host

VERSIONS: list[str] = ports.runc.versions()


def since(first: str, until: str | None = None) -> list[str]:
    """The versions from `first` on (up to and including `until`), oldest first."""
    i = VERSIONS.index(first)
    j = VERSIONS.index(until) + 1 if until else len(VERSIONS)
    return VERSIONS[i:j]


def before(first: str) -> list[str]:
    return VERSIONS[: VERSIONS.index(first)]


def runc(version: str, *, test_mode: bool = True) -> Any:
    R = ports.runc.get(version)()
    R.cgroups.TestMode = test_mode
    return R


def write_files(fs: Any, dir: str, files: dict[str, str | bytes]) -> None:
    """writeFileContents: each file created or truncated and rewritten."""
    for name, contents in files.items():
        path = dir.rstrip("/") + "/" + name
        if fs.exists(path):
            fs.remove(path)
        if isinstance(contents, str):  # a Go string: bytes held with surrogateescape
            contents = contents.encode("utf-8", "surrogateescape")
        fs.create_file(path, contents=contents)


@pytest.fixture(autouse=True)
def fake_host() -> Iterator[host.FakeHost]:
    h = host.FakeHost({"/sys/fs/cgroup": "cgroup2"}, openat2=True)
    with host.use(h):
        yield h


@pytest.fixture
def tempdir(fs: Any, request: pytest.FixtureRequest) -> str:
    """t.TempDir(): a fresh directory under /tmp named after the test."""
    name = request.node.name.replace("[", "_").replace("]", "").replace("/", "_")
    path = f"/tmp/{name}/001"
    fs.create_dir(path)
    return path
