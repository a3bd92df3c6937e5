"""Compare two models on the same labelled data, with paired bootstrap confidence intervals."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from .metrics import f1_from_counts, score_predictions
from .labels import to_indicator

__all__ = ["compare_models", "format_comparison"]


def compare_models(model_a, model_b, texts: Sequence[str], labels, *, ids: Sequence[str] | None = None,
                   n_boot: int = 1000, seed: int = 0, alpha: float = 0.05) -> dict[str, Any]:
    """Evaluate ``model_a`` and ``model_b`` on the same comments and compare them.

    Parameters
    ----------
    model_a, model_b : ConductClassifier
        ``a`` is the candidate, ``b`` the baseline; differences are ``a - b``.
    texts : list of str
    labels : list of label-code lists or indicator matrix
    ids : list of str, optional
        Comment ids for the list of changed verdicts.
    n_boot : int
        Paired bootstrap resamples of the comments.
    seed : int
    alpha : float
        1 - confidence level of the intervals.

    Returns
    -------
    dict
        ``a`` and ``b`` (full score reports), ``diff`` (micro, macro and
        per-label F1 differences with ``ci_low``/``ci_high``), ``changed``
        (comments whose predicted labels differ) and ``recommendation``.
    """
    classes = list(model_a.classes_)
    if list(model_b.classes_) != classes:
        raise ValueError(f"the models have different label sets: {classes} vs {list(model_b.classes_)}")
    if not isinstance(n_boot, int) or n_boot < 100:
        raise ValueError(f"n_boot must be an int >= 100, got {n_boot!r}")
    texts = list(texts)
    Y = np.asarray(labels) if isinstance(labels, np.ndarray) else to_indicator(labels, classes)
    A = model_a.predict(texts).astype(bool)
    B = model_b.predict(texts).astype(bool)
    Yb = Y.astype(bool)
    rep_a, rep_b = score_predictions(Y, A, classes), score_predictions(Y, B, classes)
    diff = _bootstrap_diff(Yb, A, B, rep_a, rep_b, classes, n_boot, seed, alpha)
    changed = _changed_verdicts(texts, ids, Yb, A, B, classes)
    verdict, rec = _recommendation(rep_a, rep_b, diff, alpha)
    return {"n": len(texts), "n_boot": n_boot, "confidence": 1 - alpha, "a": rep_a, "b": rep_b, "diff": diff,
            "changed": changed, "verdict": verdict, "recommendation": rec}


def _bootstrap_diff(Yb: np.ndarray, A: np.ndarray, B: np.ndarray, rep_a: dict, rep_b: dict, classes: list[str],
                    n_boot: int, seed: int, alpha: float) -> dict:
    """Micro, macro and per-label F1 differences ``a - b`` with paired-bootstrap intervals.

    A bootstrap sample is a weight vector over comments, so each sample's counts are one
    matrix product of the per-comment true/false positive and false negative indicators.
    """
    n = len(Yb)
    W = np.random.default_rng(seed).multinomial(n, np.full(n, 1.0 / n), size=n_boot).astype(float)  # (n_boot, n)
    present = (W @ Yb.astype(float)) > 0

    def stats(P):
        tp, fp, fn = (W @ m.astype(float) for m in (Yb & P, ~Yb & P, Yb & ~P))  # (n_boot, labels)
        per = f1_from_counts(tp, fp, fn)
        return f1_from_counts(tp.sum(1), fp.sum(1), fn.sum(1)), np.nanmean(np.where(present, per, np.nan), axis=1), per

    (ma, Ma, pa), (mb, Mb, pb) = stats(A), stats(B)
    lo, hi = 100 * alpha / 2, 100 * (1 - alpha / 2)

    def ci(d, point):
        return {"diff": round(float(point), 4), "ci_low": round(float(np.percentile(d, lo)), 4),
                "ci_high": round(float(np.percentile(d, hi)), 4)}

    return {
        "micro_f1": ci(ma - mb, rep_a["micro"]["f1"] - rep_b["micro"]["f1"]),
        "macro_f1": ci(Ma - Mb, rep_a["macro"]["f1"] - rep_b["macro"]["f1"]),
        "per_label_f1": {c: ci(pa[:, j] - pb[:, j], rep_a["per_label"][c]["f1"] - rep_b["per_label"][c]["f1"])
                         for j, c in enumerate(classes)},
    }


def _changed_verdicts(texts: list[str], ids, Yb: np.ndarray, A: np.ndarray, B: np.ndarray,
                      classes: list[str]) -> list[dict]:
    """The comments whose predicted labels differ between the two models."""
    changed = []
    for i in np.flatnonzero((A != B).any(axis=1)):
        gold = [c for j, c in enumerate(classes) if Yb[i, j]]
        la = [c for j, c in enumerate(classes) if A[i, j]]
        lb = [c for j, c in enumerate(classes) if B[i, j]]
        changed.append({"id": ids[i] if ids is not None else str(i), "text": texts[i], "gold": gold,
                        "a": la, "b": lb, "a_exact": la == gold, "b_exact": lb == gold})
    return changed


def _recommendation(rep_a: dict, rep_b: dict, diff: dict, alpha: float) -> tuple[str, str]:
    """(verdict, sentence): better, worse or no significant difference, by the micro-F1 interval."""
    m = diff["micro_f1"]
    if m["ci_low"] > 0:
        verdict, word = "better", "better than"
    elif m["ci_high"] < 0:
        verdict, word = "worse", "worse than"
    else:
        verdict, word = "no significant difference", "not significantly different from"
    rec = (f"A is {word} B: micro-F1 {rep_a['micro']['f1']:.3f} vs {rep_b['micro']['f1']:.3f} "
           f"(difference {m['diff']:+.3f}, {int(100 * (1 - alpha))}% CI [{m['ci_low']:+.3f}, {m['ci_high']:+.3f}]; "
           f"macro-F1 difference {diff['macro_f1']['diff']:+.3f} "
           f"[{diff['macro_f1']['ci_low']:+.3f}, {diff['macro_f1']['ci_high']:+.3f}])")
    return verdict, rec


def format_comparison(result: dict, *, name_a: str = "A", name_b: str = "B", show: int = 15) -> str:
    """Human-readable comparison table, changed verdicts and the recommendation."""
    a, b, d = result["a"], result["b"], result["diff"]
    lines = [f"A = {name_a}", f"B = {name_b}", f"{result['n']} labelled comments, "
             f"{result['n_boot']} paired bootstrap resamples, {int(100 * result['confidence'])}% intervals", "",
             f"{'label':28} {'F1 A':>6} {'F1 B':>6} {'A-B':>7}  {'interval':>17}"]
    for c, v in d["per_label_f1"].items():
        lines.append(f"{c:28} {a['per_label'][c]['f1']:6.3f} {b['per_label'][c]['f1']:6.3f} {v['diff']:+7.3f}  "
                     f"[{v['ci_low']:+.3f}, {v['ci_high']:+.3f}]")
    for key, label in (("micro_f1", "micro"), ("macro_f1", "macro")):
        v = d[key]
        lines.append(f"{label + ' F1':28} {a[label]['f1']:6.3f} {b[label]['f1']:6.3f} {v['diff']:+7.3f}  "
                     f"[{v['ci_low']:+.3f}, {v['ci_high']:+.3f}]")
    ch = result["changed"]
    lines += ["", f"{len(ch)} comment(s) changed verdict"
              + (f" (first {show}; --json lists all):" if len(ch) > show else ":")]
    for r in ch[:show]:
        mark = "A fixed" if r["a_exact"] and not r["b_exact"] else "A broke" if r["b_exact"] and not r["a_exact"] else "changed"
        lines.append(f"  [{mark}] {r['id']}: {r['text'][:90]!r}")
        lines.append(f"      gold {r['gold']}  A {r['a']}  B {r['b']}")
    lines += ["", "recommendation: " + result["recommendation"]]
    return "\n".join(lines)
