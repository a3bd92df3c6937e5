"""Classifying files of comments: CSV, JSONL (and stdin/stdout), streamed in chunks.

Every input row comes out, in order, with all its columns, plus ``labels``,
one ``score_<code>`` column per label and ``error``. A row whose text is
missing, empty, not text or too long gets an ``error`` value and an empty
result; it is never dropped and never stops the run.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Iterator, TextIO

__all__ = ["row_error", "read_rows", "classify_file", "score_column", "BatchSummary"]


def score_column(code: str) -> str:
    """Name of the output column holding a label's score: ``score_arrogance:violation``."""
    return f"score_{code}"


def row_error(value: Any, max_chars: int | None) -> str | None:
    """Why ``value`` cannot be classified, or ``None`` if it can."""
    if value is None:
        return "missing text"
    if not isinstance(value, str):
        return f"text is not a string ({type(value).__name__})"
    if not value.strip():
        return "empty text"
    if max_chars is not None and len(value) > max_chars:
        return f"text too long ({len(value)} characters > {max_chars})"
    return None


def _fmt(path: str) -> str:
    if path == "-":
        return "jsonl"
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    if suffix == ".parquet":
        return "parquet"
    raise ValueError(f"cannot tell the format of {path!r} from its extension; use .csv, .jsonl or .parquet")


def _open_text(path: str) -> TextIO:
    if path == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def read_rows(path: str, fmt: str | None = None) -> tuple[list[str] | None, Iterator[dict]]:
    """Open a CSV/JSONL/Parquet file (``-`` = JSONL on stdin) for streaming.

    Returns
    -------
    columns : list of str or None
        CSV/Parquet header (``None`` for JSONL, whose keys may vary).
    rows : iterator of dict
        Records in file order. A JSONL line that is not a JSON object yields
        ``{"_raw": line, "_error": "..."}`` so it still produces an output row.
    """
    fmt = fmt or _fmt(path)
    if fmt == "csv":
        f = _open_text(path)
        reader = csv.DictReader(f)
        try:
            columns = list(reader.fieldnames or [])
        except UnicodeDecodeError as e:
            f.close()
            raise UnicodeError(
                f"{path} is not UTF-8 ({e.reason} at byte {e.start}). Save it as 'CSV UTF-8' "
                "(in Excel: File > Save As > CSV UTF-8) or convert it, e.g. "
                "`iconv -f WINDOWS-1258 -t UTF-8 in.csv > out.csv`") from None

        def gen() -> Iterator[dict]:
            with f:
                try:
                    for row in reader:
                        extra = row.pop(None, None)
                        if extra:
                            row["_error"] = f"{len(extra)} more cells than columns"
                        yield row
                except UnicodeDecodeError as e:
                    raise UnicodeError(
                        f"{path}: not UTF-8 near line {reader.line_num} ({e.reason}); save the file as UTF-8") from None
        return columns, gen()
    if fmt == "jsonl":
        f = _open_text(path)

        def gen_jsonl() -> Iterator[dict]:
            with f:
                for lineno, line in enumerate(f, 1):
                    if not line.strip():
                        continue
                    try:
                        rec = json.loads(line)
                    except json.JSONDecodeError as e:
                        yield {"_raw": line.rstrip("\n"), "_error": f"line {lineno}: invalid JSON ({e.msg})"}
                        continue
                    if not isinstance(rec, dict):
                        yield {"_raw": line.rstrip("\n"), "_error": f"line {lineno}: not a JSON object"}
                        continue
                    yield rec
        return None, gen_jsonl()
    if fmt == "parquet":
        try:
            import pyarrow.parquet as pq
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("reading Parquet needs pyarrow: pip install 'conduct-nlp[parquet]'") from None
        pf = pq.ParquetFile(path)
        columns = list(pf.schema_arrow.names)

        def gen_parquet() -> Iterator[dict]:
            for batch in pf.iter_batches(batch_size=4096):
                yield from batch.to_pylist()
        return columns, gen_parquet()
    raise ValueError(f"unknown format {fmt!r}")


class BatchSummary(dict):
    """Counts of a batch run: rows, classified, errors, per-label counts."""

    def format(self) -> str:
        lines = [f"rows read: {self['rows']}", f"classified: {self['classified']}", f"errors: {self['errors']}"]
        for code, n in self["labels"].items():
            lines.append(f"  {code:28} {n}")
        return "\n".join(lines)


def _chunks(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for r in rows:
        chunk.append(r)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def result_columns(classes) -> list[str]:
    """Columns added to every output row."""
    return ["labels"] + [score_column(c) for c in classes] + ["error"]


def annotate(model, rows: list[dict], text_column: str, threshold=None) -> list[dict]:
    """Classify a chunk of rows and return new rows with the result columns added."""
    texts = [None if r.get("_error") else r.get(text_column) for r in rows]
    preds = list(model._classify_batch(texts, threshold)) if rows else []
    out = []
    for r, p in zip(rows, preds):
        err = r.get("_error") or p.error
        if err is None and text_column not in r:
            err = f"no column {text_column!r}"
        new = {k: v for k, v in r.items() if k != "_error"}
        new["labels"] = list(p.labels) if err is None else []
        for c in model.classes_:
            new[score_column(c)] = round(p.scores[c], 6) if err is None else None
        new["error"] = err
        out.append(new)
    return out


def _csv_value(v: Any) -> Any:
    if isinstance(v, list):
        return ";".join(map(str, v))
    return "" if v is None else v


def classify_file(model, input_path: str, output_path: str, *, text_column: str = "text",
                  chunk_size: int = 2000, threshold=None, out_format: str | None = None) -> BatchSummary:
    """Classify every row of ``input_path`` into ``output_path`` (``-`` = stdin/stdout)."""
    columns, rows = read_rows(input_path)
    in_fmt = _fmt(input_path)
    fmt = out_format or (_fmt(output_path) if output_path != "-" else in_fmt if in_fmt != "parquet" else "jsonl")
    if fmt == "parquet":
        raise ValueError("Parquet output is not supported; write .csv or .jsonl")
    if columns is not None and text_column not in columns:
        raise KeyError(f"{input_path} has no column {text_column!r}; columns are {columns}")
    out_cols = (columns or []) + [c for c in result_columns(model.classes_) if c not in (columns or [])]
    summary = BatchSummary(rows=0, classified=0, errors=0, labels=Counter())
    out = sys.stdout if output_path == "-" else open(output_path, "w", encoding="utf-8", newline="")
    try:
        writer = csv.DictWriter(out, fieldnames=out_cols, extrasaction="ignore") if fmt == "csv" else None
        if writer:
            writer.writeheader()
        for chunk in _chunks(rows, chunk_size):
            for row in annotate(model, chunk, text_column, threshold):
                summary["rows"] += 1
                if row["error"]:
                    summary["errors"] += 1
                else:
                    summary["classified"] += 1
                    summary["labels"].update(row["labels"])
                if writer:
                    writer.writerow({k: _csv_value(v) for k, v in row.items()})
                else:
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
        else:
            out.flush()
    summary["labels"] = {c: summary["labels"].get(c, 0) for c in model.classes_}
    return summary
