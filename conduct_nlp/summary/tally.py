"""One streaming pass over labelled rows: counts per group × period × label set, problems, examples.

Memory grows with the number of distinct (group, period, label set)
combinations, never with the number of rows: a million rows of 12 offices over
12 months hold a few thousand counters.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Sequence

from ..batch.rows import error_kind
from ..labels import LABELS
from ..periods import PeriodParser
from .columns import InputColumns, cell_text, find_columns, is_missing, label_indices
from .examples import ExampleKeeper

__all__ = ["ALL", "MISSING_GROUP", "Tally", "ROW_ERROR", "DATE_PROBLEM"]

ALL = "(all)"
"""The group (and grouping) of every comment."""
MISSING_GROUP = "(missing)"
"""The group of a row whose grouping cell is empty."""
ROW_ERROR = "error row"
"""Problem class of a row that could not be classified (or read): excluded from every count."""
DATE_PROBLEM = "date"
"""Problem class of a row whose date is missing or unreadable: counted in its groups, left out of the trend."""

_KEEP_ROWS = 5  # row numbers kept per problem kind, to show where to look
_CACHE = 16384


class Tally:
    """Counts of labelled rows, filled one row at a time by :meth:`add`.

    Attributes
    ----------
    counts : Counter
        ``(dimension, group, period, label indices) → rows``; dimension 0 is
        every comment (group :data:`ALL`), dimension ``d`` the ``d``-th ``by``
        column; period is ``None`` without a time column or a readable date.
    group_errors : Counter
        ``(dimension, group) → error rows`` (not in ``counts``).
    problems : dict
        ``(class, kind) → [rows, first row numbers]``.
    """

    def __init__(self, by: Sequence[str] = (), time_column: str | None = None, period: str = "month",
                 text_column: str = "text", examples: int = 3, where: str = "the input"):
        self.by = list(by)
        self.time_column = time_column
        self.text_column = text_column
        self.where = where
        self.parse_period = PeriodParser(period) if time_column else None
        self.columns: InputColumns | None = None
        self.counts: Counter = Counter()
        self.group_errors: Counter = Counter()
        self.problems: dict[tuple[str, str], list] = {}
        self.rows = 0
        self.keeper = ExampleKeeper(examples)
        self._labels_cache: dict[Any, tuple[int, ...] | str] = {}
        self._unseen = set(self.by) | ({time_column} if time_column else set())

    def set_header(self, columns: Sequence[str]) -> None:
        """Check a file's header up front: label columns, ``by`` and time columns."""
        self.columns = find_columns(columns, self.where)
        missing = [c for c in self._unseen if c not in set(columns)]
        if missing:
            raise KeyError(f"{self.where} has no column(s) {sorted(missing)} (asked by --by/--time-column); "
                           f"columns are {list(columns)}")
        self._unseen = set()

    def finish(self) -> None:
        """Raise if a ``by`` or time column appeared in no row (header-less input: JSONL, records)."""
        if self._unseen and self.rows:
            raise KeyError(f"{self.where}: no row has column(s) {sorted(self._unseen)} (asked by "
                           "--by/--time-column)")

    def _problem(self, cls: str, kind: str, row_number: int) -> None:
        entry = self.problems.setdefault((cls, kind), [0, []])
        entry[0] += 1
        if len(entry[1]) < _KEEP_ROWS:
            entry[1].append(row_number)

    def _labels(self, value: Any) -> tuple[int, ...] | str:
        key = value if isinstance(value, str) or value is None else repr(value)
        found = self._labels_cache.get(key)
        if found is None:
            if len(self._labels_cache) >= _CACHE:
                self._labels_cache.clear()
            found = self._labels_cache[key] = label_indices(value)
        return found

    def add(self, row: dict) -> None:
        """Count one row (a dict as :func:`conduct_nlp.records.read_rows` yields, or any mapping)."""
        self.rows += 1
        number = row.get("_line") or self.rows
        if self._unseen:
            self._unseen.difference_update(row.keys())
        if self.columns is None and "_error" not in row:
            self.columns = find_columns(row.keys(), self.where)
        groups = [ALL] + [MISSING_GROUP if is_missing(v := row.get(c)) else str(v).strip() for c in self.by]
        cols = self.columns
        err = row.get("_error")
        if not err and cols is not None and cols.error and not is_missing(row.get(cols.error)):
            err = str(row[cols.error])
        labels: tuple[int, ...] | str = ()
        if not err:
            labels = (self._labels(row[cols.labels]) if cols.labels in row
                      else f"no {cols.labels!r} value in the row")
            if isinstance(labels, str):
                err = labels
        if err:
            self._problem(ROW_ERROR, error_kind(str(err)), number)
            for d, g in enumerate(groups):
                self.group_errors[(d, g)] += 1
            return
        period = None
        if self.parse_period is not None:
            period, problem = self.parse_period(row.get(self.time_column))
            if problem:
                self._problem(DATE_PROBLEM, problem, number)
        for d, g in enumerate(groups):
            self.counts[(d, g, period, labels)] += 1
        if labels and self.keeper.k:
            self._offer(row, number, labels, groups, period)

    def _offer(self, row: dict, number: int, labels: tuple[int, ...], groups: list[str], period) -> None:
        text = cell_text(row.get(self.text_column))
        if text is None:
            return

        def make() -> dict:
            rec = {"row": number, "text": text, "id": None if is_missing(row.get("id")) else str(row["id"]),
                   "period": period}
            rec.update(zip(self.by, groups[1:]))
            return rec

        for j in labels:
            col = self.columns.scores.get(LABELS[j])
            score = None
            if col is not None:  # with a score column, an unreadable score ranks last (never None: keys must compare)
                try:
                    score = float(row.get(col))
                except (TypeError, ValueError):
                    score = -1.0
                if score != score:
                    score = -1.0
            self.keeper.offer(j, number, score, make)

    def add_all(self, rows: Iterable[dict]) -> "Tally":
        """Count every row of ``rows`` (consumed lazily) and check the columns were there."""
        for row in rows:
            self.add(row)
        self.finish()
        return self

