"""Precision, recall and F1 of multi-label predictions: the one implementation every tool uses."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from .labels import LABELS, NORM_CODES

__all__ = ["prf", "f1_from_counts", "score_predictions", "cv_summary"]


def f1_from_counts(tp, fp, fn):
    """F1 from true/false positive and false negative counts (scalars or arrays); 0 where undefined."""
    tp, fp, fn = (np.asarray(x, dtype=float) for x in (tp, fp, fn))
    denom = 2 * tp + fp + fn
    out = np.divide(2 * tp, denom, out=np.zeros(np.broadcast(tp, denom).shape), where=denom > 0)
    return float(out) if out.ndim == 0 else out


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_predictions(Y_true: np.ndarray, Y_pred: np.ndarray, classes: Sequence[str] = LABELS) -> dict[str, Any]:
    """Scores of an indicator matrix of predictions against the truth.

    Returns
    -------
    dict
        ``n``, ``per_label`` (code → precision, recall, f1, support),
        ``micro`` and ``macro`` (precision, recall, f1), ``exact_match``,
        ``per_norm`` when ``classes`` are the conduct labels (each norm's two
        labels pooled), and for single-label data ``accuracy`` and ``weighted_f1``.
    """
    Yt = np.asarray(Y_true).astype(bool)
    Yp = np.asarray(Y_pred).astype(bool)
    if Yt.shape != Yp.shape:
        raise ValueError(f"truth has shape {Yt.shape} but predictions {Yp.shape}")
    classes = list(classes)
    tp = (Yt & Yp).sum(axis=0).astype(float)
    fp = (~Yt & Yp).sum(axis=0).astype(float)
    fn = (Yt & ~Yp).sum(axis=0).astype(float)
    per_label = {}
    for j, c in enumerate(classes):
        p, r, f = prf(tp[j], fp[j], fn[j])
        per_label[c] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                        "support": int(Yt[:, j].sum())}
    mp, mr, mf = prf(tp.sum(), fp.sum(), fn.sum())
    present = [c for c in classes if per_label[c]["support"] > 0] or classes
    report: dict[str, Any] = {
        "n": int(Yt.shape[0]),
        "per_label": per_label,
        "micro": {"precision": round(mp, 4), "recall": round(mr, 4), "f1": round(mf, 4)},
        "macro": {k: round(float(np.mean([per_label[c][k] for c in present])), 4)
                  for k in ("precision", "recall", "f1")},
        "exact_match": round(float((Yt == Yp).all(axis=1).mean()) if len(Yt) else 0.0, 4),
    }
    if set(classes) == set(LABELS):
        per_norm = {}
        for norm in NORM_CODES:
            idx = [j for j, c in enumerate(classes) if c.startswith(norm + ":")]
            p, r, f = prf(tp[idx].sum(), fp[idx].sum(), fn[idx].sum())
            per_norm[norm] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                              "support": int(Yt[:, idx].sum())}
        report["per_norm"] = per_norm
    if len(Yt) and (Yt.sum(axis=1) == 1).all():
        support = Yt.sum(axis=0)
        report["accuracy"] = round(float((Yt.argmax(1) == Yp.argmax(1))[Yp.any(axis=1)].sum() / len(Yt)), 4)
        report["weighted_f1"] = round(float(sum(per_label[c]["f1"] * support[j]
                                                for j, c in enumerate(classes)) / support.sum()), 4)
    return report


def cv_summary(Y: np.ndarray, Y_pred: np.ndarray, Y_pred_05: np.ndarray, classes: Sequence[str]) -> dict[str, Any]:
    """The ``cv_report_`` of a model: out-of-fold scores at the tuned thresholds and at 0.5."""
    rep, rep05 = score_predictions(Y, Y_pred, classes), score_predictions(Y, Y_pred_05, classes)
    return {
        "method": "out-of-fold, multi-label stratified k-fold on the training data",
        "micro_f1": rep["micro"]["f1"],
        "macro_f1": rep["macro"]["f1"],
        "micro_f1_at_0.5": rep05["micro"]["f1"],
        "macro_f1_at_0.5": rep05["macro"]["f1"],
        "per_label_f1": {c: rep["per_label"][c]["f1"] for c in classes},
    }
