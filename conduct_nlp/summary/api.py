"""``summarize``: from labelled rows (a ``classify`` output file, a DataFrame or records) to a :class:`Summary`."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any, Iterable, Iterator, Sequence

from .._version import __version__
from ..periods import PERIODS
from ..records import read_rows
from .result import Summary
from .tables import (ALPHA, INTERVAL, TREND_TEST, aggregate, error_table, group_table, top_table,
                     trend_table)
from .tally import ALL, DATE_PROBLEM, ROW_ERROR, Tally

__all__ = ["summarize"]

_CHUNK = 10_000


def _frame_rows(df) -> Iterator[dict]:
    for start in range(0, len(df), _CHUNK):  # a chunk at a time: never a second copy of the whole frame
        yield from df.iloc[start:start + _CHUNK].to_dict("records")


def _source(data: Any, fmt: str | None) -> tuple[str, list[str] | None, Iterable[dict]]:
    """``(where, header or None, rows)`` of a path, a pandas DataFrame or an iterable of mappings."""
    if isinstance(data, (str, os.PathLike)):
        header, rows = read_rows(os.fspath(data), fmt)
        return os.fspath(data), header, rows
    if hasattr(data, "columns") and hasattr(data, "iloc"):
        return "the DataFrame", [str(c) for c in data.columns], _frame_rows(data)
    if isinstance(data, (bytes, dict)) or not isinstance(data, Iterable):
        raise TypeError(f"summarize needs a file path, a pandas DataFrame or an iterable of dicts; "
                        f"got {type(data).__name__}")
    return "the rows", None, iter(data)


def _check_args(by: Sequence[str], period: str, min_count: int, examples: int, top: int) -> None:
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(map(repr, PERIODS))}; got {period!r}")
    for name, value, low in (("min_count", min_count, 1), ("examples", examples, 0), ("top", top, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    if len(set(by)) != len(by):
        raise ValueError(f"a column is given twice in by: {list(by)}")


def _evidence(model, text: str, code: str) -> tuple[list[str], list[list[int]] | None]:
    """The phrases that pushed ``code`` up for ``text`` and their ``[start, end)`` character spans in ``text``."""
    if not hasattr(model, "evidence"):  # a model of another kind: phrases only
        return [str(phrase) for phrase, _weight in model.explain(text, top=5, labels=[code]).get(code, [])], None
    found = model.evidence(text, top=5, labels=[code]).get(code, [])
    return [e.phrase for e in found], sorted([a, b] for e in found for a, b in e.spans)


def _example_table(tally: Tally, model) -> list[dict]:
    out = []
    for code, records in tally.keeper.examples().items():
        norm, verdict = code.split(":")
        for rank, rec in enumerate(records, 1):
            phrases, spans = _evidence(model, rec["text"], code) if model is not None else ([], None)
            out.append({"label": code, "norm": norm, "verdict": verdict, "rank": rank, "score": rec["score"],
                        "text": rec["text"], "evidence": phrases, "spans": spans, "id": rec["id"],
                        "row": rec["row"], "period": rec["period"], **{c: rec.get(c) for c in tally.by}})
    return out


def _model_ref(model: Any) -> str | None:
    if model is None:
        return "default"
    return os.fspath(model) if isinstance(model, (str, os.PathLike)) else None


def _info(tally: Tally, totals: dict, settings: dict, model_ref: str | None) -> dict:
    problems = tally.problems
    return {
        "input": tally.where,
        "rows_read": tally.rows,
        "rows_counted": totals.get((0, ALL), [0])[0],
        "error_rows": sum(v[0] for (cls, _), v in problems.items() if cls == ROW_ERROR),
        "date_problems": sum(v[0] for (cls, _), v in problems.items() if cls == DATE_PROBLEM),
        **settings,
        "labels_column": tally.columns.labels if tally.columns else None,
        "error_column": tally.columns.error if tally.columns else None,
        "interval": INTERVAL,
        "trend_test": TREND_TEST if settings["time_column"] else None,
        "alpha": ALPHA,
        "evidence_model": model_ref,
        "conduct_nlp_version": __version__,
        "generated": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
    }


def summarize(data: Any, by: str | Sequence[str] = (), time_column: str | None = None, period: str = "month",
              min_count: int = 30, *, examples: int = 3, top: int = 10, text_column: str = "text",
              model: Any = None, fmt: str | None = None) -> Summary:
    """Count and rate the labels of classified comments per group and per period, in one streaming pass.

    Parameters
    ----------
    data : path, pandas.DataFrame or iterable of dict
        The output of ``conduct-nlp classify`` (CSV, TSV, JSONL or Parquet,
        read as a stream), of :func:`conduct_nlp.add_predictions`, or records
        (a generator is consumed lazily). It needs a ``pred_labels`` (or older
        ``labels``) column; ``pred_error``/``error`` rows are counted as errors.
    by : str or list of str
        Columns to group by (e.g. ``["unit", "channel"]``); every comment is
        also counted in the group ``(all)``.
    time_column : str, optional
        Column of dates (ISO ``2026-03-14``, ``14/03/2026``, datetimes) for the trend.
    period : {"month", "week", "quarter"}
        Length of a trend period (ISO names ``2026-03``, ``2026-W12``, ``2026-Q1``).
    min_count : int, default 30
        Groups and periods with fewer comments are marked ``small_group``, never
        ranked and never tested for a change.
    examples : int, default 3
        Example comments kept per label (highest score first); 0 for none (no model is loaded).
    top : int, default 10
        Groups listed per ``by`` column and norm in the ranking.
    text_column : str, default "text"
        Column of the comments (for the examples).
    model : str, path or ConductClassifier, optional
        The model whose evidence phrases are shown (default: the bundled default model).
    fmt : {"csv", "tsv", "jsonl", "parquet"}, optional
        Format of a path whose extension does not tell it.

    Returns
    -------
    Summary
        Tables as records (``.tables``) and DataFrames (``.groups``, ``.trend``,
        ``.top``, ``.examples``, ``.errors``), and ``to_csv``/``to_json``/
        ``to_excel``/``to_html``.

    Raises
    ------
    ValueError
        No labels column (the message names the expected columns), a bad argument.
    KeyError
        A ``by`` or time column that is not in the input.
    """
    by = [by] if isinstance(by, str) else list(by)
    _check_args(by, period, min_count, examples, top)
    where, header, rows = _source(data, fmt)
    tally = Tally(by, time_column, period, text_column, examples, where)
    if header is not None:
        tally.set_header(header)
    tally.add_all(rows)
    totals, per_period = aggregate(tally)
    loaded = None
    if examples and any(tally.keeper.examples().values()):
        from ..persistence import resolve_model

        loaded = resolve_model(model)
    tables = {
        "groups": group_table(tally, totals, min_count),
        "trend": trend_table(tally, per_period, min_count),
        "top": top_table(tally, totals, min_count, top),
        "examples": _example_table(tally, loaded),
        "errors": error_table(tally),
    }
    settings = {"by": by, "time_column": time_column, "period": period if time_column else None,
                "min_count": min_count, "examples": examples, "top": top, "text_column": text_column}
    ref = _model_ref(model) if loaded is not None else None  # a page never names a model it did not use
    return Summary(_info(tally, totals, settings, ref), tables, loaded, ref)
