"""Streaming quantiles in flat memory, for the diff's per-view, per-family and per-profile rows.

    q = Quantiles()
    for x in deltas_in_bytes:
        q.add(x)
    q.summary(scale=1 << 20)   # {"n", "min", "p1", "median", "p99", "max", "exact"}, in MiB

A group keeps its values exactly (a count per distinct value) while it has at most EXACT_LIMIT
distinct ones (every row of a default `memsim diff` stays exact); past that they fold into
logarithmic buckets whose width is ALPHA of their value (the scheme of DDSketch, Masson et al.,
VLDB 2019), so a group's memory is bounded by the range of its values (at most ~22,000 buckets
a sign over the whole int64 range, ~8,000 from 4 KiB to 64 GiB), never by how many states it
holds. min, max, n and the count of zeros stay exact either way; a folded quantile is within
ALPHA (0.1%) of the exact nearest-rank one.

Quantiles are nearest-rank (p1 is the value at rank ceil(n/100), p99 at ceil(99n/100)); the
median is the mean of the two middle values when n is even, as statistics.median gives.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

EXACT_LIMIT = 8192
ALPHA = 0.001
_GAMMA = (1 + ALPHA) / (1 - ALPHA)
_LN_GAMMA = math.log(_GAMMA)


class Quantiles:
    __slots__ = ("_exact", "_neg", "_pos", "_zero", "max", "min", "n")

    def __init__(self) -> None:
        self.n = 0
        self.min: int | float | None = None
        self.max: int | float | None = None
        self._exact: dict[int | float, int] | None = {}
        self._neg: dict[int, int] = {}
        self._pos: dict[int, int] = {}
        self._zero = 0

    def add(self, x: int | float) -> None:
        self.n += 1
        if self.min is None or x < self.min:
            self.min = x
        if self.max is None or x > self.max:
            self.max = x
        ex = self._exact
        if ex is not None:
            ex[x] = ex.get(x, 0) + 1
            if len(ex) > EXACT_LIMIT:
                self._exact = None
                for v, c in ex.items():
                    self._bucket(v, c)
            return
        self._bucket(x, 1)

    def _bucket(self, x: int | float, c: int) -> None:
        if x > 0:
            k = math.ceil(math.log(x) / _LN_GAMMA)
            self._pos[k] = self._pos.get(k, 0) + c
        elif x < 0:
            k = math.ceil(math.log(-x) / _LN_GAMMA)
            self._neg[k] = self._neg.get(k, 0) + c
        else:
            self._zero += c

    @property
    def exact(self) -> bool:
        return self._exact is not None

    def items(self) -> Iterator[tuple[float, int]]:
        """(value, count) in ascending order: the values themselves while exact, else each
        bucket's midpoint (clamped to min and max)."""
        if self._exact is not None:
            yield from sorted(self._exact.items())
            return
        assert self.min is not None and self.max is not None
        lo, hi = self.min, self.max
        for k in sorted(self._neg, reverse=True):
            yield max(lo, min(hi, -_mid(k))), self._neg[k]
        if self._zero:
            yield 0, self._zero
        for k in sorted(self._pos):
            yield max(lo, min(hi, _mid(k))), self._pos[k]

    def at_ranks(self, ranks: list[int]) -> list[float]:
        """The values at 1-based ranks (each in 1..n), in the order given."""
        want = sorted(set(ranks))
        got: dict[int, float] = {}
        seen, i = 0, 0
        for v, c in self.items():
            seen += c
            while i < len(want) and want[i] <= seen:
                got[want[i]] = v
                i += 1
            if i == len(want):
                break
        return [got[r] for r in ranks]

    def summary(self, scale: float = 1.0, digits: int = 3) -> dict[str, Any] | None:
        """n, min, p1, median, p99, max (divided by `scale`, rounded) and whether exact; None
        when empty."""
        n = self.n
        if not n:
            return None
        assert self.min is not None and self.max is not None
        lo_mid, hi_mid = (n + 1) // 2, n // 2 + 1
        p1, m1, m2, p99 = self.at_ranks([-(-n // 100), lo_mid, hi_mid, -(-99 * n // 100)])
        vals = {
            "min": self.min,
            "p1": p1,
            "median": (m1 + m2) / 2,
            "p99": p99,
            "max": self.max,
        }
        out: dict[str, Any] = {"n": n}
        out.update({k: round(v / scale, digits) + 0.0 for k, v in vals.items()})
        out["exact"] = self.exact
        return out


def _mid(k: int) -> float:
    """The value that represents bucket k, (gamma^(k-1), gamma^k], within ALPHA of all of it."""
    return 2 * _GAMMA**k / (_GAMMA + 1)
