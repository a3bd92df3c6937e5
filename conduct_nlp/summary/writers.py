"""Writing a summary's tables: one tidy CSV, a JSON document, an Excel workbook (openpyxl, optional)."""

from __future__ import annotations

import io
import json
import math
from typing import Any, Mapping

from ..files import atomic_write_bytes
from ..html_page import label_display
from ..records import csv_value

__all__ = ["CSV_COLUMNS", "CSV_TABLES", "tidy_rows", "csv_text", "json_text", "write_text", "write_xlsx", "check_excel"]

CSV_TABLES: tuple[str, ...] = ("groups", "trend", "top", "errors")
"""The tables in the tidy CSV (examples are in the JSON, the workbook and the page)."""

CSV_COLUMNS: list[str] = [
    "table", "group_by", "group", "period", "label", "label_name", "norm", "verdict", "rank", "n", "count",
    "rate", "ci_low", "ci_high", "per_100", "small_group", "errors", "prev_period", "change_per_100", "p_value",
    "p_adjusted", "test", "significant", "problem", "kind", "example_rows", "effect",
]
"""The columns of the tidy CSV: every table's columns, a row's ``table`` saying which it belongs to."""


def _clean(v: Any) -> Any:
    if isinstance(v, float):
        return None if math.isnan(v) else round(v, 6)
    if isinstance(v, bool) or v is None or isinstance(v, (int, str)):
        return v
    if isinstance(v, (list, tuple)):
        return [_clean(x) for x in v]
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items()}
    return str(v)


def tidy_rows(tables: Mapping[str, list[dict]], lang: str = "vi"):
    """Every record of the CSV tables, flattened into :data:`CSV_COLUMNS` (a generator)."""
    for name in CSV_TABLES:
        for rec in tables.get(name, []):
            row = {"table": name, **{k: _clean(v) for k, v in rec.items()}}
            if "label" in rec:
                row["label_name"] = label_display(rec["label"], lang)
            yield row


def csv_text(tables: Mapping[str, list[dict]], lang: str = "vi") -> str:
    """The tidy CSV as text (UTF-8 without BOM when encoded; Excel-safe cells: a ``'`` before ``=``, ``+`` …)."""
    import csv

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in tidy_rows(tables, lang):
        writer.writerow({k: csv_value(v, excel_escape=True) for k, v in row.items()})
    return buf.getvalue()


def json_text(info: Mapping[str, Any], tables: Mapping[str, list[dict]]) -> str:
    """The summary as one JSON document: ``{"info": …, "groups": […], "trend": […], …}`` (NaN written as null)."""
    doc = {"info": _clean(dict(info)), **{k: _clean(v) for k, v in tables.items()}}
    return json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False) + "\n"


def write_text(path: str, text: str) -> None:
    """Write ``text`` as UTF-8 atomically; ``-`` writes it to standard output."""
    if str(path) == "-":
        import sys

        sys.stdout.write(text)
        return
    atomic_write_bytes(path, lambda f: f.write(text.encode("utf-8")))


def check_excel() -> None:
    """Raise :class:`ImportError` naming the ``excel`` extra when openpyxl is not installed."""
    _openpyxl()


def _openpyxl():
    try:
        import openpyxl
    except ImportError:
        raise ImportError("writing Excel files needs openpyxl: pip install 'conduct-nlp[excel]'") from None
    return openpyxl


def _cell(ws, value: Any):
    from openpyxl.cell import WriteOnlyCell

    value = _clean(value)
    if isinstance(value, list):
        value = "; ".join(map(str, value))
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # a text, never a live formula
    return cell


def write_xlsx(path: str, info: Mapping[str, Any], tables: Mapping[str, list[dict]],
               columns: Mapping[str, list[str]], lang: str = "vi") -> None:
    """An Excel workbook: an ``about`` sheet (the ``info``), then one sheet per table with a header row."""
    openpyxl = _openpyxl()
    wb = openpyxl.Workbook(write_only=True)
    about = wb.create_sheet("about")
    for k, v in info.items():
        about.append([_cell(about, k), _cell(about, v if not isinstance(v, dict) else json.dumps(_clean(v)))])
    for name, records in tables.items():
        ws = wb.create_sheet(name)
        cols = list(columns[name])
        with_names = "label" in cols
        header = cols[:cols.index("label") + 1] + ["label_name"] + cols[cols.index("label") + 1:] if with_names \
            else cols
        ws.append([_cell(ws, c) for c in header])
        for rec in records:
            row = dict(rec)
            if with_names:
                row["label_name"] = label_display(rec["label"], lang)
            ws.append([_cell(ws, row.get(c)) for c in header])
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write_bytes(path, lambda f: f.write(buf.getvalue()))
