"""Rates of counts: Wilson intervals, tests of a change between two rates, Holm's correction.

Plain Python (``math``); Fisher's exact test uses scipy, imported only when needed.
"""

from __future__ import annotations

import math
from typing import NamedTuple, Sequence

__all__ = ["Z95", "wilson_interval", "compare_rates", "holm_adjust", "RateTest"]

Z95 = 1.959963984540054
"""The standard normal quantile of a two-sided 95% interval."""

MIN_EXPECTED = 5
"""Below this expected count in any cell of the 2×2 table, :func:`compare_rates` uses Fisher's exact test."""


def wilson_interval(count: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of the proportion ``count / n`` (95% by default).

    Parameters
    ----------
    count : int
        Successes, ``0 <= count <= n``.
    n : int
        Trials; ``0`` gives ``(nan, nan)``.
    z : float
        Normal quantile of the interval (1.96 for 95%).

    Returns
    -------
    (low, high) : tuple of float
        Bounds in [0, 1]. Unlike the normal ("Wald") interval it stays inside [0, 1]
        and does not collapse to a point when ``count`` is 0 or ``n``.
    """
    if n < 0 or count < 0 or count > n:
        raise ValueError(f"need 0 <= count <= n, got count={count}, n={n}")
    if n == 0:
        return math.nan, math.nan
    p = count / n
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


class RateTest(NamedTuple):
    """The result of :func:`compare_rates`."""

    p_value: float
    """Two-sided p-value."""
    test: str
    """``"z"`` (pooled two-proportion z-test) or ``"fisher"`` (Fisher's exact test)."""


def _z_test(k1: int, n1: int, k2: int, n2: int) -> float:
    pooled = (k1 + k2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:  # both rates 0 or both 1: no evidence of a change
        return 1.0
    z = (k2 / n2 - k1 / n1) / se
    return math.erfc(abs(z) / math.sqrt(2))


def compare_rates(k1: int, n1: int, k2: int, n2: int) -> RateTest:
    """Two-sided test that the rates ``k1/n1`` and ``k2/n2`` are equal.

    The pooled two-proportion z-test; when any expected count of the 2×2 table
    (successes and failures in each sample, under equal rates) is below 5, where
    the normal approximation is poor, Fisher's exact test instead.

    Returns
    -------
    RateTest
        ``(p_value, "z")`` or ``(p_value, "fisher")``.
    """
    if n1 <= 0 or n2 <= 0:
        raise ValueError(f"both samples need comments, got n1={n1}, n2={n2}")
    pooled = (k1 + k2) / (n1 + n2)
    if pooled in (0.0, 1.0):  # a margin of the table is zero: Fisher's exact p-value is 1
        return RateTest(1.0, "fisher")
    expected = min(n1 * pooled, n1 * (1 - pooled), n2 * pooled, n2 * (1 - pooled))
    if expected >= MIN_EXPECTED:
        return RateTest(_z_test(k1, n1, k2, n2), "z")
    from scipy.stats import fisher_exact

    _, p = fisher_exact([[k1, n1 - k1], [k2, n2 - k2]], alternative="two-sided")
    return RateTest(min(1.0, float(p)), "fisher")


def holm_adjust(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values (family-wise error rate), in the input order.

    An adjusted p-value below α rejects that hypothesis with a family-wise error
    rate of at most α across the whole family.
    """
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [1.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted
