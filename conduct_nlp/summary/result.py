"""The result of :func:`conduct_nlp.summarize`: tables as records or DataFrames, and their writers."""

from __future__ import annotations

from typing import Any

from ..html_page import check_lang
from .tables import COLUMNS
from .writers import csv_text, json_text, write_text, write_xlsx

__all__ = ["Summary"]


class Summary:
    """Figures of labelled comments per group, per period and per label, ready to read or write.

    Attributes
    ----------
    info : dict
        The input (path, rows read, rows counted, error rows, rows with a bad
        date), the settings (``by``, ``time_column``, ``period``, ``min_count``),
        the interval and test used, the model used for evidence, the version
        and generation time.
    tables : dict
        ``groups``, ``trend``, ``top``, ``examples``, ``errors``: lists of flat
        records (plain Python values); the DataFrame properties wrap them.
    model : ConductClassifier or None
        The model that gave the examples' evidence phrases (``None`` without examples).
    """

    def __init__(self, info: dict, tables: dict[str, list[dict]], model: Any = None, model_ref: str | None = None):
        self.info = info
        self.tables = tables
        self.model = model
        self.model_ref = model_ref

    def columns(self, table: str) -> list[str]:
        """The columns of ``table`` in order (``examples``: plus one per ``by`` column)."""
        cols = list(COLUMNS[table])
        return cols + list(self.info["by"]) if table == "examples" else cols

    def frame(self, table: str):
        """``table`` as a pandas DataFrame (needs pandas: ``pip install 'conduct-nlp[pandas]'``)."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("Summary DataFrames need pandas: pip install 'conduct-nlp[pandas]'; the records are "
                              "in Summary.tables without it") from None
        if table not in self.tables:
            raise KeyError(f"no table {table!r}; tables are {list(self.tables)}")
        return pd.DataFrame.from_records(self.tables[table], columns=self.columns(table))

    @property
    def groups(self):
        """Per group (``group_by`` ``(all)`` for every comment) × label: ``n``, ``count``, ``rate``,
        ``ci_low``/``ci_high`` (Wilson 95%), ``small_group`` (n < min_count), ``errors`` (error rows, not in n)."""
        return self.frame("groups")

    @property
    def trend(self):
        """Per group × period × label: rate and ``per_100``, interval, ``prev_period``, ``change_per_100``,
        ``p_value``, ``p_adjusted`` (Holm), ``test`` (``z``/``fisher``), ``significant``."""
        return self.frame("trend")

    @property
    def top(self):
        """Per ``by`` column and norm: groups with at least ``min_count`` comments ranked by violation rate."""
        return self.frame("top")

    @property
    def examples(self):
        """A few comments per label, with the evidence phrases (and their character spans when known)."""
        return self.frame("examples")

    @property
    def errors(self):
        """Rows left out, by kind: error rows (out of every count), missing/unreadable dates (out of the trend)."""
        return self.frame("errors")

    def to_csv(self, path: str, lang: str = "vi") -> None:
        """Write the tidy long-format CSV (:data:`conduct_nlp.summary.CSV_COLUMNS`); ``-`` for stdout."""
        write_text(path, csv_text(self.tables, check_lang(lang)))

    def to_json(self, path: str | None = None) -> str:
        """The JSON document (``info`` and every table); written to ``path`` when given (``-``: stdout)."""
        text = json_text(self.info, self.tables)
        if path is not None:
            write_text(path, text)
        return text

    def to_excel(self, path: str, lang: str = "vi") -> None:
        """Write an Excel workbook, one sheet per table (needs openpyxl: ``pip install 'conduct-nlp[excel]'``)."""
        write_xlsx(path, self.info, self.tables, {t: self.columns(t) for t in self.tables}, check_lang(lang))

    def to_html(self, path: str | None = None, lang: str = "vi") -> str:
        """The self-contained HTML page (see :func:`conduct_nlp.summary_html`); written to ``path`` when given."""
        from .page import summary_html

        page = summary_html(self, lang=lang)
        if path is not None:
            write_text(path, page)
        return page

    def __repr__(self) -> str:
        i = self.info
        return (f"<Summary of {i['input']}: {i['rows_counted']} of {i['rows_read']} rows counted, "
                f"{i['error_rows']} error rows, by {i['by'] or '-'}, time {i['time_column'] or '-'}>")
