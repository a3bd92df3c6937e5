"""Pick the comments most worth labelling next (uncertainty sampling, spread across labels)."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from .data import dedupe_key, word_trigrams
from .thresholds import decide

__all__ = ["suggest", "label_uncertainty"]


def label_uncertainty(P: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """1 at a label's threshold, 0 at certainty (0 or 1), linear in between; shape of ``P``."""
    t = np.asarray(thresholds, dtype=float)
    below = np.where(P < t, (t - P) / np.maximum(t, 1e-9), (P - t) / np.maximum(1 - t, 1e-9))
    return 1.0 - np.clip(below, 0, 1)


def suggest(model, texts: Sequence[str], *, n: int = 100, records: Sequence[dict] | None = None,
            max_jaccard: float = 0.6) -> list[dict[str, Any]]:
    """Choose up to ``n`` comments the model is least sure of, spread across labels.

    Each comment is filed under the label it is most unsure about; labels are
    visited round-robin, most uncertain comment first, so rare labels get
    their share. A comment too similar (word-trigram Jaccard >= ``max_jaccard``)
    to one already chosen is skipped.

    Parameters
    ----------
    model : ConductClassifier
    texts : list of str
    n : int
    records : list of dict, optional
        The input rows (``id`` and other fields are kept in the output).
    max_jaccard : float

    Returns
    -------
    list of dict
        Guideline-format records with an empty ``labels`` list plus
        ``model_labels``, ``model_scores``, ``uncertain_label`` and ``uncertainty``.
    """
    if not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive int, got {n!r}")
    texts = list(texts)
    if not texts:
        return []
    classes = list(model.classes_)
    P = model.predict_proba(texts)
    U = label_uncertainty(P, model.thresholds_)
    best = U.argmax(axis=1)
    buckets = {j: sorted(np.flatnonzero(best == j), key=lambda i: -U[i, j]) for j in range(len(classes))}
    order = sorted(buckets, key=lambda j: -U[buckets[j][0], j] if buckets[j] else 0)
    chosen: list[int] = []
    grams: list[frozenset] = []
    seen_keys = set()
    pos = {j: 0 for j in order}
    while len(chosen) < n and any(pos[j] < len(buckets[j]) for j in order):
        for j in order:
            while pos[j] < len(buckets[j]):
                i = buckets[j][pos[j]]
                pos[j] += 1
                key = dedupe_key(texts[i])
                if key in seen_keys:
                    continue
                g = word_trigrams(texts[i])
                if g and any(h and len(g & h) / len(g | h) >= max_jaccard for h in grams):
                    continue
                chosen.append(i)
                grams.append(g)
                seen_keys.add(key)
                break
            if len(chosen) >= n:
                break
    D = decide(P, model.thresholds_, model.multilabel)
    out = []
    for i in chosen:
        base = dict(records[i]) if records is not None else {}
        base.pop("labels", None)
        j = int(best[i])
        out.append({"id": str(base.pop("id", f"s{i + 1:05d}")), "text": texts[i], "labels": [], **base,
                    "model_labels": [c for c, d in zip(classes, D[i]) if d],
                    "model_scores": {c: round(float(p), 4) for c, p in zip(classes, P[i])},
                    "uncertain_label": classes[j], "uncertainty": round(float(U[i, j]), 4)})
    return out
