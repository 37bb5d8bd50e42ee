"""The one lookup for ported versions, by name ("runc@v1.1.9", "cadvisor@v0.47.3").

A project package registers each version class when it is imported:

    @registry.register("runc@v1.1.9")
    class Runc(v1_1_7.Runc): ...

`get(name)` imports the project package on demand and returns the class.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, TypeVar

_REGISTRY: dict[str, Any] = {}

# project name -> the package whose import registers its versions
PROJECTS: dict[str, str] = {
    "runc": "ports.runc",
    "cgroups": "ports.cgroups",
    "cadvisor": "ports.cadvisor",
    "kubelet": "ports.kubelet",
    "metrics-server": "ports.metrics_server",
    "kubectl": "ports.kubectl",
}

T = TypeVar("T")


def register(name: str) -> Callable[[T], T]:
    if "@" not in name:
        raise ValueError(f"version name {name!r} must be 'project@tag'")

    def add(cls: T) -> T:
        prev = _REGISTRY.get(name)
        if prev is not None and prev is not cls:
            # the same class re-imported (pyfakefs unloads modules first imported inside a
            # fake-fs test) replaces itself; two different classes under one name are an error
            same = (prev.__module__, prev.__qualname__) == (cls.__module__, cls.__qualname__)  # type: ignore[attr-defined]
            if not same:
                raise ValueError(f"{name} registered twice")
        _REGISTRY[name] = cls
        return cls

    return add


def _load(project: str) -> None:
    pkg = PROJECTS.get(project)
    if pkg is not None:
        importlib.import_module(pkg)


def get(name: str) -> Any:
    project = name.split("@", 1)[0]
    if name not in _REGISTRY:
        _load(project)
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(names(project)) or "none"
        raise KeyError(f"no port {name!r}; known {project} versions: {known}") from None


def names(project: str | None = None) -> list[str]:
    if project is not None:
        _load(project)
        return sorted(n for n in _REGISTRY if n.split("@", 1)[0] == project)
    for p in PROJECTS:
        try:
            _load(p)
        except ModuleNotFoundError:
            continue
    return sorted(_REGISTRY)
