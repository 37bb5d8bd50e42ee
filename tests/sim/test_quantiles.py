"""sim.quantiles: exact while few distinct values, within ALPHA after, memory bounded."""

from __future__ import annotations

import math
import random
import statistics

from hypothesis import given, settings
from hypothesis import strategies as st

from sim import quantiles
from sim.quantiles import Quantiles


def _exact(xs):
    s = sorted(xs)
    n = len(s)
    return {
        "min": s[0],
        "p1": s[math.ceil(n / 100) - 1],
        "median": statistics.median(s),
        "p99": s[math.ceil(99 * n / 100) - 1],
        "max": s[-1],
    }


def _q(xs):
    q = Quantiles()
    for x in xs:
        q.add(x)
    return q


sizes = st.integers(min_value=-(1 << 40), max_value=1 << 40)


@given(st.lists(sizes | st.just(0), min_size=1, max_size=300))
def test_few_distinct_values_are_exact(xs):
    got = _q(xs).summary()
    assert got["exact"] is True and got["n"] == len(xs)
    assert {k: got[k] for k in ("min", "p1", "median", "p99", "max")} == {
        k: round(v, 3) for k, v in _exact(xs).items()
    }


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_folded_quantiles_are_within_alpha(seed):
    rnd = random.Random(seed)
    xs = [
        rnd.choice([0, 1, -1]) * int(math.exp(rnd.uniform(0, 40)))
        for _ in range(quantiles.EXACT_LIMIT * 3)
    ]
    q = _q(xs)
    got = q.summary()
    assert got["exact"] is False
    want = _exact(xs)
    assert (got["min"], got["max"]) == (want["min"], want["max"])  # always exact
    for k in ("p1", "p99"):
        assert abs(got[k] - want[k]) <= quantiles.ALPHA * abs(want[k]) + 1e-3, k
    # the median of an even count is the mean of two values, each within ALPHA
    s = sorted(xs)
    n = len(s)
    lo, hi = s[(n + 1) // 2 - 1], s[n // 2]
    assert abs(got["median"] - (lo + hi) / 2) <= quantiles.ALPHA * (abs(lo) + abs(hi)) / 2 + 1e-3


def test_memory_is_bounded_by_the_range_not_the_count():
    rnd = random.Random(7)
    q = Quantiles()
    for _ in range(200_000):  # ~200,000 distinct values from 4 KiB to 64 GiB, both signs
        q.add(rnd.choice((1, -1)) * int(2 ** rnd.uniform(12, 36)))
    buckets = len(q._pos) + len(q._neg)
    assert q.n == 200_000 and not q.exact
    # (ln(2^36) - ln(2^12)) / ln(gamma) buckets a sign at most
    bound = 2 * math.ceil(
        24 * math.log(2) / math.log((1 + quantiles.ALPHA) / (1 - quantiles.ALPHA))
    )
    assert buckets <= bound + 2
    assert buckets < 20_000


def test_summary_in_mib_and_empty():
    assert Quantiles().summary() is None
    q = _q([-(1 << 30), 0, 1 << 20])
    assert q.summary(scale=1 << 20) == {
        "n": 3,
        "min": -1024.0,
        "p1": -1024.0,
        "median": 0.0,
        "p99": 1.0,
        "max": 1.0,
        "exact": True,
    }
