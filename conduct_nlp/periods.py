"""Dates of comments and the ISO periods they fall in: ``2026-03``, ``2026-W12``, ``2026-Q1``."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

__all__ = ["PERIODS", "parse_date", "period_of", "PeriodParser"]

PERIODS: tuple[str, ...] = ("month", "week", "quarter")
"""Period lengths :func:`period_of` knows."""

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:$| )")


def parse_date(value: Any) -> dt.date | None:
    """The calendar date of a value, or ``None`` when it cannot be read.

    Accepted: a :class:`datetime.date` or :class:`datetime.datetime` (pandas
    ``Timestamp`` included), an ISO 8601 string (``2026-03-14``,
    ``2026-03-14T09:30:00+07:00``, ``2026-03-14 09:30``), or a Vietnamese
    day-first date (``14/03/2026``, ``14-03-2026``, ``14.03.2026``, optionally
    followed by a time). A time part is not validated; its zone is ignored (the
    date as written is used). Month-first dates (``03/14/2026``) are not read.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    s = value.strip()
    m = _ISO.match(s)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _DMY.match(s)
        if not m:
            return None
        d, mo, y = (int(g) for g in m.groups())
    try:
        return dt.date(y, mo, d)
    except ValueError:  # 2026-02-30
        return None


def period_of(date: dt.date, period: str) -> str:
    """The ISO name of the period holding ``date``: ``2026-03`` (month), ``2026-W12`` (ISO week), ``2026-Q1``.

    Names of the same kind sort in time order as strings.
    """
    if period == "month":
        return f"{date.year:04d}-{date.month:02d}"
    if period == "quarter":
        return f"{date.year:04d}-Q{(date.month - 1) // 3 + 1}"
    if period == "week":
        year, week, _ = date.isocalendar()
        return f"{year:04d}-W{week:02d}"
    raise ValueError(f"period must be one of {', '.join(map(repr, PERIODS))}; got {period!r}")


class PeriodParser:
    """Period names of raw date values, with a bounded cache (dates repeat in large files).

    Calling it returns ``(period, problem)``: the period name and ``None``, or
    ``None`` and ``"missing date"`` / ``"unparseable date"``.
    """

    def __init__(self, period: str, cache_size: int = 65536):
        if period not in PERIODS:
            raise ValueError(f"period must be one of {', '.join(map(repr, PERIODS))}; got {period!r}")
        self.period = period
        self.cache_size = cache_size
        self._cache: dict[Any, tuple[str | None, str | None]] = {}

    def __call__(self, value: Any) -> tuple[str | None, str | None]:
        if value is None or (isinstance(value, str) and not value.strip()) or value != value:  # NaN
            return None, "missing date"
        try:
            return self._cache[value]
        except (KeyError, TypeError):
            pass
        date = parse_date(value)
        found = (period_of(date, self.period), None) if date else (None, "unparseable date")
        if isinstance(value, (str, dt.date)):
            if len(self._cache) >= self.cache_size:
                self._cache.clear()
            self._cache[value] = found
        return found
