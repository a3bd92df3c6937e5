"""Evaluation of multi-label predictions: per label, per norm, micro and macro."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from .labels import LABELS, NORM_CODES

__all__ = ["evaluate", "score_predictions", "format_report"]


def _prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
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
        p, r, f = _prf(tp[j], fp[j], fn[j])
        per_label[c] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                        "support": int(Yt[:, j].sum())}
    mp, mr, mf = _prf(tp.sum(), fp.sum(), fn.sum())
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
            p, r, f = _prf(tp[idx].sum(), fp[idx].sum(), fn[idx].sum())
            per_norm[norm] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                              "support": int(Yt[:, idx].sum())}
        report["per_norm"] = per_norm
    if len(Yt) and (Yt.sum(axis=1) == 1).all():
        support = Yt.sum(axis=0)
        report["accuracy"] = round(float((Yt.argmax(1) == Yp.argmax(1))[Yp.any(axis=1)].sum() / len(Yt)), 4)
        report["weighted_f1"] = round(float(sum(per_label[c]["f1"] * support[j]
                                                for j, c in enumerate(classes)) / support.sum()), 4)
    return report


def evaluate(model, texts: Sequence[str], Y_true, threshold=None) -> dict[str, Any]:
    """Evaluate a fitted model on labelled texts.

    Parameters
    ----------
    model : ConductClassifier
    texts : list of str
    Y_true : indicator matrix or list of label-code lists
    threshold : optional
        Override the model's thresholds.
    """
    from .labels import to_indicator

    classes = list(model.classes_)
    if not isinstance(Y_true, np.ndarray):
        Y_true = to_indicator(Y_true, classes)
    P = model.predict_proba(list(texts))
    Y_pred = model._decide(P, threshold)
    return score_predictions(Y_true, Y_pred, classes)


def format_report(report: dict[str, Any], title: str = "") -> str:
    """Render an evaluation report as a plain-text table."""
    lines = [title] if title else []
    lines.append(f"{'label':28} {'prec':>6} {'recall':>6} {'f1':>6} {'support':>8}")
    for c, m in report["per_label"].items():
        lines.append(f"{c:28} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} {m['support']:8d}")
    lines.append("")
    for k in ("micro", "macro"):
        m = report[k]
        lines.append(f"{k + ' avg':28} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f}")
    lines.append(f"{'exact match':28} {report['exact_match']:6.3f}   (n={report['n']})")
    if "accuracy" in report:
        lines.append(f"{'accuracy':28} {report['accuracy']:6.3f}")
        lines.append(f"{'weighted f1':28} {report['weighted_f1']:6.3f}")
    if "per_norm" in report:
        lines += ["", f"{'norm (both verdicts)':28} {'prec':>6} {'recall':>6} {'f1':>6} {'support':>8}"]
        for norm, m in report["per_norm"].items():
            lines.append(f"{norm:28} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} {m['support']:8d}")
    return "\n".join(lines)
