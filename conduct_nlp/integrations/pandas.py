"""Prediction columns for a pandas DataFrame (pandas is an optional dependency)."""

from __future__ import annotations

from ..batch.rows import annotate, check_no_clash, score_column

__all__ = ["add_predictions"]


def add_predictions(df, model=None, text_column: str = "text", threshold=None, batch_size: int = 2000):
    """Return a copy of ``df`` with ``labels``, one ``score_<code>`` column per label and ``error``.

    Parameters
    ----------
    df : pandas.DataFrame
    model : ConductClassifier, str or path, optional
        A loaded model, a bundled name (``"default"``, ``"fast"``) or a model
        file; default: the bundled default model.
    text_column : str
        Column holding the comments.
    threshold : float, optional
        One threshold for every label instead of the model's own.
    batch_size : int
        Rows classified at a time.

    Returns
    -------
    pandas.DataFrame
        Same index and rows, in order; a row whose text is missing, empty,
        not text or too long gets an ``error`` and an empty result.

    Raises
    ------
    ValueError
        ``df`` already has a ``labels``, ``score_<code>`` or ``error`` column
        (it would be overwritten): rename it first.
    """
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("add_predictions needs pandas: pip install 'conduct-nlp[pandas]'") from None
    if text_column not in df.columns:
        raise KeyError(f"no column {text_column!r}; columns are {list(df.columns)}")
    from ..persistence import resolve_model

    model = resolve_model(model)
    check_no_clash([str(c) for c in df.columns], model.classes_, "the DataFrame")
    values = df[text_column].tolist()
    records = [{"_t": None if (v is not None and not isinstance(v, str) and pd.isna(v)) else v} for v in values]
    rows = []
    for i in range(0, len(records), batch_size):
        rows.extend(annotate(model, records[i:i + batch_size], "_t", threshold))
    out = df.copy()
    out["labels"] = [r["labels"] for r in rows]
    for c in model.classes_:
        out[score_column(c)] = [r[score_column(c)] for r in rows]
    out["error"] = [r["error"] for r in rows]
    return out
