"""Find likely label errors: labels that out-of-fold predictions strongly disagree with.

The score follows cleanlab's *self-confidence* idea for multi-label data: each
comment is scored with a model that never saw it (k-fold cross-validation); a
given label with a low out-of-fold probability, or a missing label with a high
one, is suspicious. Comments are ranked by their most suspicious label.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
from sklearn.base import clone

from .labels import to_indicator

__all__ = ["out_of_fold_proba", "audit_labels"]


def out_of_fold_proba(estimator, texts: Sequence[str], Y: np.ndarray, cv: int = 5, random_state: int = 0) -> np.ndarray:
    """Probabilities for every comment from a clone of ``estimator`` fitted without it."""
    from iterstrat.ml_stratifiers import MultilabelStratifiedKFold

    if not isinstance(cv, int) or cv < 2:
        raise ValueError(f"cv must be an int >= 2, got {cv!r}")
    if len(texts) < cv:
        raise ValueError(f"need at least {cv} comments for {cv}-fold cross-validation, got {len(texts)}")
    texts = list(texts)
    P = np.zeros(Y.shape, dtype=float)
    folds = MultilabelStratifiedKFold(n_splits=cv, shuffle=True, random_state=random_state)
    for tr, te in folds.split(np.zeros(len(texts)), Y):
        est = clone(estimator).fit([texts[i] for i in tr], Y[tr])
        P[te] = est.predict_proba([texts[i] for i in te])
    return P


def audit_labels(estimator, texts: Sequence[str], labels, *, ids: Sequence[str] | None = None,
                 where: Sequence[str] | None = None, cv: int = 5, min_suspicion: float = 0.5,
                 random_state: int = 0) -> list[dict[str, Any]]:
    """Rank labelled comments by how strongly cross-validated predictions disagree with their labels.

    Parameters
    ----------
    estimator : ConductClassifier
        Unfitted (or fitted; it is cloned) model configuration.
    texts, labels
        Comments and their label-code lists (or an indicator matrix).
    ids, where : optional
        Comment ids and ``file:line`` locations for the report.
    cv : int
        Folds.
    min_suspicion : float
        Only labels whose suspicion (1 - self-confidence) reaches this are listed.

    Returns
    -------
    list of dict
        Most suspicious first: ``id``, ``where``, ``text``, ``labels``,
        ``suspicion`` and ``issues`` (``label``, ``given`` True/False,
        ``model`` probability).
    """
    classes = list(estimator.labels) if getattr(estimator, "labels", None) else None
    from .labels import LABELS

    classes = classes or list(LABELS)
    texts = list(texts)
    Y = np.asarray(labels) if isinstance(labels, np.ndarray) else to_indicator(labels, classes)
    P = out_of_fold_proba(estimator, texts, Y, cv=cv, random_state=random_state)
    suspicion = np.where(Y == 1, 1 - P, P)
    out = []
    for i in np.argsort(-suspicion.max(axis=1), kind="stable"):
        s = float(suspicion[i].max())
        if s < min_suspicion:
            break
        issues = [{"label": c, "given": bool(Y[i, j]), "model": round(float(P[i, j]), 3)}
                  for j, c in enumerate(classes) if suspicion[i, j] >= min_suspicion]
        issues.sort(key=lambda d: -(1 - d["model"] if d["given"] else d["model"]))
        out.append({"id": ids[i] if ids is not None else str(i), "where": where[i] if where is not None else None,
                    "text": texts[i], "labels": [c for j, c in enumerate(classes) if Y[i, j]],
                    "suspicion": round(s, 3), "issues": issues})
    return out
