"""Classifying files of comments: CSV, TSV, JSONL, Parquet (and stdin/stdout), streamed in chunks.

Every input row comes out, in order, with all its columns, plus ``labels``,
one ``score_<code>`` column per label and ``error``. A row whose text is
missing, empty, not text or too long (:mod:`conduct_nlp.validation`) gets an
``error`` value and an empty result; it is never dropped and never stops the run.

Modules: :mod:`.rows` (result columns, summary), :mod:`.checkpoint` (resumable
output), :mod:`.engines` (in-process, process pool, Dask), :mod:`.run`
(``classify_file``, composing them).
"""

from __future__ import annotations

from ..records import read_rows
from ..validation import row_error
from .checkpoint import checkpoint_path, partial_path
from .rows import BatchSummary, annotate, result_columns, score_column
from .run import classify_file

__all__ = ["row_error", "read_rows", "classify_file", "score_column", "BatchSummary", "annotate",
           "result_columns", "checkpoint_path", "partial_path"]
