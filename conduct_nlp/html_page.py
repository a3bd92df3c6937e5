"""Shared building blocks of every HTML page the library writes (``report``, ``summarize``).

A page is one self-contained HTML5 document: inline CSS, plots as inline SVG,
no script and no external resource, so it opens offline, prints, and can be
mailed as one file. Every page starts with the same header block saying which
model made it (name or path, conduct_nlp version, SHA-256, training-data size,
thresholds), on which input (file and row count) and when.

Pages are in Vietnamese by default (``lang="vi"``) or English (``"en"``); the
interface strings live in :data:`TEXTS` and are read with :func:`tr`.

Plots (:func:`svg_bar_chart`, :func:`svg_line_chart`) use the Okabe–Ito
colour-blind-safe palette (:data:`PALETTE`), put the legend outside the
plotting area, size their margins from the text they hold (nothing is cut
off), and scale with the page (``viewBox`` and ``width="100%"``).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import html
import math
from typing import Any, Mapping, Sequence

from ._version import __version__
from .labels import LABEL_NAMES, NORM_CODES, VERDICTS, label_name

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

LANGS: tuple[str, ...] = ("vi", "en")
"""Languages a page can be written in; ``"vi"`` is the default."""

MISSING = "—"
"""Shown in place of a value that is not known."""

PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow (last: weak contrast on white)
)
"""Okabe & Ito (2008) colour-blind-safe colours, in the order series get them."""

_DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2", "10 4", "3 6")

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


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is one of :data:`LANGS`.

    Raises
    ------
    ValueError
        Naming the valid languages.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(map(repr, LANGS))}; got {lang!r}")
    return lang


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


def esc(value: object) -> str:
    """HTML-escape ``str(value)`` (quotes included)."""
    return html.escape(str(value), quote=True)


def fmt_num(x: float | None, lang: str, digits: int = 2) -> str:
    """A number with ``digits`` decimals: ``0,85`` in Vietnamese, ``0.85`` in English; ``—`` for None/NaN."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return MISSING
    s = f"{x:,.{digits}f}"
    if check_lang(lang) == "vi":
        s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return s


def fmt_int(n: int | None, lang: str) -> str:
    """An integer with thousands separators: ``10.605`` (vi), ``10,605`` (en); ``—`` for None."""
    if n is None:
        return MISSING
    return fmt_num(int(n), lang, 0)


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
_FONT = 12
_FONT_FAMILY = "system-ui, 'Noto Sans', 'DejaVu Sans', Arial, sans-serif"


def _text_width(s: str, size: float = _FONT) -> float:
    """A generous estimate of rendered text width (sans-serif), so margins never cut text."""
    wide = sum(1 for ch in s if ch in "mwMW@%—")
    return (len(s) * 0.58 + wide * 0.3) * size + 4


def _nice_max(v: float) -> tuple[float, float]:
    """A round axis maximum ≥ ``v`` and its tick step (1, 2, 2.5 or 5 × 10^k; at most 6 steps)."""
    if not v or v <= 0 or math.isnan(v):
        return 1.0, 0.25
    raw = v / 5
    exp = 10 ** math.floor(math.log10(raw))
    step = next(m * exp for m in (1, 2, 2.5, 5, 10) if m * exp >= raw - 1e-12)
    top = math.ceil(v / step - 1e-9) * step
    return top, step


def _fmt_tick(v: float, lang: str) -> str:
    digits = 0 if abs(v - round(v)) < 1e-9 else (1 if abs(v * 10 - round(v * 10)) < 1e-9 else 2)
    return fmt_num(v, lang, digits)


def _chart_id(*parts: object) -> str:
    return "c" + hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:10]


def _legend(names: Sequence[str], width: float, y: float, swatch) -> tuple[str, float]:
    """Legend items laid out in rows across ``width``; returns (svg, height used)."""
    x, row, out = 0.0, 0, []
    for k, name in enumerate(names):
        w = 22 + _text_width(name) + 16
        if x > 0 and x + w > width:
            x, row = 0.0, row + 1
        yy = y + row * 20
        out.append(f"<g transform='translate({x:.1f},{yy:.1f})'>{swatch(k)}"
                   f"<text x='22' y='10' dominant-baseline='middle'>{esc(name)}</text></g>")
        x += w
    return "".join(out), (row + 1) * 20 if names else 0


def _svg_open(cid: str, w: float, h: float, title: str, desc: str) -> str:
    return (f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {w:.0f} {h:.0f}' width='100%' "
            f"preserveAspectRatio='xMinYMin meet' role='img' aria-labelledby='{cid}-t {cid}-d' "
            f"style='max-width:{w:.0f}px;height:auto' font-family=\"{_FONT_FAMILY}\" font-size='{_FONT}'>"
            f"<title id='{cid}-t'>{esc(title)}</title><desc id='{cid}-d'>{esc(desc)}</desc>")


def svg_bar_chart(categories: Sequence[str], series: Mapping[str, Sequence[float | None]], *, title: str,
                  value_label: str, category_label: str = "", lang: str = "vi", max_value: float | None = None,
                  orientation: str = "horizontal", markers: Sequence[float | None] | None = None,
                  marker_label: str | None = None, width: int = 860, desc: str | None = None,
                  show_title: bool = True) -> str:
    """A grouped bar chart as inline SVG.

    Parameters
    ----------
    categories : list of str
        One group of bars per category (e.g. label display names).
    series : mapping
        Series name → one value per category (``None`` draws no bar).
    title : str
        Shown above the chart and as the SVG ``<title>``.
    value_label, category_label : str
        Axis titles.
    lang : {"vi", "en"}
        Number format of the ticks.
    max_value : float, optional
        Value axis maximum (default: a round number above the largest value).
    orientation : {"horizontal", "vertical"}
        Horizontal bars (categories down the left, best for long names) or vertical.
    markers : list of float, optional
        One reference value per category, drawn as a black tick across its group
        (e.g. the decision threshold); named ``marker_label`` in the legend.
    width : int
        Width of the drawing in px (it scales down with the page).
    desc : str, optional
        Accessible description (default: generated from the data).
    show_title : bool
        Draw the title in the chart (it is always the SVG's accessible ``<title>``);
        turn it off when the page shows it as a caption.

    Returns
    -------
    str
        An ``<svg>`` element.
    """
    check_lang(lang)
    if orientation not in ("horizontal", "vertical"):
        raise ValueError(f"orientation must be 'horizontal' or 'vertical', got {orientation!r}")
    cats = [str(c) for c in categories]
    names = [str(s) for s in series]
    values = [[None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v) for v in series[s]]
              for s in series]
    for name, vals in zip(names, values):
        if len(vals) != len(cats):
            raise ValueError(f"series {name!r} has {len(vals)} values for {len(cats)} categories")
    finite = [v for vals in values for v in vals if v is not None] + [m for m in (markers or []) if m is not None]
    top, step = _nice_max(max_value if max_value is not None else max(finite, default=1.0))
    ticks = [i * step for i in range(int(round(top / step)) + 1)]
    cid = _chart_id("bar", title, cats, names, values)
    desc = desc or f"{title}: " + "; ".join(
        f"{c}: " + ", ".join(f"{n} {fmt_num(v[i], lang)}" for n, v in zip(names, values)) for i, c in enumerate(cats))
    legend_names = names + ([marker_label] if markers is not None and marker_label else [])

    def swatch(k):
        if k < len(names):
            return f"<rect width='16' height='12' y='4' fill='{PALETTE[k % len(PALETTE)]}'/>"
        return "<line x1='8' x2='8' y1='0' y2='20' stroke='#000' stroke-width='2'/>"

    n_series = max(len(names), 1)
    title_h = 28 if show_title else 4
    out: list[str] = []
    if orientation == "horizontal":
        left = min(max((_text_width(c) for c in cats), default=40) + 12, width * 0.5)
        plot_w = width - left - 24
        bar_h, gap = 11, 10
        group_h = n_series * bar_h + gap
        legend_svg, legend_h = _legend(legend_names, width - 10, 0, swatch)
        plot_top = title_h + legend_h + 8
        plot_h = group_h * len(cats)
        height = plot_top + plot_h + 44
        sx = lambda v: left + plot_w * min(v, top) / top  # noqa: E731
        out.append(_svg_open(cid, width, height, title, desc))
        if show_title:
            out.append(f"<text x='0' y='18' font-size='14' font-weight='600'>{esc(title)}</text>")
        out.append(f"<g class='legend' transform='translate(0,{title_h})'>{legend_svg}</g>")
        for t in ticks:
            x = sx(t)
            out.append(f"<line x1='{x:.1f}' x2='{x:.1f}' y1='{plot_top}' y2='{plot_top + plot_h}' stroke='#ddd'/>"
                       f"<text x='{x:.1f}' y='{plot_top + plot_h + 15}' text-anchor='middle'>{esc(_fmt_tick(t, lang))}</text>")
        for i, c in enumerate(cats):
            y0 = plot_top + i * group_h + gap / 2
            out.append(f"<text x='{left - 8:.1f}' y='{y0 + n_series * bar_h / 2:.1f}' text-anchor='end' "
                       f"dominant-baseline='middle'>{esc(c)}</text>")
            for k, vals in enumerate(values):
                v = vals[i]
                if v is None:
                    continue
                out.append(f"<rect x='{left:.1f}' y='{y0 + k * bar_h:.1f}' width='{max(sx(v) - left, 0):.1f}' "
                           f"height='{bar_h - 1}' fill='{PALETTE[k % len(PALETTE)]}' class='data'>"
                           f"<title>{esc(c)} — {esc(names[k])}: {esc(fmt_num(v, lang))}</title></rect>")
            if markers is not None and markers[i] is not None:
                x = sx(markers[i])
                out.append(f"<line x1='{x:.1f}' x2='{x:.1f}' y1='{y0 - 2:.1f}' y2='{y0 + n_series * bar_h + 1:.1f}' "
                           "stroke='#000' stroke-width='2' class='data'/>")
        out.append(f"<line x1='{left:.1f}' x2='{left:.1f}' y1='{plot_top}' y2='{plot_top + plot_h}' stroke='#333'/>")
        out.append(f"<text x='{left + plot_w / 2:.1f}' y='{plot_top + plot_h + 36}' text-anchor='middle' "
                   f"font-weight='600'>{esc(value_label)}</text>")
        if category_label:
            out.append(f"<text x='{left - 8:.1f}' y='{plot_top - 6}' text-anchor='end' font-weight='600'>"
                       f"{esc(category_label)}</text>")
    else:
        left = max(_text_width(_fmt_tick(top, lang)) + 30, 56)
        plot_w = width - left - 16
        group_w = plot_w / max(len(cats), 1)
        bar_w = max(min((group_w * 0.8) / n_series, 28), 1)
        longest = max((_text_width(c) for c in cats), default=10)
        rotate = longest > group_w - 4
        cat_h = longest * 0.72 + 14 if rotate else 20
        legend_svg, legend_h = _legend(legend_names, width - 10, 0, swatch)
        plot_top = title_h + legend_h + 10
        plot_h = 260
        height = plot_top + plot_h + cat_h + (28 if category_label else 8)
        sy = lambda v: plot_top + plot_h - plot_h * min(v, top) / top  # noqa: E731
        out.append(_svg_open(cid, width, height, title, desc))
        if show_title:
            out.append(f"<text x='0' y='18' font-size='14' font-weight='600'>{esc(title)}</text>")
        out.append(f"<g class='legend' transform='translate(0,{title_h})'>{legend_svg}</g>")
        for t in ticks:
            y = sy(t)
            out.append(f"<line x1='{left:.1f}' x2='{left + plot_w:.1f}' y1='{y:.1f}' y2='{y:.1f}' stroke='#ddd'/>"
                       f"<text x='{left - 6:.1f}' y='{y:.1f}' text-anchor='end' dominant-baseline='middle'>"
                       f"{esc(_fmt_tick(t, lang))}</text>")
        for i, c in enumerate(cats):
            gx = left + i * group_w + (group_w - bar_w * n_series) / 2
            for k, vals in enumerate(values):
                v = vals[i]
                if v is None:
                    continue
                out.append(f"<rect x='{gx + k * bar_w:.1f}' y='{sy(v):.1f}' width='{bar_w - 1:.1f}' "
                           f"height='{plot_top + plot_h - sy(v):.1f}' fill='{PALETTE[k % len(PALETTE)]}' class='data'>"
                           f"<title>{esc(c)} — {esc(names[k])}: {esc(fmt_num(v, lang))}</title></rect>")
            if markers is not None and markers[i] is not None:
                y = sy(markers[i])
                out.append(f"<line x1='{gx - 2:.1f}' x2='{gx + bar_w * n_series + 1:.1f}' y1='{y:.1f}' y2='{y:.1f}' "
                           "stroke='#000' stroke-width='2' class='data'/>")
            cx = left + (i + 0.5) * group_w
            ly = plot_top + plot_h + 14
            if rotate:
                out.append(f"<text transform='translate({cx:.1f},{ly:.1f}) rotate(-40)' text-anchor='end'>{esc(c)}</text>")
            else:
                out.append(f"<text x='{cx:.1f}' y='{ly:.1f}' text-anchor='middle'>{esc(c)}</text>")
        out.append(f"<line x1='{left:.1f}' x2='{left + plot_w:.1f}' y1='{plot_top + plot_h}' y2='{plot_top + plot_h}' "
                   "stroke='#333'/>")
        out.append(f"<text transform='translate(14,{plot_top + plot_h / 2:.1f}) rotate(-90)' text-anchor='middle' "
                   f"font-weight='600'>{esc(value_label)}</text>")
        if category_label:
            out.append(f"<text x='{left + plot_w / 2:.1f}' y='{height - 8:.1f}' text-anchor='middle' "
                       f"font-weight='600'>{esc(category_label)}</text>")
    out.append("</svg>")
    return "".join(out)


def svg_line_chart(x_labels: Sequence[str], series: Mapping[str, Sequence[float | None]], *, title: str,
                   y_label: str, x_label: str = "", lang: str = "vi", max_value: float | None = None,
                   flagged: Mapping[str, Sequence[bool]] | None = None, flag_label: str | None = None,
                   width: int = 860, height: int = 300, desc: str | None = None, show_title: bool = True) -> str:
    """A line chart (one line per series over ordered x values) as inline SVG.

    Parameters
    ----------
    x_labels : list of str
        The x positions, in order (e.g. periods ``"2025-01"``).
    series : mapping
        Series name → one value per x (``None`` leaves a gap).
    title : str
        Shown above the chart and as the SVG ``<title>``.
    y_label, x_label : str
        Axis titles.
    lang : {"vi", "en"}
        Number format of the ticks.
    max_value : float, optional
        y-axis maximum (default: a round number above the largest value).
    flagged : mapping, optional
        Series name → one bool per x: points drawn with a large ring (e.g.
        changes beyond chance), named ``flag_label`` in the legend.
    width, height : int
        Size of the drawing (plot area height) in px; it scales with the page.
    desc : str, optional
        Accessible description (default: generated from the data).
    show_title : bool
        Draw the title in the chart (it is always the SVG's accessible ``<title>``);
        turn it off when the page shows it as a caption.

    Returns
    -------
    str
        An ``<svg>`` element. Lines differ by colour, dash pattern and marker
        order, so they stay apart in grey print too.
    """
    check_lang(lang)
    xs = [str(x) for x in x_labels]
    names = [str(s) for s in series]
    values = [[None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v) for v in series[s]]
              for s in series]
    for name, vals in zip(names, values):
        if len(vals) != len(xs):
            raise ValueError(f"series {name!r} has {len(vals)} values for {len(xs)} x positions")
    finite = [v for vals in values for v in vals if v is not None]
    top, step = _nice_max(max_value if max_value is not None else max(finite, default=1.0))
    ticks = [i * step for i in range(int(round(top / step)) + 1)]
    cid = _chart_id("line", title, xs, names, values)
    desc = desc or f"{title}: " + "; ".join(
        f"{n}: " + ", ".join(f"{x} {fmt_num(v, lang)}" for x, v in zip(xs, vals) if v is not None)
        for n, vals in zip(names, values))
    has_flags = bool(flagged) and any(any(f) for f in flagged.values())
    legend_names = names + ([flag_label] if has_flags and flag_label else [])

    def swatch(k):
        if k < len(names):
            col, dash = PALETTE[k % len(PALETTE)], _DASHES[k % len(_DASHES)]
            return (f"<line x1='0' x2='18' y1='10' y2='10' stroke='{col}' stroke-width='2.5' "
                    f"stroke-dasharray='{dash}'/><circle cx='9' cy='10' r='3' fill='{col}'/>")
        return "<circle cx='9' cy='10' r='6' fill='none' stroke='#000' stroke-width='2'/>"

    title_h = 28 if show_title else 4
    left = max(_text_width(_fmt_tick(top, lang)) + 30, 56)
    right = 16 + _text_width(xs[-1]) / 2 if xs else 16
    plot_w = width - left - right
    legend_svg, legend_h = _legend(legend_names, width - 10, 0, swatch)
    plot_top = title_h + legend_h + 10
    n = len(xs)
    slot = plot_w / max(n, 1)
    longest = max((_text_width(x) for x in xs), default=10)
    every = max(1, math.ceil(longest / max(slot, 1)))  # label every k-th x when they would collide
    x_h = 22
    total_h = plot_top + height + x_h + (26 if x_label else 6)
    sx = lambda i: left + slot * (i + 0.5)  # noqa: E731
    sy = lambda v: plot_top + height - height * min(v, top) / top  # noqa: E731
    out = [_svg_open(cid, width, total_h, title, desc),
           f"<text x='0' y='18' font-size='14' font-weight='600'>{esc(title)}</text>" if show_title else "",
           f"<g class='legend' transform='translate(0,{title_h})'>{legend_svg}</g>"]
    for t in ticks:
        y = sy(t)
        out.append(f"<line x1='{left:.1f}' x2='{left + plot_w:.1f}' y1='{y:.1f}' y2='{y:.1f}' stroke='#ddd'/>"
                   f"<text x='{left - 6:.1f}' y='{y:.1f}' text-anchor='end' dominant-baseline='middle'>"
                   f"{esc(_fmt_tick(t, lang))}</text>")
    for i, x in enumerate(xs):
        if i % every == 0 or i == n - 1 and (n - 1) % every == 0:
            out.append(f"<text x='{sx(i):.1f}' y='{plot_top + height + 16:.1f}' text-anchor='middle'>{esc(x)}</text>")
    out.append(f"<line x1='{left:.1f}' x2='{left + plot_w:.1f}' y1='{plot_top + height}' y2='{plot_top + height}' "
               "stroke='#333'/>")
    for k, (name, vals) in enumerate(zip(names, values)):
        col, dash = PALETTE[k % len(PALETTE)], _DASHES[k % len(_DASHES)]
        segs, cur = [], []
        for i, v in enumerate(vals):
            if v is None:
                if cur:
                    segs.append(cur)
                cur = []
            else:
                cur.append(f"{sx(i):.1f},{sy(v):.1f}")
        if cur:
            segs.append(cur)
        for seg in segs:
            out.append(f"<polyline class='data' fill='none' stroke='{col}' stroke-width='2.5' stroke-dasharray='{dash}' "
                       f"points='{' '.join(seg)}'/>")
        flags = list((flagged or {}).get(name, [False] * n))
        for i, v in enumerate(vals):
            if v is None:
                continue
            out.append(f"<circle class='data' cx='{sx(i):.1f}' cy='{sy(v):.1f}' r='3.2' fill='{col}'>"
                       f"<title>{esc(name)} — {esc(xs[i])}: {esc(fmt_num(v, lang))}</title></circle>")
            if i < len(flags) and flags[i]:
                out.append(f"<circle class='data' cx='{sx(i):.1f}' cy='{sy(v):.1f}' r='7' fill='none' stroke='#000' "
                           "stroke-width='2'/>")
    out.append(f"<text transform='translate(14,{plot_top + height / 2:.1f}) rotate(-90)' text-anchor='middle' "
               f"font-weight='600'>{esc(y_label)}</text>")
    if x_label:
        out.append(f"<text x='{left + plot_w / 2:.1f}' y='{total_h - 8:.1f}' text-anchor='middle' "
                   f"font-weight='600'>{esc(x_label)}</text>")
    out.append("</svg>")
    return "".join(out)


def legend_html(names: Sequence[str], *, title: str | None = None, threshold_label: str | None = None) -> str:
    """A legend in HTML (for a grid of small charts that share one), in :data:`PALETTE` order."""
    items = "".join(f"<li><span class='sw' style='background:{PALETTE[k % len(PALETTE)]}'></span>{esc(n)}</li>"
                    for k, n in enumerate(names))
    if threshold_label:
        items += f"<li><span class='sw line'></span>{esc(threshold_label)}</li>"
    head = f"<span class='note'>{esc(title)}:</span> " if title else ""
    return f"<div class='legend'>{head}<ul>{items}</ul></div>"


def svg_histogram(series: Mapping[str, Sequence[float]], *, title: str, x_label: str, y_label: str,
                  lang: str = "vi", bins: int = 10, value_range: tuple[float, float] = (0.0, 1.0),
                  threshold: float | None = None, normalize: bool = True, width: int = 300, height: int = 150,
                  desc: str | None = None, show_title: bool = False) -> str:
    """Overlaid histograms of values (e.g. model scores), as a small inline SVG with no legend of its own.

    Parameters
    ----------
    series : mapping
        Series name → values; bars of the series sit side by side within each bin,
        coloured in :data:`PALETTE` order (pair the chart with :func:`legend_html`).
    title, x_label, y_label : str
        Chart title and axis titles.
    lang : {"vi", "en"}
    bins : int
        Equal-width bins over ``value_range``.
    threshold : float, optional
        Drawn as a vertical black line.
    normalize : bool, default=True
        Heights are each series' share of its own values (so a small series stays visible).
    width, height : int
        Drawing size (plot area height) in px; it scales with the page.
    desc : str, optional
        Accessible description (default: generated from the data).
    show_title : bool, default=False
        Draw the title in the chart (a small chart in a grid is better captioned
        in HTML, where long titles wrap); it is always the SVG's ``<title>``.
    """
    check_lang(lang)
    lo, hi = value_range
    names = [str(n) for n in series]
    counts = []
    for n in series:
        vals = [float(v) for v in series[n]]
        c = [0] * bins
        for v in vals:
            if lo <= v <= hi:
                c[min(int((v - lo) / (hi - lo) * bins), bins - 1)] += 1
        total = sum(c)
        counts.append([x / total if total else 0.0 for x in c] if normalize else [float(x) for x in c])
    top, step = _nice_max(max((v for c in counts for v in c), default=1.0) or 1.0)
    ticks = [i * step for i in range(int(round(top / step)) + 1)]
    cid = _chart_id("hist", title, names, counts)
    desc = desc or f"{title}: " + "; ".join(
        f"{n}: " + ", ".join(fmt_num(v, lang) for v in c) for n, c in zip(names, counts))
    left = max(_text_width(_fmt_tick(top, lang)) + 26, 50)
    plot_w = width - left - 12
    title_h = 22 if show_title else 8
    total_h = title_h + height + 44
    sx = lambda v: left + plot_w * (v - lo) / (hi - lo)  # noqa: E731
    sy = lambda v: title_h + height - height * min(v, top) / top  # noqa: E731
    out = [_svg_open(cid, width, total_h, title, desc),
           f"<text x='{left:.1f}' y='15' font-weight='600'>{esc(title)}</text>" if show_title else ""]
    for t in ticks:
        y = sy(t)
        out.append(f"<line x1='{left:.1f}' x2='{left + plot_w:.1f}' y1='{y:.1f}' y2='{y:.1f}' stroke='#e3e3e3'/>"
                   f"<text x='{left - 5:.1f}' y='{y:.1f}' text-anchor='end' dominant-baseline='middle' "
                   f"font-size='10'>{esc(_fmt_tick(t, lang))}</text>")
    bw = (hi - lo) / bins
    n_series = max(len(names), 1)
    for k, c in enumerate(counts):
        for b, v in enumerate(c):
            if v <= 0:
                continue
            x0 = sx(lo + b * bw) + 1 + k * (plot_w / bins - 2) / n_series
            out.append(f"<rect class='data' x='{x0:.1f}' y='{sy(v):.1f}' width='{(plot_w / bins - 2) / n_series:.1f}' "
                       f"height='{title_h + height - sy(v):.1f}' fill='{PALETTE[k % len(PALETTE)]}'>"
                       f"<title>{esc(names[k])}: {esc(fmt_num(lo + b * bw, lang, 1))}–"
                       f"{esc(fmt_num(lo + (b + 1) * bw, lang, 1))}: {esc(fmt_num(v, lang))}</title></rect>")
    if threshold is not None:
        x = sx(min(max(threshold, lo), hi))
        out.append(f"<line class='data' x1='{x:.1f}' x2='{x:.1f}' y1='{title_h:.1f}' y2='{title_h + height:.1f}' "
                   "stroke='#000' stroke-width='1.5' stroke-dasharray='4 2'/>")
    base = title_h + height
    out.append(f"<line x1='{left:.1f}' x2='{left + plot_w:.1f}' y1='{base}' y2='{base}' stroke='#333'/>")
    for v in (lo, (lo + hi) / 2, hi):
        out.append(f"<text x='{sx(v):.1f}' y='{base + 13}' text-anchor='middle' font-size='10'>"
                   f"{esc(_fmt_tick(v, lang))}</text>")
    out.append(f"<text x='{left + plot_w / 2:.1f}' y='{base + 32}' text-anchor='middle' font-size='11'>"
               f"{esc(x_label)}</text>")
    out.append(f"<text transform='translate(11,{title_h + height / 2:.1f}) rotate(-90)' text-anchor='middle' "
               f"font-size='11'>{esc(y_label)}</text>")
    out.append("</svg>")
    return "".join(out)
