"""Shared building blocks of every HTML page the library writes (``report``, ``summarize``).

A page is one self-contained HTML5 document: inline CSS, plots as inline SVG,
no script and no external resource, so it opens offline, prints, and can be
mailed as one file. Every page starts with the same header block saying which
model made it (name or path, conduct_nlp version, SHA-256, training-data size,
thresholds), on which input (file and row count) and when.

Pages are in Vietnamese by default (``lang="vi"``) or English (``"en"``); the
interface strings live in :data:`TEXTS` and are read with :func:`tr`.

Plots (:mod:`conduct_nlp.svg_charts`, re-exported here: :func:`svg_bar_chart`, :func:`svg_line_chart`) use the Okabe–Ito
colour-blind-safe palette (:data:`PALETTE`), put the legend outside the
plotting area, size their margins from the text they hold (nothing is cut
off), and scale with the page (``viewBox`` and ``width="100%"``).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Mapping, Sequence

from ._version import __version__
from .html_text import LANGS, MISSING, check_lang, esc, fmt_int, fmt_num
from .labels import LABEL_NAMES, NORM_CODES, VERDICTS, label_name
from .svg_charts import PALETTE, legend_html, svg_bar_chart, svg_histogram, svg_line_chart

__all__ = [
    "LANGS",
    "TEXTS",
    "PALETTE",
    "MISSING",
    "tr",
    "check_lang",
    "esc",
    "fmt_num",
    "fmt_int",
    "label_display",
    "header_block",
    "model_info",
    "render_page",
    "scroll",
    "svg_bar_chart",
    "svg_line_chart",
    "highlight",
    "highlight_layers",
    "merge_spans",
    "legend_html",
    "svg_histogram",
]

#: Interface strings: ``TEXTS[lang][key]``. Pages may add their own keys (in both languages).
TEXTS: dict[str, dict[str, str]] = {
    "vi": {
        # header block
        "meta_caption": "Thông tin về mô hình và dữ liệu",
        "model": "Mô hình",
        "version": "Phiên bản conduct_nlp",
        "model_trained_with": "mô hình được huấn luyện với phiên bản",
        "sha256": "SHA-256 của mô hình",
        "training_rows": "Số bình luận huấn luyện",
        "thresholds": "Ngưỡng quyết định",
        "thresholds_all": "mọi nhãn",
        "thresholds_pair": "vi phạm / thực hiện tốt",
        "input": "Tệp đầu vào",
        "input_rows": "Số dòng đầu vào",
        "generated": "Thời điểm tạo (UTC)",
        "unsaved_model": "mô hình chưa lưu",
        # shared words
        "label": "Nhãn",
        "norm": "Chuẩn mực",
        "violation": "vi phạm",
        "compliance": "thực hiện tốt",
        "comments": "bình luận",
        "comment": "Bình luận",
        "legend": "Chú thích",
        "none": "không có",
        # report page
        "report_title": "Báo cáo đánh giá mô hình",
        "report_on": "trên",
        "summary": "Tóm tắt",
        "n_comments": "Số bình luận",
        "micro_f1": "F1 vi mô (micro)",
        "macro_f1": "F1 vĩ mô (macro)",
        "exact_match": "Khớp hoàn toàn",
        "per_label": "Theo từng nhãn",
        "precision": "Độ chính xác (precision)",
        "recall": "Độ bao phủ (recall)",
        "f1": "F1",
        "support": "Số mẫu",
        "score": "Điểm",
        "per_label_chart": "Precision, recall và F1 theo nhãn",
        "confusion": "Ma trận nhầm lẫn theo chuẩn mực",
        "gold_vs_pred": "thực tế \\ dự đoán",
        "state_violation": "vi phạm",
        "state_compliance": "thực hiện tốt",
        "state_both": "cả hai",
        "state_none": "không nhãn",
        "histograms": "Phân bố điểm theo nhãn",
        "histograms_note": ("Tỉ lệ bình luận theo khoảng điểm, trong từng nhóm theo nhãn thực tế; "
                            "vạch đứng là ngưỡng quyết định."),
        "gold_yes": "thực tế: có nhãn",
        "gold_no": "thực tế: không có nhãn",
        "share": "Tỉ lệ bình luận",
        "score_bin": "Điểm của mô hình",
        "worst_errors": "Các lỗi nặng nhất và lý do",
        "worst_note": "Cụm từ được tô màu là bằng chứng mô hình dựa vào:",
        "worst_note_fa": "đẩy lên một nhãn báo nhầm",
        "worst_note_miss": "đẩy lên một nhãn bị bỏ sót, nhưng chưa đủ",
        "id": "Mã",
        "gold": "Nhãn thực tế",
        "predicted": "Nhãn dự đoán",
        "why": "Giải thích",
        "missed": "bỏ sót",
        "false_alarm": "báo nhầm",
        "no_evidence": "không có cụm từ nào đẩy điểm lên",
        "no_errors": "Không có lỗi nào.",
    },
    "en": {
        "meta_caption": "About the model and the data",
        "model": "Model",
        "version": "conduct_nlp version",
        "model_trained_with": "model trained with version",
        "sha256": "Model SHA-256",
        "training_rows": "Training comments",
        "thresholds": "Decision thresholds",
        "thresholds_all": "all labels",
        "thresholds_pair": "violation / compliance",
        "input": "Input file",
        "input_rows": "Input rows",
        "generated": "Generated (UTC)",
        "unsaved_model": "unsaved model",
        "label": "Label",
        "norm": "Norm",
        "violation": "violation",
        "compliance": "compliance",
        "comments": "comments",
        "comment": "Comment",
        "legend": "Legend",
        "none": "none",
        "report_title": "Model evaluation report",
        "report_on": "on",
        "summary": "Summary",
        "n_comments": "Comments",
        "micro_f1": "Micro-F1",
        "macro_f1": "Macro-F1",
        "exact_match": "Exact match",
        "per_label": "Per label",
        "precision": "Precision",
        "recall": "Recall",
        "f1": "F1",
        "support": "Support",
        "score": "Score",
        "per_label_chart": "Precision, recall and F1 per label",
        "confusion": "Confusion per norm",
        "gold_vs_pred": "gold \\ predicted",
        "state_violation": "violation",
        "state_compliance": "compliance",
        "state_both": "both",
        "state_none": "none",
        "histograms": "Score distributions per label",
        "histograms_note": ("Share of comments per score bin, within each gold-label group; "
                            "the vertical line is the decision threshold."),
        "gold_yes": "gold: label present",
        "gold_no": "gold: label absent",
        "share": "Share of comments",
        "score_bin": "Model score",
        "worst_errors": "Worst errors and why",
        "worst_note": "Highlighted phrases are the evidence the model relied on:",
        "worst_note_fa": "pushed up a false alarm",
        "worst_note_miss": "pushed up a missed label, not enough",
        "id": "id",
        "gold": "Gold labels",
        "predicted": "Predicted labels",
        "why": "Explanation",
        "missed": "missed",
        "false_alarm": "false alarm",
        "no_evidence": "no phrase pushed the score up",
        "no_errors": "No errors.",
    },
}


def tr(key: str, lang: str) -> str:
    """The interface string ``key`` in ``lang``.

    Raises
    ------
    ValueError
        An unknown language (the message names the valid ones).
    KeyError
        An unknown key.
    """
    texts = TEXTS[check_lang(lang)]
    try:
        return texts[key]
    except KeyError:
        raise KeyError(f"no interface text {key!r} (lang {lang!r})") from None


def label_display(code: str, lang: str) -> str:
    """The display name of a label code (:func:`conduct_nlp.label_name`), or the code itself for other label sets."""
    check_lang(lang)
    return label_name(code, lang) if code in LABEL_NAMES else code


# ---------------------------------------------------------------- header block
def model_info(model, model_ref: str | None = None) -> dict[str, Any]:
    """The model part of a page's header, from a loaded (or freshly fitted) model.

    Parameters
    ----------
    model : ConductClassifier
        A fitted model. When it was loaded from a file it carries the file's
        manifest (``model.manifest_``, set by :func:`conduct_nlp.load_model`),
        which gives the SHA-256, the version that trained it and its creation time.
    model_ref : str, optional
        How the user named the model (a bundled name or a path), shown as its name.

    Returns
    -------
    dict
        ``model``, ``sha256``, ``model_version``, ``model_created``,
        ``training_rows``, ``thresholds`` (label code → float); a value not
        known is ``None``.
    """
    from .persistence import BUNDLED_MODELS

    manifest = getattr(model, "manifest_", None) or {}
    artifact = manifest.get("artifact") or {}
    if model_ref is not None:
        ref = str(model_ref)
        name = f"{ref} ({BUNDLED_MODELS[ref]})" if ref in BUNDLED_MODELS else ref
    elif artifact.get("file"):
        bundled = {v: k for k, v in BUNDLED_MODELS.items()}
        name = f"{bundled[artifact['file']]} ({artifact['file']})" if artifact["file"] in bundled else artifact["file"]
    else:
        name = None
    training = manifest.get("training_data") or getattr(model, "training_data_", None) or {}
    classes = getattr(model, "classes_", None)
    thresholds_ = getattr(model, "thresholds_", None)
    if classes is not None and thresholds_ is not None:
        thresholds = {str(c): float(t) for c, t in zip(classes, thresholds_)}
    else:
        thresholds = dict(manifest.get("thresholds") or {}) or None
    return {
        "model": name,
        "sha256": artifact.get("sha256"),
        "model_version": (manifest.get("versions") or {}).get("conduct_nlp"),
        "model_created": manifest.get("created"),
        "training_rows": training.get("n_comments"),
        "thresholds": thresholds,
    }


def _fmt_threshold(t: float, lang: str) -> str:
    return fmt_num(t, lang, 2 if round(t, 2) == round(t, 6) else 3)


def _thresholds_html(thresholds: Mapping[str, float] | None, lang: str) -> str:
    if not thresholds:
        return MISSING
    values = {round(float(v), 4) for v in thresholds.values()}
    if len(values) == 1:
        return f"{esc(_fmt_threshold(values.pop(), lang))} ({esc(tr('thresholds_all', lang))})"
    if set(thresholds) == set(LABEL_NAMES):
        items = []
        for norm in NORM_CODES:
            name = label_name(f"{norm}:violation", lang).split(" — ")[0]
            pair = " / ".join(_fmt_threshold(thresholds[f"{norm}:{v}"], lang) for v in VERDICTS)
            items.append(f"<li><span>{esc(name)}</span> <b>{esc(pair)}</b></li>")
        return (f"<span class='note'>({esc(tr('thresholds_pair', lang))})</span>"
                f"<ul class='thr'>{''.join(items)}</ul>")
    items = "".join(f"<li><span>{esc(c)}</span> <b>{esc(_fmt_threshold(float(t), lang))}</b></li>"
                    for c, t in thresholds.items())
    return f"<ul class='thr'>{items}</ul>"


def _now_iso() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def header_block(info: Mapping[str, object], lang: str) -> str:
    """The header table saying which model made a page, on which input and when.

    Parameters
    ----------
    info : mapping
        Keys (all optional; a missing or ``None`` value shows as ``—``):
        ``model`` (name or path), ``conduct_nlp_version`` (default: this
        library's version), ``model_version`` (the version that trained the
        model), ``sha256`` (shown as its first 12 hex digits),
        ``training_rows``, ``thresholds`` (label code → float), ``input``
        (path), ``input_rows``, ``generated`` (a datetime or an ISO string;
        default: now, UTC). :func:`model_info` gives the model part.
    lang : {"vi", "en"}

    Returns
    -------
    str
        A ``<table class="meta">`` inside a scrolling wrapper.
    """
    check_lang(lang)

    def val(key):
        v = info.get(key)
        return None if v is None or v == "" else v

    version = str(val("conduct_nlp_version") or __version__)
    mv = val("model_version")
    if mv is not None and str(mv) != version:
        version += f" ({tr('model_trained_with', lang)} {mv})"
    sha = val("sha256")
    sha_html = (f"<code title='{esc(sha)}'>{esc(str(sha)[:12])}</code>" if sha else MISSING)
    generated = val("generated") or _now_iso()
    if isinstance(generated, _dt.datetime):
        if generated.tzinfo is not None:
            generated = generated.astimezone(_dt.timezone.utc)
        generated = generated.replace(microsecond=0, tzinfo=None).isoformat() + "Z"
    tr_rows = val("training_rows")
    in_rows = val("input_rows")
    rows = [
        ("model", esc(val("model")) if val("model") else MISSING),
        ("version", esc(version)),
        ("sha256", sha_html),
        ("training_rows", esc(fmt_int(int(tr_rows), lang)) if tr_rows is not None else MISSING),
        ("thresholds", _thresholds_html(val("thresholds"), lang)),  # type: ignore[arg-type]
        ("input", f"<code>{esc(val('input'))}</code>" if val("input") else MISSING),
        ("input_rows", esc(fmt_int(int(in_rows), lang)) if in_rows is not None else MISSING),
        ("generated", f"<time>{esc(generated)}</time>"),
    ]
    body = "".join(f"<tr class='meta-{k}'><th scope='row'>{esc(tr(k, lang))}</th><td>{v}</td></tr>" for k, v in rows)
    return scroll(f"<table class='meta'><caption>{esc(tr('meta_caption', lang))}</caption>{body}</table>")


# ---------------------------------------------------------------- page
_CSS = """
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",Arial,sans-serif;
 color:#1d1d1f;background:#fff;line-height:1.45;margin:0 auto;padding:1rem 1.25rem 2rem;max-width:72rem;font-size:15px}
h1{font-size:1.6rem;margin:.4rem 0 .8rem;line-height:1.25;overflow-wrap:anywhere}
h2{font-size:1.25rem;margin:1.8rem 0 .6rem;border-bottom:2px solid #0072B2;padding-bottom:.2rem}
h3{font-size:1.02rem;margin:1rem 0 .4rem}
p,li{overflow-wrap:anywhere}
.scroll{overflow-x:auto;max-width:100%;margin:.4rem 0 1rem}
table{border-collapse:collapse;font-size:.9rem}
th,td{border:1px solid #c8c8cc;padding:.3rem .55rem;text-align:left;vertical-align:top}
thead th,tr.head th{background:#eef3f8}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.meta{font-size:.85rem;background:#f7f9fb}
table.meta caption{text-align:left;font-weight:600;padding:.2rem 0;color:#444}
table.meta th{white-space:nowrap;background:#eef3f8;font-weight:600}
table.meta code{font-size:.85rem;overflow-wrap:anywhere}
ul.thr{list-style:none;margin:.1rem 0 0;padding:0;columns:2 18rem;column-gap:1.5rem}
ul.thr li{margin:0;break-inside:avoid}
.note{color:#555;font-size:.85rem}
figure{margin:.6rem 0 1.2rem}
figure svg{display:block;width:100%;height:auto}
figcaption{font-size:.85rem;color:#555;margin-top:.2rem}
img{max-width:100%;height:auto}
mark{background:#ffe08a;color:inherit;padding:0 .1em;border-radius:2px}
mark.miss{background:#cde6f7;border-bottom:2px dotted #0072B2}
.text{min-width:16rem;max-width:36rem}
.diag{background:#e3f2e1}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,16rem),1fr));gap:.4rem 1.2rem}
.grid.wide{grid-template-columns:repeat(auto-fill,minmax(min(100%,24rem),1fr))}
figcaption.above{font-weight:600;color:#1d1d1f;margin:0 0 .2rem}
.grid figcaption.above{min-height:2.9em}
.grid>*{min-width:0}
.legend ul{list-style:none;display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;margin:.2rem 0;padding:0}
.legend li{display:flex;align-items:center;gap:.4rem;font-size:.85rem}
.sw{display:inline-block;width:14px;height:11px;border-radius:2px}
.sw.line{width:0;height:14px;border-left:2px dashed #000;border-radius:0}
td ul{margin:0;padding-left:1.1rem}
@media (max-width:600px){body{padding:.6rem}h1{font-size:1.3rem}}
@media print{
 body{max-width:none;padding:0;font-size:10pt}
 .scroll{overflow:visible}
 h2,h3{break-after:avoid}
 tr,figure,li{break-inside:avoid}
 mark{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 a{color:inherit;text-decoration:none}
}
"""


def scroll(inner: str) -> str:
    """Wrap a wide element (a table) so that it scrolls sideways inside the page instead of widening it."""
    return f"<div class='scroll'>{inner}</div>"


def render_page(*, title: str, body: str, info: Mapping[str, object], lang: str = "vi") -> str:
    """A complete, self-contained HTML5 document.

    Parameters
    ----------
    title : str
        Human-readable title (``<title>`` and the ``<h1>``), escaped here.
    body : str
        The page's HTML content, placed after the header block.
    info : mapping
        What :func:`header_block` shows.
    lang : {"vi", "en"}, default="vi"

    Returns
    -------
    str
        The document: inline CSS only (screen and print), no script, no external resource.
    """
    check_lang(lang)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="conduct_nlp {esc(__version__)}">\n'
        f"<title>{esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f'<header>\n<h1 id="title">{esc(title)}</h1>\n{header_block(info, lang)}\n</header>\n'
        f"<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


# ---------------------------------------------------------------- highlighting
def merge_spans(spans: Sequence[tuple[int, int]], length: int | None = None) -> list[tuple[int, int]]:
    """Sort spans, clip them to ``[0, length]``, drop empty ones and merge overlapping or touching ones."""
    out: list[list[int]] = []
    for a, b in sorted((int(a), int(b)) for a, b in spans):
        if length is not None:
            a, b = max(0, min(a, length)), max(0, min(b, length))
        a = max(a, 0)
        if b <= a:
            continue
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def highlight(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` HTML-escaped, with ``<mark>`` around the character spans ``[start, end)`` (overlaps merged)."""
    parts, pos = [], 0
    for a, b in merge_spans(spans, len(text)):
        parts.append(esc(text[pos:a]))
        parts.append(f"<mark>{esc(text[a:b])}</mark>")
        pos = b
    parts.append(esc(text[pos:]))
    return "".join(parts)


def highlight_layers(text: str, layers: Sequence[tuple[str | None, Sequence[tuple[int, int]]]]) -> str:
    """Like :func:`highlight` with several kinds of spans, each marked ``<mark class="KIND">``.

    ``layers`` is a list of ``(css_class, spans)``; where spans of two kinds overlap,
    the earlier layer wins. A ``None`` class gives a plain ``<mark>``.
    """
    owner: list[int] = [-1] * len(text)
    for k, (_, spans) in reversed(list(enumerate(layers))):
        for a, b in merge_spans(spans, len(text)):
            owner[a:b] = [k] * (b - a)
    parts, pos, n = [], 0, len(text)
    while pos < n:
        k, end = owner[pos], pos
        while end < n and owner[end] == k:
            end += 1
        chunk = esc(text[pos:end])
        if k < 0:
            parts.append(chunk)
        else:
            cls = layers[k][0]
            parts.append(f"<mark class='{esc(cls)}'>{chunk}</mark>" if cls else f"<mark>{chunk}</mark>")
        pos = end
    return "".join(parts)


# ---------------------------------------------------------------- SVG charts
