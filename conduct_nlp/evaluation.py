"""Evaluating a fitted model on labelled texts, and the plain-text report."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from .metrics import score_predictions
from .thresholds import decide

__all__ = ["evaluate", "score_predictions", "format_report"]


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
    t = model.thresholds_ if threshold is None else threshold
    Y_pred = decide(P, t, multilabel=model.multilabel, classes=classes)
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
