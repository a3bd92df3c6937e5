"""``classify_file``: read → chunk → classify (engine) → write with checkpoints."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import Iterable, Iterator

from ..persistence import read_manifest
from ..records import count_rows, detect_format, encode_rows, header_line, jsonl_keys, read_rows
from .checkpoint import Output, new_state, resume_state
from .engines import DaskEngine, LocalEngine, PoolEngine
from .rows import BatchSummary, check_no_clash, result_columns

__all__ = ["classify_file"]


def _chunks(rows: Iterable[dict], size: int, skip: int) -> Iterator[list[dict]]:
    it = itertools.islice(rows, skip, None)
    while True:
        chunk = list(itertools.islice(it, size))
        if not chunk:
            return
        yield chunk


def _spool_stdin() -> str:
    import atexit
    import os
    import shutil
    import tempfile

    fd, path = tempfile.mkstemp(prefix="conduct_nlp_stdin_", suffix=".jsonl")
    with os.fdopen(fd, "wb") as out:
        shutil.copyfileobj(sys.stdin.buffer, out)
    atexit.register(lambda: os.path.exists(path) and os.unlink(path))
    return path


def _check_args(chunk_size, jobs, engine) -> None:
    if not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive int, got {chunk_size!r}")
    if not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive int, got {jobs!r}")
    if engine not in ("local", "dask"):
        raise ValueError(f"engine must be 'local' or 'dask', got {engine!r}")


def _engine(model, model_path, engine: str, jobs: int, scheduler, n_chunks_known: int):
    if engine == "dask":
        return DaskEngine(model_path, scheduler, jobs)
    if jobs == 1 or n_chunks_known < 2:  # one chunk: worker processes would cost more than they save
        return LocalEngine(model)
    return PoolEngine(model, model_path, jobs)


def _progress(show: bool | None, input_path: str, fmt: str, initial: int):
    if not (sys.stderr.isatty() if show is None else show):
        return None
    from tqdm import tqdm

    return tqdm(total=count_rows(input_path, fmt), initial=initial, unit="rows", file=sys.stderr,
                dynamic_ncols=True, desc="classify", smoothing=0.1)


def _formats(input_path: str, output_path: str, in_format: str | None, out_format: str | None,
             resume: bool) -> tuple[str, str, str]:
    """(input path, input format, output format), or a clear error for a combination that cannot work.

    JSONL on stdin written as CSV/TSV is spooled to a temporary file first: the CSV header needs
    every key before the first row, so the returned input path is then that file.
    """
    in_fmt = in_format or detect_format(input_path)
    if input_path != "-" and output_path != "-" and Path(input_path).resolve() == Path(output_path).resolve():
        raise ValueError(f"the output {output_path} is the input file; write to another file")
    fmt = out_format or (detect_format(output_path) if output_path != "-" else "jsonl")
    if fmt == "parquet":
        raise ValueError("Parquet output is not supported; write .csv, .tsv or .jsonl")
    if output_path == "-" and resume:
        raise ValueError("--resume needs an output file, not stdout")
    if input_path == "-" and in_fmt == "jsonl" and fmt in ("csv", "tsv"):
        input_path = _spool_stdin()
    return input_path, in_fmt, fmt


def _open_input(model, input_path: str, in_fmt: str, text_column: str):
    """(row iterator, output columns): the input's columns, then the model's result columns."""
    columns, rows = read_rows(input_path, in_fmt)
    if columns is not None and text_column not in columns:
        raise KeyError(f"{input_path} has no column {text_column!r}; columns are {columns}")
    if columns is None and input_path != "-":
        columns = jsonl_keys(input_path)  # every field of every line is kept, in first-seen order
    if columns is not None:
        check_no_clash(columns, model.classes_, input_path)
    return rows, (columns or []) + result_columns(model.classes_)


def classify_file(model, input_path: str, output_path: str, *, text_column: str = "text",
                  chunk_size: int = 2000, threshold=None, out_format: str | None = None,
                  jobs: int = 1, model_path: str | None = None, resume: bool = False,
                  overwrite: bool = False, progress: bool | None = None,
                  engine: str = "local", scheduler: str | None = None, in_format: str | None = None,
                  excel_escape: bool = True) -> BatchSummary:
    """Classify every row of ``input_path`` into ``output_path`` (``-`` = stdin/stdout).

    Parameters
    ----------
    model : ConductClassifier
        Fitted model (used in this process when ``jobs == 1``).
    input_path, output_path : str
        CSV/TSV (UTF-8, with or without BOM), JSONL or Parquet in; CSV, TSV or
        JSONL out (by extension; ``-`` means JSONL on stdin / stdout).
    text_column : str
        Column holding the comment.
    chunk_size : int
        Rows per chunk: the unit of parallel work and of checkpointing.
    jobs : int
        Processes for classification. Output is identical for every value.
    model_path : str, optional
        File the workers load the model from (once per worker); without it,
        the model is pickled to each worker. Needed for ``engine="dask"``.
    resume, overwrite : bool
        Continue an interrupted run from its checkpoint / discard it
        (:mod:`conduct_nlp.batch.checkpoint`).
    progress : bool, optional
        Show a progress bar on stderr; default: when stderr is a terminal.
    engine : {"local", "dask"}
        ``"dask"`` sends chunks to a Dask cluster (``scheduler`` address, or a
        local cluster when ``None``).
    in_format : {"csv", "tsv", "jsonl", "parquet"}, optional
        Input format; default from the file name (``-``: JSONL unless given).
    excel_escape : bool, default=True
        In CSV/TSV output, text cells that start with ``=``, ``+``, ``-``, ``@``, tab or
        CR get a leading ``'`` so a spreadsheet shows them as text, not as formulas.
        JSONL is never changed.

    Returns
    -------
    BatchSummary
        Rows read, classified, errors and the count of every label.
    """
    _check_args(chunk_size, jobs, engine)
    input_path, in_fmt, fmt = _formats(input_path, output_path, in_format, out_format, resume)
    rows, out_cols = _open_input(model, input_path, in_fmt, text_column)
    sha = read_manifest(model_path)["artifact"]["sha256"] if model_path is not None else None
    options = {"text_column": text_column, "chunk_size": chunk_size, "threshold": threshold, "format": fmt,
               "excel_escape": bool(excel_escape and fmt in ("csv", "tsv"))}
    state = new_state(input_path, sha, options)
    if output_path != "-":
        state = resume_state(output_path, state, resume=resume, overwrite=overwrite)
    skip = state["rows_done"]
    summary = BatchSummary.start(state["summary"])

    chunk_iter = _chunks(rows, chunk_size, skip)
    head = list(itertools.islice(chunk_iter, 2))
    chunks = ((c, text_column, threshold) for c in itertools.chain(head, chunk_iter))
    out = Output(output_path, state)
    bar = _progress(progress, input_path, in_fmt, skip)
    try:
        if not skip:
            out.write(header_line(fmt, out_cols))
            out.commit(0, summary.state())
        with _engine(model, model_path, engine, jobs, scheduler, len(head)) as runner:
            for annotated in runner.results(chunks):
                out.write(encode_rows(annotated, fmt, out_cols, options["excel_escape"]))
                summary.add(annotated)
                out.commit(len(annotated), summary.state())
                if bar is not None:
                    bar.update(len(annotated))
    finally:
        if bar is not None:
            bar.close()
        out.close()
    out.finish()
    summary["labels"] = {c: summary["labels"].get(c, 0) for c in model.classes_}
    return summary
