"""Find likely label errors: labels that out-of-fold predictions strongly disagree with.

The score follows cleanlab's idea of per-class confidence thresholds for
multi-label data: each comment is scored by a model that never saw it (k-fold
cross-validation). For every label, ``t_pos`` is the mean out-of-fold
probability of the comments that carry it and ``t_neg`` that of the others. A
missing label scores ``(p - t_neg) / (t_pos - t_neg)`` and a given one
``(t_pos - p) / (t_pos - t_neg)``: 1 means the model is as sure of the
opposite as it typically is of a correct label. Comments are ranked by their
most suspicious label.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
from .cross_val import out_of_fold_proba
from .labels import LABELS, to_indicator

__all__ = ["out_of_fold_proba", "audit_labels"]


def audit_labels(estimator, texts: Sequence[str], labels, *, ids: Sequence[str] | None = None,
                 where: Sequence[str] | None = None, cv: int = 5, min_suspicion: float = 0.8,
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
    cv : int or "auto"
        Folds (see :func:`conduct_nlp.cross_val.resolve_folds`).
    min_suspicion : float
        Only comments and labels whose suspicion reaches this are listed.

    Returns
    -------
    list of dict
        Most suspicious first: ``id``, ``where``, ``text``, ``labels``,
        ``suspicion`` and ``issues`` (``label``, ``given`` True/False,
        ``model`` probability).
    """
    classes = list(estimator.labels) if getattr(estimator, "labels", None) else list(LABELS)
    texts = list(texts)
    Y = np.asarray(labels) if isinstance(labels, np.ndarray) else to_indicator(labels, classes)
    P = out_of_fold_proba(estimator, texts, Y, cv=cv, random_state=random_state)
    pos = Y == 1
    t_pos = np.array([P[pos[:, j], j].mean() if pos[:, j].any() else 1.0 for j in range(Y.shape[1])])
    t_neg = np.array([P[~pos[:, j], j].mean() if (~pos[:, j]).any() else 0.0 for j in range(Y.shape[1])])
    span = np.maximum(t_pos - t_neg, 1e-6)
    suspicion = np.where(pos, (t_pos - P) / span, (P - t_neg) / span)
    out = []
    for i in np.argsort(-suspicion.max(axis=1), kind="stable"):
        s = float(suspicion[i].max())
        if s < min_suspicion:
            break
        issues = [{"label": c, "given": bool(Y[i, j]), "model": round(float(P[i, j]), 3)}
                  for j, c in enumerate(classes) if suspicion[i, j] >= min_suspicion]
        issues.sort(key=lambda d: -suspicion[i, classes.index(d["label"])])
        out.append({"id": ids[i] if ids is not None else str(i), "where": where[i] if where is not None else None,
                    "text": texts[i], "labels": [c for j, c in enumerate(classes) if Y[i, j]],
                    "suspicion": round(s, 3), "issues": issues})
    return out
