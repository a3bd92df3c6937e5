"""The summary as one self-contained HTML page (Vietnamese by default), built from :mod:`conduct_nlp.html_page`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..html_page import (check_lang, esc, fmt_int, fmt_num, highlight, label_display, model_info, render_page,
                         scroll, svg_bar_chart, svg_line_chart)
from ..labels import LABELS, NORM_CODES, VERDICTS
from .tally import ALL, MISSING_GROUP

__all__ = ["summary_html", "TEXTS"]

#: This page's interface strings: ``TEXTS[lang][key]``.
TEXTS: dict[str, dict[str, str]] = {
    "vi": {
        "title": "Tổng hợp bình luận đã phân loại", "overview": "Tổng quan",
        "rows_read": "Số dòng đã đọc", "rows_counted": "Số bình luận được tính",
        "error_rows": "Dòng lỗi (không phân loại được, không tính vào tỉ lệ)",
        "date_problems": "Dòng không có ngày đọc được (không tính vào xu hướng)",
        "labels_from": "Nhãn đọc từ cột", "evidence_from": "Cụm từ bằng chứng lấy từ mô hình ở phần đầu trang; "
        "hãy dùng đúng mô hình đã phân loại tệp này.",
        "problems": "Các dòng bị loại ra", "problem": "Vấn đề", "kind": "Loại", "count": "Số dòng",
        "example_rows": "Ví dụ (số dòng trong tệp)", "effect": "Ảnh hưởng",
        "error row": "dòng lỗi", "date": "ngày", "missing date": "thiếu ngày",
        "unparseable date": "ngày không đọc được",
        "excluded from every count": "không tính vào bất kỳ con số nào",
        "counted in groups, left out of the trend": "có tính theo nhóm, không tính vào xu hướng",
        "all": "Toàn bộ bình luận", "per_100": "trên 100 bình luận", "rate_chart": "Tỉ lệ theo chuẩn mực",
        "ci": "khoảng tin cậy 95%", "n": "Số bình luận", "labels_count": "Số bình luận có nhãn",
        "trend": "Xu hướng theo thời gian", "trend_chart": "Vi phạm trên 100 bình luận, theo",
        "month": "tháng", "week": "tuần", "quarter": "quý", "period": "Kỳ",
        "flagged": "thay đổi vượt mức ngẫu nhiên", "flag_table": "Các thay đổi vượt mức ngẫu nhiên",
        "no_flags": "Không có thay đổi nào vượt mức ngẫu nhiên.", "group": "Nhóm",
        "change": "Thay đổi (trên 100)", "before_after": "Trước → sau (trên 100)", "p_adj": "p đã hiệu chỉnh",
        "test": "Kiểm định", "z": "z hai tỉ lệ", "fisher": "Fisher chính xác",
        "by": "Theo", "errors": "Dòng lỗi", "small": "ít dữ liệu",
        "small_note": "Nhóm có dưới {min} bình luận được đánh dấu «ít dữ liệu», không xếp hạng và không kiểm định.",
        "top": "Tỉ lệ vi phạm cao nhất", "rank": "Hạng", "no_top": "Không có nhóm nào đủ {min} bình luận.",
        "examples": "Bình luận ví dụ", "examples_note": "Cụm từ được tô màu là bằng chứng mô hình dựa vào "
        "để gán nhãn; chọn các bình luận có điểm cao nhất.", "score": "điểm", "row": "dòng",
        "no_examples": "Không có ví dụ.",
        "method": "Phương pháp",
        "method_ci": "Tỉ lệ kèm khoảng tin cậy Wilson 95%.",
        "method_trend": "Mỗi kỳ được so với kỳ liền trước có dữ liệu bằng kiểm định z hai tỉ lệ (gộp), hoặc "
        "kiểm định chính xác Fisher khi một ô kỳ vọng dưới 5; hiệu chỉnh Holm trên sáu chuẩn mực cùng loại "
        "(vi phạm hoặc thực hiện tốt) của một lần so sánh; đánh dấu khi p đã hiệu chỉnh < {alpha}. Hiệu chỉnh "
        "không bao gồm các nhóm và các kỳ khác nhau: với nhiều đơn vị và nhiều tháng, sẽ có vài đánh dấu do "
        "ngẫu nhiên (khoảng 1 lần so sánh trên 20) — một đánh dấu đơn lẻ là gợi ý để xem xét, chưa phải kết luận.",
        "method_labels": "Nhãn là dự đoán của mô hình, không phải đánh giá của con người; mô hình có sai số "
        "(xem models/README.md).",
    },
    "en": {
        "title": "Summary of classified comments", "overview": "Overview",
        "rows_read": "Rows read", "rows_counted": "Comments counted",
        "error_rows": "Error rows (could not be classified; left out of every rate)",
        "date_problems": "Rows without a readable date (left out of the trend)",
        "labels_from": "Labels read from column", "evidence_from": "Evidence phrases come from the model in the "
        "header; use the model that classified this file.",
        "problems": "Rows left out", "problem": "Problem", "kind": "Kind", "count": "Rows",
        "example_rows": "For example (line numbers in the file)", "effect": "Effect",
        "error row": "error row", "date": "date", "missing date": "missing date",
        "unparseable date": "unparseable date",
        "excluded from every count": "excluded from every count",
        "counted in groups, left out of the trend": "counted in groups, left out of the trend",
        "all": "All comments", "per_100": "per 100 comments", "rate_chart": "Rates per norm",
        "ci": "95% interval", "n": "Comments", "labels_count": "Comments with the label",
        "trend": "Over time", "trend_chart": "Violations per 100 comments, by",
        "month": "month", "week": "week", "quarter": "quarter", "period": "Period",
        "flagged": "change beyond chance", "flag_table": "Changes beyond chance",
        "no_flags": "No change beyond chance.", "group": "Group",
        "change": "Change (per 100)", "before_after": "Before → after (per 100)", "p_adj": "Adjusted p",
        "test": "Test", "z": "two-proportion z", "fisher": "Fisher's exact",
        "by": "By", "errors": "Error rows", "small": "small",
        "small_note": "Groups with fewer than {min} comments are marked “small”, never ranked and never tested.",
        "top": "Highest violation rates", "rank": "Rank", "no_top": "No group has {min} comments.",
        "examples": "Example comments", "examples_note": "Highlighted phrases are the evidence the model relied "
        "on; the comments with the highest scores are shown.", "score": "score", "row": "line",
        "no_examples": "No examples.",
        "method": "Method",
        "method_ci": "Rates with 95% Wilson score intervals.",
        "method_trend": "Each period is compared with the previous period that has data by a pooled two-proportion "
        "z-test, or Fisher's exact test when an expected cell count is below 5; Holm correction across the six "
        "norms of one verdict in one comparison; flagged when the adjusted p < {alpha}. The correction does not "
        "span groups and periods: with many offices and months a few flags arise by chance (about 1 comparison "
        "in 20) — a single flag is a lead to look into, not a finding.",
        "method_labels": "Labels are the model's predictions, not human judgements; the model makes mistakes "
        "(see models/README.md).",
    },
}


def _t(key: str, lang: str) -> str:
    return TEXTS[check_lang(lang)].get(key, key)


def _norm_name(norm: str, lang: str) -> str:
    return label_display(f"{norm}:violation", lang).split(" — ")[0]


def _per100(x: float | None, lang: str) -> str:
    return fmt_num(None if x is None else 100 * x, lang, 1)


def _ci(r: dict, lang: str) -> str:
    return f"{_per100(r['ci_low'], lang)}–{_per100(r['ci_high'], lang)}"


def _table(head: list[str], rows: list[list[str]], num_from: int = 1) -> str:
    """A table; cells from column ``num_from`` on are right-aligned numbers. Cells are HTML already."""
    # headers wrap (long norm names) and the first column keeps room for office names
    th = "".join(f"<th scope='col' style='white-space:normal{';text-align:right' if i >= num_from else ''}"
                 f"{';min-width:11rem' if i == 0 else ''}'>{h}</th>" for i, h in enumerate(head))
    body = "".join("<tr>" + "".join(f"<td{' class=num' if i >= num_from else ''}>{c}</td>" for i, c in enumerate(r))
                   + "</tr>" for r in rows)
    return scroll(f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>")


def _overview(summary, lang: str) -> str:
    info, tables = summary.info, summary.tables
    facts = [("rows_read", info["rows_read"]), ("rows_counted", info["rows_counted"]),
             ("error_rows", info["error_rows"])]
    if info["time_column"]:
        facts.append(("date_problems", info["date_problems"]))
    rows = "".join(f"<tr><th scope='row'>{esc(_t(k, lang))}</th><td class='num'>{esc(fmt_int(v, lang))}</td></tr>"
                   for k, v in facts)
    out = [f"<section id='overview'><h2>{esc(_t('overview', lang))}</h2>", scroll(f"<table>{rows}</table>")]
    note = f"{esc(_t('labels_from', lang))} <code>{esc(info['labels_column'] or '—')}</code>."
    if info["examples"]:
        note += " " + esc(_t("evidence_from", lang))
    out.append(f"<p class='note'>{note}</p>")
    if tables["errors"]:
        out.append(f"<h3>{esc(_t('problems', lang))}</h3>")
        out.append(_table([esc(_t(k, lang)) for k in ("problem", "kind", "effect", "count", "example_rows")],
                          [[esc(_t(e["problem"], lang)), esc(_t(e["kind"], lang)), esc(_t(e["effect"], lang)),
                            esc(fmt_int(e["count"], lang)),
                            esc(", ".join(map(str, e["example_rows"])) + (" …" if e["count"] > len(e["example_rows"])
                                                                         else ""))] for e in tables["errors"]],
                          num_from=3))
    out.append("</section>")
    return "\n".join(out)


def _overall(summary, lang: str) -> str:
    from ..html_page import tr

    rows = {r["label"]: r for r in summary.tables["groups"] if r["group_by"] == ALL}
    if not rows:
        return ""
    norms = [_norm_name(n, lang) for n in NORM_CODES]
    series = {tr(v, lang): [100 * (rows[f"{n}:{v}"]["rate"] or 0) for n in NORM_CODES] for v in VERDICTS}
    n = rows[LABELS[0]]["n"]
    chart = svg_bar_chart(norms, series, title=f"{_t('rate_chart', lang)} ({fmt_int(n, lang)} {tr('comments', lang)})",
                          value_label=_t("per_100", lang), lang=lang)
    table = _table([esc(tr("label", lang)), esc(_t("labels_count", lang)), esc(_t("per_100", lang)),
                    esc(_t("ci", lang))],
                   [[esc(label_display(c, lang)), esc(fmt_int(rows[c]["count"], lang)),
                     esc(_per100(rows[c]["rate"], lang)), esc(_ci(rows[c], lang))] for c in LABELS])
    return (f"<section id='overall'><h2>{esc(_t('all', lang))}</h2><figure>{chart}</figure>{table}</section>")


def _p_value(p: float, lang: str) -> str:
    return fmt_num(p, lang, 4) if p >= 1e-4 else "< " + fmt_num(1e-4, lang, 4)


def _flag_rows(trend: list[dict], lang: str) -> list[list[str]]:
    out = []
    for r in trend:
        if not r["significant"]:
            continue
        group = _t("all", lang) if r["group_by"] == ALL else f"{r['group_by']}: {r['group']}"
        before = r["per_100"] - r["change_per_100"]
        out.append([esc(group), esc(f"{r['prev_period']} → {r['period']}"), esc(label_display(r["label"], lang)),
                    esc(f"{fmt_num(before, lang, 1)} → {fmt_num(r['per_100'], lang, 1)}"),
                    esc(("+" if r["change_per_100"] > 0 else "") + fmt_num(r["change_per_100"], lang, 1)),
                    esc(_p_value(r["p_adjusted"], lang)),
                    esc(_t(r["test"], lang))])
    return out


def _trend(summary, lang: str) -> str:
    from ..html_page import tr

    info = summary.info
    if not info["time_column"]:
        return ""
    rows = [r for r in summary.tables["trend"] if r["group_by"] == ALL]
    periods = sorted({r["period"] for r in rows})
    by_key = {(r["period"], r["label"]): r for r in rows}
    series, flagged = {}, {}
    for norm in NORM_CODES:
        name = _norm_name(norm, lang)
        cells = [by_key.get((p, f"{norm}:violation")) for p in periods]
        series[name] = [c["per_100"] if c else None for c in cells]
        flagged[name] = [bool(c and c["significant"]) for c in cells]
    out = [f"<section id='trend'><h2>{esc(_t('trend', lang))}</h2>"]
    if periods:
        out.append("<figure>" + svg_line_chart(
            periods, series, title=f"{_t('trend_chart', lang)} {_t(info['period'], lang)}",
            y_label=_t("per_100", lang), x_label=_t("period", lang), lang=lang, flagged=flagged,
            flag_label=_t("flagged", lang)) + "</figure>")
    flags = _flag_rows(summary.tables["trend"], lang)
    out.append(f"<h3>{esc(_t('flag_table', lang))}</h3>")
    if flags:
        out.append(_table([esc(_t(k, lang)) for k in ("group", "period")] + [esc(tr("label", lang))]
                          + [esc(_t(k, lang)) for k in ("before_after", "change", "p_adj", "test")], flags,
                          num_from=3))
    else:
        out.append(f"<p>{esc(_t('no_flags', lang))}</p>")
    out.append("</section>")
    return "\n".join(out)


def _group_rows(summary, col: str) -> list[tuple[str, dict]]:
    """``(group, {label: record})`` of one ``by`` column, the largest group first."""
    groups: dict[str, dict] = {}
    for r in summary.tables["groups"]:
        if r["group_by"] == col:
            groups.setdefault(r["group"], {})[r["label"]] = r
    return sorted(groups.items(), key=lambda kv: (kv[0] == MISSING_GROUP, -kv[1][LABELS[0]]["n"], kv[0]))


def _by_section(summary, col: str, lang: str, shown: int = 3) -> str:
    from ..html_page import tr

    min_count = summary.info["min_count"]
    small = f" <span class='note'>({esc(_t('small', lang))})</span>"
    rows = []
    for group, recs in _group_rows(summary, col):
        first = recs[LABELS[0]]
        cells = [esc(group) + (small if first["small_group"] else ""), esc(fmt_int(first["n"], lang)),
                 esc(fmt_int(first["errors"], lang))]
        for norm in NORM_CODES:
            r = recs[f"{norm}:violation"]
            cells.append(f"{esc(_per100(r['rate'], lang))}<br><span class='note'>{esc(_ci(r, lang))}</span>")
        rows.append(cells)
    head = [esc(col), esc(_t("n", lang)), esc(_t("errors", lang))] + [
        esc(_norm_name(n, lang)) for n in NORM_CODES]
    out = [f"<section id='by-{esc(col)}'><h2>{esc(_t('by', lang))} {esc(col)}</h2>",
           f"<p class='note'>{esc(tr('violation', lang))}, {esc(_t('per_100', lang))} ({esc(_t('ci', lang))}). "
           f"{esc(_t('small_note', lang).format(min=min_count))}</p>", _table(head, rows)]
    top = [r for r in summary.tables["top"] if r["group_by"] == col and r["rank"] <= shown]
    out.append(f"<h3>{esc(_t('top', lang))}</h3>")
    if top:
        out.append(_table([esc(tr("norm", lang)), esc(_t("rank", lang)), esc(col), esc(_t("per_100", lang)),
                           esc(_t("ci", lang)), esc(_t("n", lang))],
                          [[esc(_norm_name(r["norm"], lang)), str(r["rank"]), esc(r["group"]),
                            esc(_per100(r["rate"], lang)), esc(_ci(r, lang)), esc(fmt_int(r["n"], lang))]
                           for r in top], num_from=3))
    else:
        out.append(f"<p>{esc(_t('no_top', lang).format(min=min_count))}</p>")
    out.append("</section>")
    return "\n".join(out)


def _examples(summary, lang: str) -> str:
    info = summary.info
    if not info["examples"]:
        return ""
    by_label: dict[str, list[dict]] = {}
    for r in summary.tables["examples"]:
        by_label.setdefault(r["label"], []).append(r)
    out = [f"<section id='examples'><h2>{esc(_t('examples', lang))}</h2>",
           f"<p class='note'>{esc(_t('examples_note', lang))}</p>"]
    for code in LABELS:
        out.append(f"<h3>{esc(label_display(code, lang))}</h3>")
        items = by_label.get(code, [])
        if not items:
            out.append(f"<p class='note'>{esc(_t('no_examples', lang))}</p>")
            continue
        lis = []
        for r in items:
            meta = [str(r[c]) for c in info["by"] if r.get(c) is not None]
            meta += [str(r["period"])] if r.get("period") else []
            meta += [f"{_t('score', lang)} {fmt_num(r['score'], lang)}"] if r.get("score") is not None else []
            meta += [f"#{r['id']}" if r.get("id") else f"{_t('row', lang)} {r['row']}"]
            lis.append(f"<li><span class='text'>{highlight(r['text'], r['spans'] or [])}</span>"
                       f"<br><span class='note'>{esc(' · '.join(meta))}</span></li>")
        out.append(f"<ol>{''.join(lis)}</ol>")
    out.append("</section>")
    return "\n".join(out)


def _method(summary, lang: str) -> str:
    info = summary.info
    parts = [_t("method_ci", lang)]
    if info["time_column"]:
        parts.append(_t("method_trend", lang).format(alpha=fmt_num(info["alpha"], lang)))
    parts.append(_t("small_note", lang).format(min=info["min_count"]))
    parts.append(_t("method_labels", lang))
    return (f"<section id='method'><h2>{esc(_t('method', lang))}</h2>"
            + "".join(f"<p>{esc(p)}</p>" for p in parts) + "</section>")


def summary_html(summary, lang: str = "vi") -> str:
    """The summary as one self-contained HTML page (inline CSS and SVG, no script, no network).

    Parameters
    ----------
    summary : Summary
        What :func:`conduct_nlp.summarize` returned.
    lang : {"vi", "en"}, default "vi"
        Language of the page and of the label names (:func:`conduct_nlp.label_name`).

    Returns
    -------
    str
        The HTML document: a header naming the model that gave the evidence, the
        input file and its row count; overview and rows left out; rates per norm;
        the trend with its flagged changes; one section per ``by`` column with
        the ranking; example comments with their evidence highlighted; the method.
    """
    check_lang(lang)
    info = summary.info
    header: dict[str, Any] = {"model": summary.model_ref}
    if summary.model is not None:
        header.update(model_info(summary.model, summary.model_ref))
    header.update(input=info["input"], input_rows=info["rows_read"], generated=info["generated"])
    name = Path(info["input"]).name if info["input"] not in ("the DataFrame", "the rows") else info["input"]
    body = [_overview(summary, lang), _overall(summary, lang), _trend(summary, lang)]
    body += [_by_section(summary, col, lang) for col in info["by"]]
    body += [_examples(summary, lang), _method(summary, lang)]
    return render_page(title=f"{_t('title', lang)}: {name}", body="\n".join(b for b in body if b), info=header,
                       lang=lang)
