"""The figures of a summary, as lists of flat records (one per table row), from a :class:`Tally`.

Tables: ``groups`` (counts and rates per group × label), ``trend`` (per group ×
period × label, with the change from the previous period and its test),
``top`` (groups ranked by violation rate per norm) and ``errors`` (rows left
out, by kind).
"""

from __future__ import annotations

from collections import defaultdict

from ..labels import LABELS, NORM_CODES
from ..proportions import compare_rates, holm_adjust, wilson_interval
from .tally import ALL, DATE_PROBLEM, MISSING_GROUP, ROW_ERROR, Tally

__all__ = ["ALPHA", "TREND_TEST", "INTERVAL", "COLUMNS", "aggregate", "group_table", "trend_table", "top_table",
           "error_table"]

ALPHA = 0.05
"""Family-wise significance level of the trend flags."""

TREND_TEST = ("two-sided two-proportion z-test (pooled) of each period against the previous one, or Fisher's "
              "exact test when an expected cell count is below 5; Holm correction across the six norms of the "
              f"same verdict, flagged when the adjusted p-value < {ALPHA}; only when both periods have at "
              "least min_count comments")
"""How the trend flags are decided (written in every output)."""

INTERVAL = "Wilson score interval, 95%"
"""How the rates' intervals are computed (written in every output)."""

_LABEL = ["label", "norm", "verdict"]
_RATE = ["count", "rate", "ci_low", "ci_high"]
COLUMNS: dict[str, list[str]] = {
    "groups": ["group_by", "group", *_LABEL, "n", *_RATE, "small_group", "errors"],
    "trend": ["group_by", "group", "period", *_LABEL, "n", *_RATE, "per_100", "small_group", "prev_period",
              "change_per_100", "p_value", "p_adjusted", "test", "significant"],
    "top": ["group_by", *_LABEL, "rank", "group", "n", *_RATE],
    "errors": ["problem", "kind", "count", "example_rows", "effect"],
    "examples": [*_LABEL, "rank", "score", "text", "evidence", "spans", "id", "row", "period"],
}
"""The columns of each table, in order (``examples`` also gets one column per ``by`` column)."""

_N = len(LABELS)


def aggregate(tally: Tally) -> tuple[dict, dict]:
    """``(totals, per_period)``: ``(dim, group) → [n, count per label…]`` and ``(dim, group, period) → […]``."""
    totals: dict = {}
    per_period: dict = {}
    for (d, g, p, labels), c in tally.counts.items():
        targets = [totals.setdefault((d, g), [0] * (_N + 1))]
        if p is not None:
            targets.append(per_period.setdefault((d, g, p), [0] * (_N + 1)))
        for t in targets:
            t[0] += c
            for j in labels:
                t[1 + j] += c
    for key in tally.group_errors:
        totals.setdefault(key, [0] * (_N + 1))
    return totals, per_period


def _rate(count: int, n: int) -> dict:
    low, high = wilson_interval(count, n)
    return {"count": count, "rate": count / n if n else None,
            "ci_low": None if n == 0 else low, "ci_high": None if n == 0 else high}


def _dim_name(tally: Tally, d: int) -> str:
    return ALL if d == 0 else tally.by[d - 1]


def _label_fields(j: int) -> dict:
    norm, verdict = LABELS[j].split(":")
    return {"label": LABELS[j], "norm": norm, "verdict": verdict}


def group_table(tally: Tally, totals: dict, min_count: int) -> list[dict]:
    """One record per group × label: n, count, rate, Wilson 95% interval, small_group, errors."""
    out = []
    for (d, g) in sorted(totals, key=lambda k: (k[0], k[1] == MISSING_GROUP, k[1])):
        t = totals[(d, g)]
        for j in range(_N):
            out.append({"group_by": _dim_name(tally, d), "group": g, **_label_fields(j), "n": t[0],
                        **_rate(t[1 + j], t[0]), "small_group": t[0] < min_count,
                        "errors": tally.group_errors.get((d, g), 0)})
    return out


def _changes(prev: list[int] | None, cur: list[int], min_count: int) -> list[dict]:
    """For each label: the change from ``prev`` and its test, Holm-adjusted across norms of a verdict."""
    res = [{"change_per_100": None, "p_value": None, "p_adjusted": None, "test": None, "significant": None}
           for _ in range(_N)]
    if prev is None or prev[0] < min_count or cur[0] < min_count:
        return res
    for j in range(_N):
        res[j]["change_per_100"] = 100 * (cur[1 + j] / cur[0] - prev[1 + j] / prev[0])
        p, test = compare_rates(prev[1 + j], prev[0], cur[1 + j], cur[0])
        res[j]["p_value"], res[j]["test"] = p, test
    for offset in (0, 1):  # violation labels, compliance labels: one family of six norms each
        js = list(range(offset, _N, 2))
        for j, adj in zip(js, holm_adjust([res[j]["p_value"] for j in js])):
            res[j]["p_adjusted"] = adj
            res[j]["significant"] = adj < ALPHA
    return res


def trend_table(tally: Tally, per_period: dict, min_count: int) -> list[dict]:
    """One record per group × period × label: rate (and per 100), interval, change from the previous period."""
    series: dict = defaultdict(list)
    for (d, g, p) in per_period:
        series[(d, g)].append(p)
    out = []
    for (d, g) in sorted(series, key=lambda k: (k[0], k[1] == MISSING_GROUP, k[1])):
        prev_p = None
        for p in sorted(series[(d, g)]):
            cur = per_period[(d, g, p)]
            prev = per_period[(d, g, prev_p)] if prev_p is not None else None
            for j, change in enumerate(_changes(prev, cur, min_count)):
                rate = _rate(cur[1 + j], cur[0])
                out.append({"group_by": _dim_name(tally, d), "group": g, "period": p, **_label_fields(j),
                            "n": cur[0], **rate, "per_100": 100 * rate["rate"],
                            "small_group": cur[0] < min_count, "prev_period": prev_p, **change})
            prev_p = p
    return out


def top_table(tally: Tally, totals: dict, min_count: int, top: int = 10) -> list[dict]:
    """Per ``by`` column and norm: the ``top`` groups with the highest violation rate (only groups ≥ min_count)."""
    out = []
    for d in range(1, len(tally.by) + 1):
        ranked = [(g, t) for (dd, g), t in totals.items()
                  if dd == d and g != MISSING_GROUP and t[0] >= min_count]
        for norm in NORM_CODES:
            j = LABELS.index(f"{norm}:violation")
            rows = [(g, t[0], _rate(t[1 + j], t[0])) for g, t in ranked]
            rows.sort(key=lambda r: (-r[2]["rate"], -r[2]["ci_low"], r[0]))
            for rank, (g, n, rate) in enumerate(rows[:top], 1):
                out.append({"group_by": tally.by[d - 1], **_label_fields(j), "rank": rank, "group": g, "n": n,
                            **rate})
    return out


def error_table(tally: Tally) -> list[dict]:
    """Rows left out, by kind: error rows (out of every count), missing or unreadable dates (out of the trend)."""
    out = []
    effects = {ROW_ERROR: "excluded from every count", DATE_PROBLEM: "counted in groups, left out of the trend"}
    for (cls, kind), (rows, where) in sorted(tally.problems.items(), key=lambda kv: (kv[0][0], -kv[1][0])):
        out.append({"problem": cls, "kind": kind, "count": rows, "example_rows": list(where),
                    "effect": effects.get(cls, "")})
    return out
