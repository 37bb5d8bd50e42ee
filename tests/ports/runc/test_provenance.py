"""Every public function, method and struct under ports/runc and ports/cgroups states its
upstream provenance, and the tag it cites matches the version package it lives in."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import ports.cgroups
import ports.runc
from ports import provenance
from ports.runc.api import Version

_VERSION_PKG = re.compile(r"^ports\.(runc|cgroups)\.v(\d+)_(\d+)_(\d+)(\.|$)")
_REPO = {"runc": "opencontainers/runc", "cgroups": "opencontainers/cgroups"}


def _modules():
    for root in (ports.runc, ports.cgroups):
        for info in pkgutil.walk_packages(root.__path__, root.__name__ + "."):
            yield importlib.import_module(info.name)


def _ported_objects():
    """(qualified name, object, expected repo@tag) for everything defined in a version
    package: module-level functions and classes, and the methods those classes define."""
    for mod in _modules():
        m = _VERSION_PKG.match(mod.__name__)
        if not m:
            continue
        expected = f"{_REPO[m[1]]}@v{m[2]}.{m[3]}.{m[4]}"
        for name, obj in vars(mod).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != mod.__name__:
                continue
            if inspect.isfunction(obj):
                yield f"{mod.__name__}.{name}", obj, expected
            elif inspect.isclass(obj) and not issubclass(obj, Version):
                # a class is ported (a Go type) unless it is a package mixin (<File>Go) or
                # a package class composed of them
                if not (
                    name.endswith("Go") or (obj.__doc__ and obj.__doc__.startswith("package "))
                ):
                    yield f"{mod.__name__}.{name}", obj, expected
                for mname, meth in vars(obj).items():
                    if mname.startswith("__") or not inspect.isfunction(meth):
                        continue
                    if mname.startswith("_") and provenance.of(meth) is None:
                        continue  # a private helper (e.g. the body of a sync.Once)
                    yield f"{mod.__name__}.{name}.{mname}", meth, expected


OBJECTS = list(_ported_objects())


def test_there_is_something_to_check():
    names = {n.rsplit(".", 1)[-1] for n, _, _ in OBJECTS}
    for must in (
        "stat_memory",
        "root_stats_from_meminfo",
        "get_stats",
        "parse_uint",
        "MemoryStats",
    ):
        assert must in names
    assert len(OBJECTS) > 100


@pytest.mark.parametrize(("name", "obj", "expected"), OBJECTS, ids=[o[0] for o in OBJECTS])
def test_upstream_provenance(name, obj, expected):
    info = provenance.of(obj)
    assert info is not None, f"{name} has no @upstream"
    assert f"{info.repo}@{info.tag}" == expected, f"{name} cites {info}"
    assert info.path.endswith(".go")
    assert info.start <= info.end


def test_deviations_are_stated():
    deviations = {n for n, o, _ in OBJECTS if (i := provenance.of(o)) and i.deviation}
    assert any(n.endswith("fs2.fs2.manager.get_stats") for n in deviations)
    assert any(n.endswith("is_cgroup2_unified_mode") for n in deviations)
