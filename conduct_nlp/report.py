"""A self-contained HTML report of a model on labelled data (plots need matplotlib)."""

from __future__ import annotations

import base64
import html
import io
from typing import Any, Sequence

import numpy as np

from .metrics import score_predictions
from .thresholds import decide
from .labels import NORM_CODES, NORMS, to_indicator

__all__ = ["build_report", "norm_confusion"]

_STATES = ("violation", "compliance", "both", "none")


def _state(row: np.ndarray, jv: int, jc: int) -> str:
    v, c = bool(row[jv]), bool(row[jc])
    return "both" if v and c else "violation" if v else "compliance" if c else "none"


def norm_confusion(Y: np.ndarray, Yp: np.ndarray, classes: Sequence[str]) -> dict[str, dict[str, dict[str, int]]]:
    """For each norm, counts of gold state × predicted state (violation / compliance / both / none)."""
    out = {}
    classes = list(classes)
    for norm in NORM_CODES:
        jv, jc = classes.index(f"{norm}:violation"), classes.index(f"{norm}:compliance")
        m = {g: {p: 0 for p in _STATES} for g in _STATES}
        for y, p in zip(Y, Yp):
            m[_state(y, jv, jc)][_state(p, jv, jc)] += 1
        out[norm] = m
    return out


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def build_report(model, texts: Sequence[str], labels, *, ids: Sequence[str] | None = None,
                 title: str = "conduct_nlp model report", worst: int = 15) -> str:
    """Return the report as one HTML string (images inlined; no external resources).

    Parameters
    ----------
    model : ConductClassifier
    texts, labels
        Labelled comments (label-code lists or indicator matrix).
    ids : list of str, optional
    title : str
    worst : int
        How many of the worst errors to show, with their explanations.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("the report needs matplotlib: pip install 'conduct-nlp[report]'") from None
    classes = list(model.classes_)
    texts = list(texts)
    Y = np.asarray(labels) if isinstance(labels, np.ndarray) else to_indicator(labels, classes)
    P = model.predict_proba(texts)
    Yp = decide(P, model.thresholds_, model.multilabel).astype(int)
    rep = score_predictions(Y, Yp, classes)
    e = html.escape

    # per-label precision / recall / F1 bars
    fig, ax = plt.subplots(figsize=(9, 4.2))
    x = np.arange(len(classes))
    for k, (key, off) in enumerate((("precision", -0.27), ("recall", 0), ("f1", 0.27))):
        ax.bar(x + off, [rep["per_label"][c][key] for c in classes], width=0.27, label=key)
    ax.set_xticks(x, classes, rotation=60, ha="right", fontsize=8)
    ax.set_ylim(0, 1)
    ax.legend(fontsize=8)
    ax.set_title("Per-label precision, recall and F1")
    bars = _png(fig)

    # score histograms, positives vs negatives, one panel per label
    fig, axes = plt.subplots(3, 4, figsize=(11, 7), sharex=True)
    for ax, (j, c) in zip(axes.ravel(), enumerate(classes)):
        ax.hist(P[Y[:, j] == 0, j], bins=20, range=(0, 1), alpha=0.6, label="gold: no")
        ax.hist(P[Y[:, j] == 1, j], bins=20, range=(0, 1), alpha=0.6, label="gold: yes")
        ax.axvline(model.thresholds_[j], color="k", lw=1, ls="--")
        ax.set_title(c, fontsize=8)
        ax.set_yscale("log")
    axes[0, 0].legend(fontsize=7)
    fig.suptitle("Score histograms (dashed line: threshold)")
    hists = _png(fig)

    conf = norm_confusion(Y, Yp, classes)
    conf_html = []
    for norm, m in conf.items():
        head = "".join(f"<th>{s}</th>" for s in _STATES)
        body = "".join(
            f"<tr><th>{g}</th>" + "".join(
                f"<td class='{'diag' if g == p else ''}'>{m[g][p]}</td>" for p in _STATES) + "</tr>"
            for g in _STATES)
        conf_html.append(f"<div class='conf'><h3>{e(norm)} — {e({n.code: n for n in NORMS}[norm].name_en)}</h3>"
                         f"<table><tr><th>gold \\ predicted</th>{head}</tr>{body}</table></div>")

    # worst errors: largest total disagreement, with explanations
    err = np.abs(Y - P).sum(axis=1) * (Y != Yp).any(axis=1)
    rows = []
    for i in np.argsort(-err)[:worst]:
        if err[i] <= 0:
            break
        gold = [c for j, c in enumerate(classes) if Y[i, j]]
        pred = [c for j, c in enumerate(classes) if Yp[i, j]]
        wrong = sorted(set(gold) ^ set(pred))
        expl = model.explain(texts[i], top=4, labels=wrong)
        ex = "".join(f"<li><b>{e(c)}</b> ({'missed' if c in gold else 'false alarm'}, score "
                     f"{P[i, classes.index(c)]:.2f}): " + (", ".join(f"{e(f)} {w:+.2f}" for f, w in expl[c]) or "no pushing feature")
                     + "</li>" for c in wrong)
        rows.append(f"<tr><td>{e(ids[i] if ids is not None else str(i))}</td><td>{e(texts[i])}</td>"
                    f"<td>{e(', '.join(gold) or '—')}</td><td>{e(', '.join(pred) or '—')}</td><td><ul>{ex}</ul></td></tr>")

    summary = (f"<table class='summary'><tr><th>comments</th><td>{rep['n']}</td></tr>"
               f"<tr><th>micro-F1</th><td>{rep['micro']['f1']:.3f}</td></tr>"
               f"<tr><th>macro-F1</th><td>{rep['macro']['f1']:.3f}</td></tr>"
               f"<tr><th>exact match</th><td>{rep['exact_match']:.3f}</td></tr></table>")
    per_label = "".join(f"<tr><td>{e(c)}</td><td>{v['precision']:.3f}</td><td>{v['recall']:.3f}</td>"
                        f"<td>{v['f1']:.3f}</td><td>{v['support']}</td></tr>" for c, v in rep["per_label"].items())
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; max-width: 1100px; color: #222; }}
table {{ border-collapse: collapse; margin: 0.5em 0; }} td, th {{ border: 1px solid #ccc; padding: 3px 8px; font-size: 13px; }}
.conf {{ display: inline-block; margin: 0 1em 1em 0; vertical-align: top; }} .diag {{ background: #e3f2e1; }}
.errors td {{ vertical-align: top; }} .errors ul {{ margin: 0; padding-left: 1.2em; }}
</style></head><body>
<h1 id="title">{e(title)}</h1>
{summary}
<h2>Per label</h2>
<img id="bars" alt="per-label precision, recall and F1" src="{bars}">
<table><tr><th>label</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>{per_label}</table>
<h2>Confusion per norm</h2>
{''.join(conf_html)}
<h2>Score histograms</h2>
<img id="hists" alt="score histograms" src="{hists}">
<h2>Worst errors and why</h2>
<table class="errors"><tr><th>id</th><th>comment</th><th>gold</th><th>predicted</th><th>explanation</th></tr>{''.join(rows)}</table>
</body></html>
"""
