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

__all__ = ["row_error", "read_rows", "classify_file", "score_column", "BatchSummary", "annotate", "result_columns"]


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


def _encode_rows(rows: list[dict], fmt: str, out_cols: list[str]) -> str:
    """Serialise annotated rows exactly as they are written (same bytes for any --jobs)."""
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=out_cols, extrasaction="ignore", lineterminator="\r\n")
    for r in rows:
        writer.writerow({k: _csv_value(v) for k, v in r.items()})
    return buf.getvalue()


def _header(fmt: str, out_cols: list[str]) -> str:
    if fmt != "csv":
        return ""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(out_cols)
    return buf.getvalue()


# ---------------------------------------------------------------- workers
_WORKER_MODEL = None


def _init_worker(model_path: str | None, model_bytes: bytes | None) -> None:
    global _WORKER_MODEL
    if model_path is not None:
        from .persistence import load_model

        _WORKER_MODEL = load_model(model_path)
    else:
        import pickle

        _WORKER_MODEL = pickle.loads(model_bytes)  # noqa: S301 - our own model, sent by the parent


def _work(args: tuple) -> list[dict]:
    chunk, text_column, threshold = args
    return annotate(_WORKER_MODEL, chunk, text_column, threshold)


class _Ordered:
    """Bounded, ordered fan-out of chunks to a process pool (at most ``window`` in flight)."""

    def __init__(self, pool, window: int):
        self.pool = pool
        self.window = window

    def map(self, fn, items: Iterable) -> Iterator:
        from collections import deque

        pending: deque = deque()
        for item in items:
            pending.append(self.pool.apply_async(fn, (item,)))
            if len(pending) >= self.window:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


# ---------------------------------------------------------------- checkpoint
CHECKPOINT_VERSION = 1


def _file_fingerprint(path: str) -> dict:
    """Size, mtime and SHA-256 of the first and last MiB: cheap, and changes when the file does."""
    import hashlib
    import os

    st = os.stat(path)
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read(1 << 20))
        if st.st_size > 2 << 20:
            f.seek(-(1 << 20), os.SEEK_END)
            h.update(f.read(1 << 20))
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256_head_tail": h.hexdigest()}


def checkpoint_path(output_path: str) -> Path:
    return Path(str(output_path) + ".checkpoint.json")


def partial_path(output_path: str) -> Path:
    return Path(str(output_path) + ".partial")


def _write_json_atomic(path: Path, obj: dict) -> None:
    import os

    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _count_rows(path: str, fmt: str) -> int | None:
    """Rows in the input, for the progress bar's ETA (approximate for CSV with multi-line cells)."""
    if path == "-":
        return None
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    n = 0
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            n += block.count(b"\n")
    return max(n - (1 if fmt == "csv" else 0), 0)


def classify_file(model, input_path: str, output_path: str, *, text_column: str = "text",
                  chunk_size: int = 2000, threshold=None, out_format: str | None = None,
                  jobs: int = 1, model_path: str | None = None, resume: bool = False,
                  overwrite: bool = False, progress: bool | None = None,
                  engine: str = "local", scheduler: str | None = None) -> BatchSummary:
    """Classify every row of ``input_path`` into ``output_path`` (``-`` = stdin/stdout).

    Parameters
    ----------
    model : ConductClassifier
        Fitted model (used in this process when ``jobs == 1``).
    input_path, output_path : str
        CSV (UTF-8, with or without BOM), JSONL or Parquet in; CSV or JSONL out
        (by extension; ``-`` means JSONL on stdin / stdout).
    text_column : str
        Column holding the comment.
    chunk_size : int
        Rows per chunk: the unit of parallel work and of checkpointing.
    jobs : int
        Processes for tokenization and classification. Output is identical
        for every value.
    model_path : str, optional
        File the workers load the model from (once per worker); without it,
        the model is pickled to each worker.
    resume : bool
        Continue an interrupted run from its checkpoint; the final output is
        byte-identical to an uninterrupted run.
    overwrite : bool
        Discard an existing checkpoint and start over.
    progress : bool, optional
        Show a progress bar on stderr; default: when stderr is a terminal.
    engine : {"local", "dask"}
        ``"dask"`` sends chunks to a Dask cluster (``scheduler`` address, or a
        local cluster when ``None``).

    Returns
    -------
    BatchSummary
        Rows read, classified, errors and the count of every label.

    Notes
    -----
    A file output is written to ``OUTPUT.partial`` chunk by chunk, with
    ``OUTPUT.checkpoint.json`` recording the rows and bytes of the last
    complete chunk; it is renamed to ``OUTPUT`` only when every row is done,
    so no half-written file ever carries the final name.
    """
    import os

    if not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive int, got {chunk_size!r}")
    if not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive int, got {jobs!r}")
    if engine not in ("local", "dask"):
        raise ValueError(f"engine must be 'local' or 'dask', got {engine!r}")
    in_fmt = _fmt(input_path)
    fmt = out_format or (_fmt(output_path) if output_path != "-" else "jsonl")
    if fmt == "parquet":
        raise ValueError("Parquet output is not supported; write .csv or .jsonl")
    columns, rows = read_rows(input_path)
    if columns is not None and text_column not in columns:
        raise KeyError(f"{input_path} has no column {text_column!r}; columns are {columns}")
    out_cols = (columns or []) + [c for c in result_columns(model.classes_) if c not in (columns or [])]

    to_stdout = output_path == "-"
    if to_stdout and resume:
        raise ValueError("--resume needs an output file, not stdout")
    ckpt_file = None if to_stdout else checkpoint_path(output_path)
    part_file = None if to_stdout else partial_path(output_path)
    model_sha = None
    if model_path is not None:
        from .persistence import read_manifest

        model_sha = read_manifest(model_path)["artifact"]["sha256"]
    state = {
        "version": CHECKPOINT_VERSION,
        "input": os.path.abspath(input_path) if input_path != "-" else "-",
        "input_fingerprint": _file_fingerprint(input_path) if input_path != "-" else None,
        "model_sha256": model_sha,
        "options": {"text_column": text_column, "chunk_size": chunk_size, "threshold": threshold,
                    "format": fmt},
        "rows_done": 0, "bytes_done": 0,
        "summary": {"rows": 0, "classified": 0, "errors": 0, "labels": {}},
    }
    skip = 0
    if ckpt_file is not None and ckpt_file.exists():
        if overwrite:
            ckpt_file.unlink()
        elif not resume:
            raise FileExistsError(
                f"{ckpt_file} exists: an earlier run into {output_path} was interrupted. "
                "Use --resume to continue it, or --overwrite to start again.")
        else:
            old = json.loads(ckpt_file.read_text("utf-8"))
            for key in ("version", "input", "input_fingerprint", "model_sha256", "options"):
                if old.get(key) != state[key]:
                    raise ValueError(
                        f"cannot resume: the {key.replace('_', ' ')} differs from the interrupted run "
                        f"({old.get(key)!r} then, {state[key]!r} now). Use --overwrite to start again.")
            state = old
            skip = state["rows_done"]
    elif resume:
        raise FileNotFoundError(f"nothing to resume: no checkpoint {ckpt_file}")

    summary = BatchSummary(rows=state["summary"]["rows"], classified=state["summary"]["classified"],
                           errors=state["summary"]["errors"], labels=Counter(state["summary"]["labels"]))

    if to_stdout:
        out = sys.stdout

        def write(text: str) -> None:
            out.write(text)
    else:
        # binary, so the checkpoint's byte offset is exact
        out = open(part_file, "r+b" if skip else "wb")

        def write(text: str) -> None:
            out.write(text.encode("utf-8"))
        if skip:
            out.truncate(state["bytes_done"])
            out.seek(state["bytes_done"])
    if not skip:
        write(_header(fmt, out_cols))
        if not to_stdout:
            out.flush()
            state["bytes_done"] = out.tell()

    def skipped(it: Iterator[dict]) -> Iterator[dict]:
        for i, r in enumerate(it):
            if i >= skip:
                yield r

    import itertools

    chunk_iter = _chunks(skipped(rows), chunk_size)
    head = list(itertools.islice(chunk_iter, 2))
    if len(head) < 2 and engine == "local":
        jobs = 1  # one chunk: starting worker processes would cost more than it saves
    chunks = ((c, text_column, threshold) for c in itertools.chain(head, chunk_iter))
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show:
        from tqdm import tqdm

        total = _count_rows(input_path, in_fmt)
        bar = tqdm(total=total, initial=skip, unit="rows", file=sys.stderr, dynamic_ncols=True,
                   desc="classify", smoothing=0.1)
    pool = client = cluster = None
    try:
        if engine == "dask":
            from .distributed import _local_or_remote_client, _submit_chunks

            client, cluster = _local_or_remote_client(scheduler, jobs)
            results = _submit_chunks(client, chunks, model_path, model, window=2 * max(jobs, 1))
        elif jobs == 1:
            results = (annotate(model, c, tc, th) for c, tc, th in chunks)
        else:
            import multiprocessing as mp
            import pickle

            ctx = mp.get_context("spawn")
            pool = ctx.Pool(jobs, initializer=_init_worker,
                            initargs=(model_path, None if model_path else pickle.dumps(model)))
            results = _Ordered(pool, 2 * jobs).map(_work, chunks)
        for annotated in results:
            write(_encode_rows(annotated, fmt, out_cols))
            for row in annotated:
                summary["rows"] += 1
                if row["error"]:
                    summary["errors"] += 1
                else:
                    summary["classified"] += 1
                    summary["labels"].update(row["labels"])
            state["rows_done"] += len(annotated)
            if bar is not None:
                bar.update(len(annotated))
            if not to_stdout:
                out.flush()
                os.fsync(out.fileno())
                state["bytes_done"] = out.tell()
                state["summary"] = {**summary, "labels": dict(summary["labels"])}
                _write_json_atomic(ckpt_file, state)
    finally:
        if pool is not None:
            pool.terminate()
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
        if bar is not None:
            bar.close()
        if to_stdout:
            out.flush()
        else:
            out.close()
    if not to_stdout:
        os.replace(part_file, output_path)
        ckpt_file.unlink(missing_ok=True)
    summary["labels"] = {c: summary["labels"].get(c, 0) for c in model.classes_}
    return summary
