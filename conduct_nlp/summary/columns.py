"""The columns of a labelled file (the output of ``conduct-nlp classify``) and how to read their cells."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from ..labels import LABELS
from ..records import EXCEL_TRIGGERS

__all__ = ["LABEL_COLUMNS", "ERROR_COLUMNS", "InputColumns", "find_columns", "label_indices", "is_missing",
           "cell_text"]

LABEL_COLUMNS: tuple[str, ...] = ("pred_labels", "labels")
"""Where ``classify`` writes the predicted labels: the current name first, then the older one."""
ERROR_COLUMNS: tuple[str, ...] = ("pred_error", "error")
"""Where ``classify`` writes why a row could not be classified (current name, older name)."""
SCORE_PREFIXES: tuple[str, ...] = ("pred_score_", "score_")

_INDEX = {code: i for i, code in enumerate(LABELS)}


@dataclass(frozen=True)
class InputColumns:
    """Which columns of a labelled file hold what.

    Attributes
    ----------
    labels : str
        The predicted-labels column (``pred_labels`` or the older ``labels``).
    error : str or None
        The error column, if any (``pred_error`` or ``error``).
    scores : dict
        Label code → its score column (``pred_score_<code>`` or ``score_<code>``), for those present.
    """

    labels: str
    error: str | None
    scores: dict


def find_columns(columns: Iterable[str], where: str) -> InputColumns:
    """The label, error and score columns among ``columns``.

    Raises
    ------
    ValueError
        No labels column: the message names the columns expected (the file must
        be the output of ``conduct-nlp classify``) and the columns found.
    """
    cols = list(columns)
    present = set(cols)
    labels = next((c for c in LABEL_COLUMNS if c in present), None)
    if labels is None:
        shown = ", ".join(map(repr, cols[:20])) + (" …" if len(cols) > 20 else "")
        raise ValueError(
            f"{where} has no predicted-labels column: expected 'pred_labels' (or the older 'labels'), with "
            f"'pred_error' and 'pred_score_<code>' beside it, as written by `conduct-nlp classify`; found "
            f"{shown or 'no columns'}. Classify the comments first: conduct-nlp classify INPUT -o labelled.csv")
    prefix = SCORE_PREFIXES[LABEL_COLUMNS.index(labels)]
    error = ERROR_COLUMNS[LABEL_COLUMNS.index(labels)]
    if error not in present:
        error = next((c for c in ERROR_COLUMNS if c in present), None)
    scores = {code: prefix + code for code in LABELS if prefix + code in present}
    return InputColumns(labels=labels, error=error, scores=scores)


def is_missing(value: Any) -> bool:
    """``None``, NaN or a blank string."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(value != value)  # NaN, NaT
    except (TypeError, ValueError):  # array-likes
        return False


def label_indices(value: Any) -> tuple[int, ...] | str:
    """Indices into :data:`~conduct_nlp.LABELS` of a labels cell, or an error message.

    A cell is ``"a;b"`` (CSV), a list (JSONL, pandas, Parquet) or empty (no label).
    """
    if is_missing(value):
        return ()
    if isinstance(value, str):
        codes: Sequence[Any] = [c.strip() for c in value.split(";") if c.strip()]
    elif isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        codes = list(value.tolist() if hasattr(value, "tolist") else value)
    else:
        return f"labels cell is not a list of codes: {value!r}"
    try:
        return tuple(sorted({_INDEX[c] for c in codes}))
    except (KeyError, TypeError):
        bad = next(c for c in codes if not isinstance(c, str) or c not in _INDEX)
        return f"unknown label code {bad!r}"


def cell_text(value: Any) -> str | None:
    """A text cell as it was before ``classify`` protected it for Excel (its leading ``'`` removed)."""
    if is_missing(value) or not isinstance(value, str):
        return None
    if value.startswith("'") and value[1:2] and value[1] in EXCEL_TRIGGERS:
        return value[1:]
    return value
