"""Streaming readers and writers of records: CSV, TSV, JSONL, Parquet and stdin.

One implementation for the batch path (``conduct-nlp classify``, ``suggest``)
and the labelled-data loader (:mod:`conduct_nlp.data`).

Rows are dicts in file order. Two private keys may be added to a row:
``_line`` (the 1-based line where it starts, for messages) and ``_error``
(why the row cannot be used: invalid JSON, not an object, bytes that are not
UTF-8, more cells than columns). A bad row is reported on its own and the
rest of the file goes on.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator

__all__ = ["FORMATS", "META_KEYS", "EXCEL_TRIGGERS", "detect_format", "read_rows", "encode_rows", "header_line",
           "count_rows", "csv_value", "excel_safe", "jsonl_keys"]

FORMATS = ("csv", "tsv", "jsonl", "parquet")
META_KEYS = ("_line", "_error")
"""Keys :func:`read_rows` may add to a row; never written out as columns."""

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # long cells are the validation policy's call, not csv's


def detect_format(path: str) -> str:
    """``csv``, ``tsv``, ``jsonl`` or ``parquet`` from a file name (``-`` = JSONL on stdin)."""
    if path == "-":
        return "jsonl"
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".csv", ".tsv", ".parquet"):
        return suffix[1:]
    raise ValueError(f"cannot tell the format of {path!r} from its extension; use .csv, .tsv, .jsonl or .parquet")


def _open_binary(path: str) -> BinaryIO:
    if path == "-":
        return sys.stdin.buffer
    if Path(path).is_dir():
        raise IsADirectoryError(f"{path} is a folder, not a file")
    return open(path, "rb")


def _decoded_lines(f: BinaryIO, bad: set[int]) -> Iterator[str]:
    """Lines of ``f`` as text; a line that is not UTF-8 is decoded with U+FFFD and its number put in ``bad``."""
    for lineno, raw in enumerate(f, 1):
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            bad.add(lineno)
            yield raw.decode("utf-8", errors="replace")


def _bad_bytes_error(first: int, last: int, bad: set[int]) -> str | None:
    hit = [n for n in range(first, last + 1) if n in bad]
    if not hit:
        return None
    return (f"line {hit[0]}: not valid UTF-8 (undecodable bytes; save the file as UTF-8, "
            "in Excel: File > Save As > CSV UTF-8)")


def _read_delimited(path: str, delimiter: str) -> tuple[list[str], Iterator[dict]]:
    f = _open_binary(path)
    bad: set[int] = set()
    # strict: a quote that never closes is an error at the end of the file, not a silent merge of rows
    reader = csv.reader(_decoded_lines(f, bad), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as e:
        f.close()
        raise ValueError(f"{path}: cannot read the header: {e}") from None
    if header is None:
        f.close()
        raise ValueError(f"{path} is empty: expected a header row")
    if bad or any("\x00" in c for c in header):
        f.close()
        raise UnicodeError(
            f"{path} is not UTF-8 (its header cannot be read). Save it as 'CSV UTF-8' "
            "(in Excel: File > Save As > CSV UTF-8) or convert it, e.g. "
            "`iconv -f WINDOWS-1258 -t UTF-8 in.csv > out.csv`")
    dupes = sorted({c for c in header if header.count(c) > 1})
    if dupes:
        f.close()
        raise ValueError(f"{path}: duplicate column name(s) {dupes} in the header; rename them")

    def rows_with_lines() -> Iterator[tuple[int, int, list[str]]]:
        last = reader.line_num
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                raise ValueError(
                    f"{path}: line {last + 1}: {e} — a quoted field that starts there never closes (or a quote "
                    "is misplaced), so the rows after it cannot be told apart. Fix the quoting and run again; "
                    "the rows before it were processed.") from None
            first, last = last + 1, reader.line_num
            yield first, last, cells

    def gen() -> Iterator[dict]:
        with f:
            for first, last, cells in rows_with_lines():
                if not any(c.strip() for c in cells) and len(cells) <= 1:
                    continue
                row: dict[str, Any] = dict(zip(header, cells))
                row["_line"] = first
                err = _bad_bytes_error(first, last, bad)
                if len(cells) > len(header):
                    err = err or f"line {first}: {len(cells) - len(header)} more cells than columns"
                if err:
                    row["_error"] = err
                yield row
    return header, gen()


def _read_jsonl(path: str) -> Iterator[dict]:
    f = _open_binary(path)
    bad: set[int] = set()
    with f:
        for lineno, line in enumerate(_decoded_lines(f, bad), 1):
            if not line.strip():
                continue
            if lineno in bad:
                yield {"_raw": line.rstrip("\n"), "_line": lineno, "_error": _bad_bytes_error(lineno, lineno, bad)}
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                yield {"_raw": line.rstrip("\n"), "_line": lineno,
                       "_error": f"line {lineno}: invalid JSON ({e.msg} at column {e.colno})"}
                continue
            if not isinstance(rec, dict):
                yield {"_raw": line.rstrip("\n"), "_line": lineno,
                       "_error": f"line {lineno}: not a JSON object (expected a JSON object, got {type(rec).__name__})"}
                continue
            rec["_line"] = lineno
            yield rec


def read_rows(path: str, fmt: str | None = None) -> tuple[list[str] | None, Iterator[dict]]:
    """Open a CSV/TSV/JSONL/Parquet file (``-`` = JSONL on stdin) for streaming.

    Returns
    -------
    columns : list of str or None
        The header (``None`` for JSONL, whose keys may vary from line to line).
    rows : iterator of dict
        Records in file order, with ``_line`` and, for a bad row, ``_error``.

    Raises
    ------
    ValueError
        Unknown format, empty CSV, duplicate column names.
    OSError
        The file cannot be opened (missing, a folder, no permission).
    """
    fmt = fmt or detect_format(path)
    if fmt in ("csv", "tsv"):
        return _read_delimited(path, "\t" if fmt == "tsv" else ",")
    if fmt == "jsonl":
        return None, _read_jsonl(path)
    if fmt == "parquet":
        try:
            import pyarrow.parquet as pq
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("reading Parquet needs pyarrow: pip install 'conduct-nlp[parquet]'") from None
        pf = pq.ParquetFile(path)

        def gen_parquet() -> Iterator[dict]:
            for batch in pf.iter_batches(batch_size=4096):
                yield from batch.to_pylist()
        return list(pf.schema_arrow.names), gen_parquet()
    raise ValueError(f"unknown format {fmt!r}; valid: {FORMATS}")


def _encodable(text: str) -> str:
    """``text`` with lone surrogates (which UTF-8 cannot carry) replaced by U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


EXCEL_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV injection")."""


def excel_safe(text: str) -> str:
    """``text`` with a leading ``'`` when it starts like a formula, so Excel shows it as text."""
    return "'" + text if text.startswith(EXCEL_TRIGGERS) else text


def csv_value(v: Any, excel_escape: bool = False) -> Any:
    """A value as written in a CSV cell: lists joined by ``;``, ``None`` empty, lone surrogates as U+FFFD;
    with ``excel_escape`` a text starting like a formula gets a leading ``'``."""
    if isinstance(v, list):
        v = ";".join(map(str, v))
    if isinstance(v, str):
        v = _encodable(v)
        return excel_safe(v) if excel_escape else v
    return "" if v is None else v


def _json_line(row: dict) -> str:
    line = json.dumps(row, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: keep it, escaped (valid JSON, reads back the same)
        line = json.dumps(row, ensure_ascii=True)
    return line + "\n"


def encode_rows(rows: Iterable[dict], fmt: str, columns: list[str], excel_escape: bool = False) -> str:
    """Serialise rows exactly as they are written (the same bytes whatever process made them).

    JSONL keeps every value as it is (a row holding a lone surrogate is written with ASCII
    escapes); CSV/TSV cells show a lone surrogate as U+FFFD, and with ``excel_escape`` a text
    cell starting with ``=``, ``+``, ``-``, ``@``, tab or CR gets a leading ``'`` (OWASP's advice
    against CSV injection: the cell opens as text, not as a live formula).
    """
    if fmt == "jsonl":
        return "".join(_json_line(r) for r in rows)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n",
                            delimiter="\t" if fmt == "tsv" else ",")
    for r in rows:
        writer.writerow({k: csv_value(v, excel_escape) for k, v in r.items()})
    return buf.getvalue()


def header_line(fmt: str, columns: list[str]) -> str:
    """The first line of a CSV/TSV output; ``""`` for JSONL."""
    if fmt not in ("csv", "tsv"):
        return ""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n", delimiter="\t" if fmt == "tsv" else ",").writerow(columns)
    return buf.getvalue()


def jsonl_keys(path: str) -> list[str]:
    """Every key of a JSONL file's objects, in first-seen order (one streaming pass)."""
    keys: dict[str, None] = {}
    for row in _read_jsonl(path):
        if "_error" not in row:
            keys.update((k, None) for k in row if k not in META_KEYS)
    return list(keys)


def count_rows(path: str, fmt: str) -> int | None:
    """Rows in the input, for a progress bar's ETA (approximate for CSV with multi-line cells)."""
    if path == "-":
        return None
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    n = 0
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            n += block.count(b"\n")
    return max(n - (1 if fmt in ("csv", "tsv") else 0), 0)
