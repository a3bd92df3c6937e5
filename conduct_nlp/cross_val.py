"""Cross-validation shared by threshold tuning, ``data audit`` and model selection."""

from __future__ import annotations

from typing import Sequence

import numpy as np
from sklearn.base import clone

__all__ = ["AUTO_CV_LARGE", "resolve_folds", "multilabel_folds", "out_of_fold_proba"]

AUTO_CV_LARGE = 5000
"""With ``cv="auto"``, training sets at least this large use 3 folds instead of 5."""


def resolve_folds(cv: int | str, n: int) -> int:
    """Number of folds for ``cv`` (an int, or ``"auto"``: 5 below :data:`AUTO_CV_LARGE` comments, 3 above)."""
    if cv == "auto":
        return 5 if n < AUTO_CV_LARGE else 3
    if not isinstance(cv, int) or isinstance(cv, bool) or cv < 2:
        raise ValueError(f"cv must be an int >= 2 or 'auto', got {cv!r}")
    return cv


def multilabel_folds(Y: np.ndarray, n_splits: int, random_state: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """``(train_idx, test_idx)`` pairs of multi-label iterative stratification, seeded."""
    from iterstrat.ml_stratifiers import MultilabelStratifiedKFold

    Y = np.asarray(Y)
    if len(Y) < n_splits:
        raise ValueError(f"need at least {n_splits} comments for {n_splits}-fold cross-validation, got {len(Y)}")
    splitter = MultilabelStratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    return list(splitter.split(np.zeros(len(Y)), Y))


def out_of_fold_proba(estimator, texts: Sequence[str], Y: np.ndarray, cv: int | str = 5,
                      random_state: int = 0) -> np.ndarray:
    """Probabilities for every comment from a clone of ``estimator`` fitted without it."""
    texts = list(texts)
    Y = np.asarray(Y)
    P = np.zeros(Y.shape, dtype=float)
    for tr, te in multilabel_folds(Y, resolve_folds(cv, len(texts)), random_state):
        est = clone(estimator).fit([texts[i] for i in tr], Y[tr])
        P[te] = est.predict_proba([texts[i] for i in te])
    return P
