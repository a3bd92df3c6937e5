"""The shared HTML building blocks: strings, header block, page shell, SVG charts, highlighting."""
from __future__ import annotations

import re

import pytest

import conduct_nlp
from conduct_nlp import html_page as hp
from conduct_nlp.svg_charts import text_width


def test_texts_exist_in_both_languages_and_lang_is_checked():
    assert set(hp.TEXTS) == {"vi", "en"}
    assert set(hp.TEXTS["vi"]) == set(hp.TEXTS["en"])
    assert hp.tr("model", "vi") == "Mô hình" and hp.tr("model", "en") == "Model"
    with pytest.raises(ValueError, match="'vi', 'en'"):
        hp.tr("model", "fr")
    with pytest.raises(ValueError, match="'vi', 'en'"):
        hp.check_lang("VI")
    assert hp.check_lang("en") == "en"
    with pytest.raises(KeyError, match="nope"):
        hp.tr("nope", "vi")


def test_numbers_follow_the_language():
    assert hp.fmt_num(0.8512, "vi") == "0,85" and hp.fmt_num(0.8512, "en") == "0.85"
    assert hp.fmt_int(1234567, "vi") == "1.234.567" and hp.fmt_int(1234567, "en") == "1,234,567"
    assert hp.fmt_num(None, "vi") == hp.fmt_num(float("nan"), "en") == "—"


def test_model_info_from_a_loaded_model(saved_model, small_model):
    loaded = conduct_nlp.load_model(saved_model)
    info = hp.model_info(loaded, str(saved_model))
    manifest = conduct_nlp.read_manifest(saved_model)
    assert info["model"] == str(saved_model)
    assert info["sha256"] == manifest["artifact"]["sha256"]
    assert info["training_rows"] == 40 and info["model_version"] == conduct_nlp.__version__
    assert info["thresholds"] == {c: 0.5 for c in conduct_nlp.LABELS}
    assert hp.model_info(loaded)["model"] == "small.skops"  # no reference: the artifact's name
    bundled = hp.model_info(conduct_nlp.load(), "default")
    assert bundled["model"] == "default (conduct_vi.skops)" and len(bundled["sha256"]) == 64
    unsaved = hp.model_info(small_model)  # fitted, never saved: no file, no SHA-256
    assert unsaved["model"] is None and unsaved["sha256"] is None and unsaved["training_rows"] == 40


def test_header_block_shows_every_field_and_dashes_for_missing():
    sha = "ab" * 32
    thresholds = dict(zip(conduct_nlp.LABELS, [0.3, 0.4] * 6))
    html = hp.header_block({"model": "models/x.skops", "sha256": sha, "training_rows": 10605,
                            "thresholds": thresholds, "input": "data/a.csv", "input_rows": 50000,
                            "model_version": "0.0.9", "generated": "2026-01-02T03:04:05Z"}, "vi")
    assert html.count("<tr") == 8 and "table class='meta'" in html
    assert ">ababababab ab</code>".replace(" ", "") in html and sha in html  # 12 hex shown, full in the tooltip
    assert "10.605" in html and "50.000" in html and "data/a.csv" in html
    assert "0,30 / 0,40" in html
    assert "0.0.9" in html and conduct_nlp.__version__ in html
    assert "2026-01-02T03:04:05Z" in html
    empty = hp.header_block({}, "en")
    cells = re.findall(r"<td>(.*?)</td>", empty)
    assert len(cells) == 8
    assert cells[0] == cells[2] == cells[3] == cells[4] == cells[5] == cells[6] == "—"
    assert re.search(r"<time>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ</time>", empty)  # generated: now, UTC
    assert "0,50 (mọi nhãn)" in hp.header_block({"thresholds": {c: 0.5 for c in conduct_nlp.LABELS}}, "vi")


def test_render_page_is_self_contained_html5():
    page = hp.render_page(title="Báo cáo <quý 1>", body="<p>nội dung</p>", info={"input_rows": 3}, lang="vi")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="vi">' in page
    assert "<title>Báo cáo &lt;quý 1&gt;</title>" in page and '<h1 id="title">Báo cáo &lt;quý 1&gt;</h1>' in page
    assert page.index("table class='meta'") < page.index("<p>nội dung</p>")
    assert "<script" not in page and not re.search(r"(src|href)\s*=", page) and "@import" not in page
    assert "@media print" in page and "overflow-x:auto" in page and 'name="viewport"' in page
    assert '<html lang="en">' in hp.render_page(title="t", body="", info={}, lang="en")
    with pytest.raises(ValueError):
        hp.render_page(title="t", body="", info={}, lang="de")


def test_highlight_escapes_and_merges_spans():
    text = "Cán bộ <b>hách dịch</b> & quát"
    a = text.index("hách")
    out = hp.highlight(text, [(a, a + 4), (a + 2, a + 9), (text.index("quát"), len(text) + 5), (3, 3)])
    assert out == "Cán bộ &lt;b&gt;<mark>hách dịch</mark>&lt;/b&gt; &amp; <mark>quát</mark>"
    assert hp.highlight("a<b", []) == "a&lt;b"
    assert hp.merge_spans([(5, 8), (0, 2), (2, 3), (7, 9)]) == [(0, 3), (5, 9)]


def _y_of(svg: str, pattern: str) -> list[float]:
    return [float(y) for y in re.findall(pattern, svg)]


def test_bar_chart_is_accessible_scalable_and_keeps_its_legend_off_the_data():
    cats = [conduct_nlp.label_name(c, "vi") for c in conduct_nlp.LABELS]
    svg = hp.svg_bar_chart(cats, {"precision": [0.5] * 12, "recall": [0.9] * 12}, title="Tiêu đề",
                           value_label="điểm", markers=[0.4] * 12, marker_label="ngưỡng")
    assert svg.startswith("<svg") and "viewBox='0 0 " in svg and "width='100%'" in svg
    assert "<title id=" in svg and "<desc id=" in svg and "aria-labelledby=" in svg
    assert hp.PALETTE[0] in svg and hp.PALETTE[1] in svg
    legend_y = float(re.search(r"<g class='legend' transform='translate\(0,([\d.]+)\)'", svg).group(1))
    legend_rows = 1 + max(_y_of(svg, r"<g transform='translate\([\d.]+,([\d.]+)\)'><rect") or [0]) / 20
    data_top = min(_y_of(svg, r"<rect x='[\d.]+' y='([\d.]+)'[^>]*class='data'"))
    assert legend_y + 20 * legend_rows <= data_top  # the legend sits above the plotting area
    width = float(re.search(r"viewBox='0 0 (\d+) ", svg).group(1))
    label_x = float(re.search(r"<text x='([\d.]+)' y='[\d.]+' text-anchor='end' dominant-baseline='middle'>", svg).group(1))
    assert label_x >= max(text_width(c) for c in cats) and label_x < width / 2  # long names fit on the left
    for c in cats:
        assert c in svg
    with pytest.raises(ValueError, match="3 values for 12"):
        hp.svg_bar_chart(cats, {"x": [1, 2, 3]}, title="t", value_label="v")


def test_line_chart_and_histogram():
    svg = hp.svg_line_chart(["2025-01", "2025-02", "2025-03"], {"a": [1.0, None, 3.0], "b": [2.0, 2.5, 1.0]},
                            title="Xu hướng", y_label="trên 100", flagged={"a": [False, False, True]},
                            flag_label="thay đổi", lang="vi")
    assert svg.count("<polyline") == 3  # "a" has a gap: two pieces
    assert "r='7'" in svg and "thay đổi" in svg and "Xu hướng" in svg
    assert "stroke-dasharray='6 3'" in svg  # the second line differs by its dashes too (print in grey)
    hist = hp.svg_histogram({"không": [0.1, 0.15, 0.9], "có": [0.95]}, title="h", x_label="điểm",
                            y_label="tỉ lệ", threshold=0.5)
    assert hist.count("class='data'") == 4  # three non-empty bars and the threshold line
    assert "stroke-dasharray='4 2'" in hist
    assert "<div class='legend'>" in hp.legend_html(["a", "b"], threshold_label="ngưỡng")


def test_highlight_layers_mark_each_kind_and_earlier_layers_win():
    text = "ab <c> de"
    out = hp.highlight_layers(text, [("fa", [(0, 2)]), ("miss", [(1, 6), (8, 9)]), (None, [(7, 8)])])
    assert out == "<mark class='fa'>ab</mark><mark class='miss'> &lt;c&gt;</mark> <mark>d</mark><mark class='miss'>e</mark>"
    assert hp.highlight_layers(text, []) == "ab &lt;c&gt; de"
