"""The Python runtime a run takes: CPython (the one memsim was started with) or PyPy.

memsim is pure Python, and its ports suit PyPy's JIT: `memsim diff --runtime pypy` (or
MEMSIM_RUNTIME=pypy) runs the diff, its parent and its forked workers, under PyPy 3.11, with
the same output byte for byte (tests/sim/test_runtime.py). `memsim bench` measures both.

PyPy is found, in this order: $MEMSIM_PYPY (an interpreter); `pypy3` on PATH; the one
scripts/pypy-setup sets up ($MEMSIM_PYPY_CACHE/bin/pypy3, by default .cache/pypy/bin/pypy3
in the checkout memsim runs from). Each candidate is probed once: it must be PyPy >= 3.11
and import memsim's dependencies.

The PyPy process imports this same memsim (these very files, not another installed copy): the
directory holding the `sim` package goes first on its path, or, when that directory is an
installation's site-packages (whose compiled modules are CPython's), a directory of links to
memsim's three packages alone.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

RUNTIMES = ("cpython", "pypy")
PACKAGES = ("sim", "ports", "fake_sysfs")
ENV = "MEMSIM_RUNTIME"

_PROBE = (
    "import sys, platform; import deepdiff, rich, pyfakefs; "
    "assert sys.implementation.name == 'pypy' and sys.version_info >= (3, 11); "
    "print('PyPy %s (Python %s)' % ('.'.join(map(str, sys.pypy_version_info[:3])), "
    "platform.python_version()))"
)


class RuntimeNotFound(Exception):
    """No usable PyPy: the message says what was tried and how to set one up."""


def name() -> str:
    """This process's runtime: "pypy" or "cpython"."""
    return "pypy" if sys.implementation.name == "pypy" else "cpython"


def describe() -> str:
    """This process's interpreter as diff's timing names it: "Python 3.11.7" (CPython) or
    "PyPy 7.3.19 (Python 3.11.11)"."""
    import platform

    if name() == "pypy":
        v = ".".join(map(str, sys.pypy_version_info[:3]))  # type: ignore[attr-defined]
        return f"PyPy {v} (Python {platform.python_version()})"
    return f"Python {platform.python_version()}"


def checkout() -> Path:
    """The directory holding the `sim` package this process imported."""
    return Path(__file__).resolve().parent.parent


def _candidates() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if os.environ.get("MEMSIM_PYPY"):
        out.append(("$MEMSIM_PYPY", os.environ["MEMSIM_PYPY"]))
    on_path = shutil.which("pypy3")
    if on_path:
        out.append(("pypy3 on PATH", on_path))
    cache = os.environ.get("MEMSIM_PYPY_CACHE") or str(checkout() / ".cache" / "pypy")
    out.append(("scripts/pypy-setup's", str(Path(cache) / "bin" / "pypy3")))
    return out


@functools.cache
def _probe(exe: str) -> tuple[str | None, str]:
    """(its description, "") if `exe` is a usable PyPy, else (None, why not)."""
    if not os.access(exe, os.X_OK):
        return None, "not there"
    try:
        p = subprocess.run(
            [exe, "-c", _PROBE], capture_output=True, text=True, timeout=120, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, str(e)
    if p.returncode != 0:
        last = (p.stderr.strip().splitlines() or [f"exit status {p.returncode}"])[-1]
        return None, last
    return p.stdout.strip(), ""


def find_pypy() -> tuple[str, str]:
    """(interpreter path, its description) of the first usable PyPy; RuntimeNotFound if none."""
    tried = []
    for label, exe in _candidates():
        desc, why = _probe(exe)
        if desc is not None:
            return exe, desc
        tried.append(f"{label} ({exe}): {why}")
    raise RuntimeNotFound(
        "no usable PyPy 3.11 (tried "
        + "; ".join(tried)
        + "). scripts/pypy-setup sets one up on Debian; or set MEMSIM_PYPY to an interpreter"
    )


def wanted(flag: str | None) -> str:
    """The runtime a command asked for: its --runtime flag, else $MEMSIM_RUNTIME, else this
    process's own."""
    rt = (flag or os.environ.get(ENV) or name()).lower()
    if rt == "python":
        rt = "cpython"
    if rt not in RUNTIMES:
        raise ValueError(f"unknown runtime {rt!r} (known: {', '.join(RUNTIMES)})")
    return rt


@contextmanager
def import_path() -> Iterator[str]:
    """A sys.path entry from which another interpreter imports this memsim and nothing else
    that could shadow its own packages."""
    root = checkout()
    if root.name not in ("site-packages", "dist-packages"):
        yield str(root)
        return
    with tempfile.TemporaryDirectory(prefix="memsim-path-") as d:
        for pkg in PACKAGES:
            os.symlink(root / pkg, Path(d) / pkg)
        yield d


def bootstrap(code: str, path: str) -> str:
    """`code` preceded by putting `path` first on sys.path (for `interpreter -c`)."""
    return f"import sys; sys.path.insert(0, {path!r})\n{code}"


# PyPy's nursery (where every object starts) defaults to the size of the L2 cache (4 MB here),
# and a diff allocates a few MB a state. 3,000 states, --jobs 1, GC time of the CPU time: with
# 4 MB 0.9-1.9 s (9-18%) at load 8 and 9.7 of 20.4 s at load 15; with 32 MB 0.4-0.7 s and 1.3-2.2
# of 16 s. A larger nursery also raises the heap at which PyPy first collects the old objects
# (8x the nursery): PYPY_GC_MIN keeps the peak RSS near the default's (171-175 MB against
# 159-165 MB; 218-220 MB without it).
PYPY_ENV = {"PYPY_GC_NURSERY": "32M", "PYPY_GC_MIN": "64M"}


def pypy_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment memsim starts PyPy with: `env` (default: this process's) plus
    PYPY_ENV where it does not set them."""
    out = dict(os.environ if env is None else env)
    for k, v in PYPY_ENV.items():
        out.setdefault(k, v)
    return out


def exec_cli(argv: Sequence[str], interpreter: str) -> int:
    """Run `memsim ARGV` under another interpreter, with this process's standard streams and
    working directory; its exit status."""
    code = "from sim.cli import main\nsys.exit(main(sys.argv[1:]))"
    env = pypy_env()
    env[ENV] = "pypy"  # the child is PyPy: it runs the command itself
    with import_path() as path:
        try:
            return subprocess.call([interpreter, "-c", bootstrap(code, path), *argv], env=env)
        except KeyboardInterrupt:
            return 130


def strip_flag(argv: Sequence[str], flag: str) -> list[str]:
    """argv without `flag VALUE` / `flag=VALUE`."""
    out: list[str] = []
    skip = False
    for a in argv:
        if skip:
            skip = False
        elif a == flag:
            skip = True
        elif not a.startswith(flag + "="):
            out.append(a)
    return out
