"""A self-contained HTML report of a model on labelled data (Vietnamese by default).

The page (:func:`build_report`) is built on :mod:`conduct_nlp.html_page`: the
header block says which model made it and on which input, plots are inline
SVG (no matplotlib needed), labels carry their Vietnamese names
(:func:`conduct_nlp.label_name`), and the worst errors show the comment with
the evidence phrases the model relied on highlighted.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from . import html_page as hp
from .labels import LABEL_NAMES, NORM_CODES, NORMS, to_indicator
from .metrics import score_predictions
from .thresholds import decide

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


def _confusion_html(Y: np.ndarray, Yp: np.ndarray, classes: Sequence[str], lang: str) -> str:
    e, t = hp.esc, lambda k: hp.tr(k, lang)
    if not set(LABEL_NAMES) <= set(classes):
        return ""
    norms = {n.code: n for n in NORMS}
    parts = []
    for norm, m in norm_confusion(Y, Yp, classes).items():
        head = "".join(f"<th scope='col'>{e(t('state_' + s))}</th>" for s in _STATES)
        body = "".join(
            f"<tr><th scope='row'>{e(t('state_' + g))}</th>" + "".join(
                f"<td class='num{' diag' if g == p else ''}'>{m[g][p]}</td>" for p in _STATES) + "</tr>"
            for g in _STATES)
        name = norms[norm].name_vi if lang == "vi" else norms[norm].name_en
        parts.append(f"<div><h3>{e(name)}</h3>" + hp.scroll(
            f"<table class='conf'><tr class='head'><th>{e(t('gold_vs_pred'))}</th>{head}</tr>{body}</table>")
            + "</div>")
    return f"<h2 id='confusion'>{e(t('confusion'))}</h2><div class='grid wide'>{''.join(parts)}</div>"


def _summary_html(rep: Mapping[str, Any], lang: str) -> str:
    """The summary table: comments, micro- and macro-F1, exact match."""
    e, t = hp.esc, _translator(lang)
    rows = [("n_comments", hp.fmt_int(rep["n"], lang)), ("micro_f1", hp.fmt_num(rep["micro"]["f1"], lang, 3)),
            ("macro_f1", hp.fmt_num(rep["macro"]["f1"], lang, 3)), ("exact_match", hp.fmt_num(rep["exact_match"], lang, 3))]
    return (f"<h2 id='summary'>{e(t('summary'))}</h2>" + hp.scroll(
        "<table class='summary'>"
        + "".join(f"<tr><th scope='row'>{e(t(k))}</th><td class='num'>{e(v)}</td></tr>" for k, v in rows)
        + "</table>"))


def _per_label_html(rep: Mapping[str, Any], names: Mapping[str, str], lang: str) -> str:
    """Precision, recall and F1 per label: a bar chart and a table."""
    e, t = hp.esc, _translator(lang)
    classes = list(names)
    keys = ("precision", "recall", "f1")
    chart = hp.svg_bar_chart(
        [names[c] for c in classes], {t(k): [rep["per_label"][c][k] for c in classes] for k in keys},
        title=t("per_label_chart"), value_label=t("score"), lang=lang, max_value=1.0, show_title=False)
    rows = "".join(
        f"<tr><td>{e(names[c])}<br><code class='note'>{e(c)}</code></td>"
        + "".join(f"<td class='num'>{e(hp.fmt_num(v[k], lang, 3))}</td>" for k in keys)
        + f"<td class='num'>{e(hp.fmt_int(v['support'], lang))}</td></tr>"
        for c, v in rep["per_label"].items())
    return (f"<h2 id='per-label'>{e(t('per_label'))}</h2><figure id='bars'><figcaption class='above'>"
            f"{e(t('per_label_chart'))}</figcaption>{chart}</figure>" + hp.scroll(
                f"<table class='per-label'><tr class='head'><th>{e(t('label'))}</th>"
                + "".join(f"<th class='num'>{e(t(k))}</th>" for k in keys)
                + f"<th class='num'>{e(t('support'))}</th></tr>{rows}</table>"))


def _histograms_html(P: np.ndarray, Y: np.ndarray, thresholds, names: Mapping[str, str], lang: str) -> str:
    """Score distributions, one small chart per label, one shared legend."""
    e, t = hp.esc, _translator(lang)
    series_names = (t("gold_no"), t("gold_yes"))
    hists = "".join(
        f"<figure><figcaption class='above'>{e(names[c])}</figcaption>" + hp.svg_histogram(
            {series_names[0]: P[Y[:, j] == 0, j].tolist(), series_names[1]: P[Y[:, j] == 1, j].tolist()},
            title=names[c], x_label=t("score_bin"), y_label=t("share"), lang=lang,
            threshold=float(thresholds[j])) + "</figure>"
        for j, c in enumerate(names))
    return (f"<h2 id='histograms'>{e(t('histograms'))}</h2><p class='note'>{e(t('histograms_note'))}</p>"
            + hp.legend_html(series_names, threshold_label=t("thresholds"))
            + f"<div class='grid' id='hists'>{hists}</div>")


def _error_row(model, text: str, row_id: str, gold: list[str], pred: list[str], scores: Mapping[str, float],
               names: Mapping[str, str], lang: str) -> str:
    """One row of the worst-errors table, with the evidence of each wrong label highlighted."""
    e, t = hp.esc, _translator(lang)
    wrong = [c for c in names if (c in gold) != (c in pred)]
    ev = model.explain(text, top=4, labels=wrong, spans=True)
    false_alarms = [s for c in wrong if c in pred for item in ev[c] for s in item.spans]
    missed = [s for c in wrong if c in gold for item in ev[c] for s in item.spans]
    items = []
    for c in wrong:
        kind = t("missed") if c in gold else t("false_alarm")
        phrases = ", ".join(f"<q>{e(x.phrase)}</q> {e(hp.fmt_num(x.weight, lang))}" for x in ev[c])
        items.append(f"<li><b>{e(names[c])}</b> ({e(kind)}, {e(t('score').lower())} "
                     f"{e(hp.fmt_num(scores[c], lang))}): {phrases or e(t('no_evidence'))}</li>")
    gold_html = "<br>".join(e(names[c]) for c in gold) or e(t("none"))
    pred_html = "<br>".join(e(names[c]) for c in pred) or e(t("none"))
    return (f"<tr><td>{e(row_id)}</td>"
            f"<td class='text'>{hp.highlight_layers(text, [('fa', false_alarms), ('miss', missed)])}</td>"
            f"<td>{gold_html}</td><td>{pred_html}</td><td><ul>{''.join(items)}</ul></td></tr>")


def _worst_errors_html(model, texts: Sequence[str], ids: Sequence[str] | None, Y: np.ndarray, Yp: np.ndarray,
                       P: np.ndarray, names: Mapping[str, str], worst: int, lang: str) -> str:
    """The ``worst`` comments by total disagreement between gold labels and scores, with evidence."""
    e, t = hp.esc, _translator(lang)
    classes = list(names)
    err = np.abs(Y - P).sum(axis=1) * (Y != Yp).any(axis=1)
    erows = []
    for i in np.argsort(-err, kind="stable")[:worst]:
        if err[i] <= 0:
            break
        gold = [c for j, c in enumerate(classes) if Y[i, j]]
        pred = [c for j, c in enumerate(classes) if Yp[i, j]]
        scores = {c: float(P[i, j]) for j, c in enumerate(classes)}
        erows.append(_error_row(model, texts[i], ids[i] if ids is not None else str(i), gold, pred, scores,
                                names, lang))
    if erows:
        errors = hp.scroll(
            f"<table class='errors'><tr class='head'><th>{e(t('id'))}</th><th>{e(t('comment'))}</th>"
            f"<th>{e(t('gold'))}</th><th>{e(t('predicted'))}</th><th>{e(t('why'))}</th></tr>{''.join(erows)}</table>")
    else:
        errors = f"<p>{e(t('no_errors'))}</p>"
    return (f"<h2 id='errors'>{e(t('worst_errors'))}</h2><p class='note'>{e(t('worst_note'))} "
            f"<mark class='fa'>{e(t('worst_note_fa'))}</mark>, "
            f"<mark class='miss'>{e(t('worst_note_miss'))}</mark>.</p>{errors}")


def _translator(lang: str):
    """``t(key)``: the page text ``key`` in ``lang``."""
    return functools.partial(hp.tr, lang=lang)


def build_report(model, texts: Sequence[str], labels, *, ids: Sequence[str] | None = None,
                 title: str | None = None, worst: int = 15, lang: str = "vi",
                 model_ref: str | None = None, input_path: str | Sequence[str] | None = None,
                 info: Mapping[str, Any] | None = None) -> str:
    """Return the report as one self-contained HTML string (inline CSS and SVG; no external resources).

    Parameters
    ----------
    model : ConductClassifier
    texts, labels
        Labelled comments (label-code lists or indicator matrix).
    ids : list of str, optional
    title : str, optional
        Page title; default "Báo cáo đánh giá mô hình" ("Model evaluation
        report"), followed by the input file names when ``input_path`` is given.
    worst : int
        How many of the worst errors to show, with their evidence highlighted.
    lang : {"vi", "en"}, default="vi"
        Language of the page.
    model_ref : str, optional
        How the model was named (bundled name or path), shown in the header.
    input_path : path or list of paths, optional
        The labelled file(s), shown in the header with the row count.
    info : mapping, optional
        Extra or overriding header values (see :func:`conduct_nlp.html_page.header_block`).
    """
    hp.check_lang(lang)
    t = _translator(lang)
    classes = list(model.classes_)
    names = {c: hp.label_display(c, lang) for c in classes}
    texts = list(texts)
    Y = np.asarray(labels) if isinstance(labels, np.ndarray) else to_indicator(labels, classes)
    P = model.predict_proba(texts)
    Yp = decide(P, model.thresholds_, model.multilabel).astype(int)
    rep = score_predictions(Y, Yp, classes)

    paths = [] if input_path is None else [input_path] if isinstance(input_path, (str, bytes)) or not isinstance(
        input_path, Sequence) else list(input_path)
    header = hp.model_info(model, model_ref)
    header.update({"input": ", ".join(map(str, paths)) or None, "input_rows": len(texts)})
    header.update(dict(info or {}))
    if title is None:
        files = ", ".join(Path(str(p)).name for p in paths)
        title = f"{t('report_title')} {t('report_on')} {files}" if files else t('report_title')

    body = (_summary_html(rep, lang) + _per_label_html(rep, names, lang) + _confusion_html(Y, Yp, classes, lang)
            + _histograms_html(P, Y, model.thresholds_, names, lang)
            + _worst_errors_html(model, texts, ids, Y, Yp, P, names, worst, lang))
    return hp.render_page(title=title, body=body, info=header, lang=lang)
