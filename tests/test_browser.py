"""Every HTML page the library writes, rendered in real headless Chromium.

Checks the visible text (Vietnamese headings, the header block's SHA-256 prefix and row count),
that nothing is wider than the viewport at 1280 and 800 px (the document's scroll width and every
element's box), that SVG text is not cut off and legends do not cover data, and that the console
has no errors. A full-page screenshot of each page and width is kept in ``tests/artifacts/``.

Needs ``/usr/bin/chromium`` and ``/usr/bin/chromedriver`` (``.ci/run`` installs them); skipped
only when Chromium is missing.
"""
from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

import pytest

import conduct_nlp

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).parent / "artifacts"
DATA = Path(__file__).parent / "data"

pytestmark = pytest.mark.skipif(not Path("/usr/bin/chromium").exists(),
                                reason="/usr/bin/chromium is missing (apt-get install chromium chromium-driver; "
                                       ".ci/run does it)")


def _shots_module():
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts" / "screenshots.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


shots = _shots_module()


@pytest.fixture(scope="module")
def browser():
    driver = shots.chrome()
    yield driver
    driver.quit()


def _sha_prefix(model_path) -> str:
    return conduct_nlp.read_manifest(model_path)["artifact"]["sha256"][:12]


def _check_layout(browser, page: Path, name: str) -> str:
    """Load ``page`` at each width, assert it fits and is error-free, keep a screenshot; return its text."""
    text = ""
    for width in shots.WIDTHS:
        shots.load(browser, page, width)
        found = shots.problems(browser)
        assert found["scroll_width"] <= found["inner_width"], (width, found)
        assert not found["overflowing"], (width, found["overflowing"])
        assert not found["svg"], (width, found["svg"])
        assert not found["console_errors"], found["console_errors"]
        text = shots.visible_text(browser)
        shot = shots.full_screenshot(browser, ARTIFACTS / f"{name}-{width}.png")
        assert shot.stat().st_size > 20_000  # a real rendering, not a blank page
    return text


def _header_cell(browser, row: str) -> str:
    return browser.execute_script(f"return document.querySelector('table.meta tr.meta-{row} td').innerText").strip()


@pytest.fixture(scope="module")
def report_page(run_cli, saved_model, mini_rows, tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    # the small model's own training comments, the first ten with the next one's labels: errors to show
    rows = [dict(r, labels=mini_rows[i + 1]["labels"]) if i < 10 else r for i, r in enumerate(mini_rows)]
    data = folder / "mini_relabelled.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    out = folder / "report.html"
    run_cli("report", data, "--model", saved_model, "-o", out)
    return out


def test_report_page_in_chromium(browser, report_page, saved_model, mini_rows):
    text = _check_layout(browser, report_page, "report")
    for heading in ("Báo cáo đánh giá mô hình trên mini_relabelled.jsonl", "Thông tin về mô hình và dữ liệu",
                    "Tóm tắt", "Theo từng nhãn", "Ma trận nhầm lẫn theo chuẩn mực", "Phân bố điểm theo nhãn",
                    "Các lỗi nặng nhất và lý do"):
        assert heading in text, heading
    assert conduct_nlp.label_name("arrogance:violation", "vi") in text
    assert _header_cell(browser, "sha256") == _sha_prefix(saved_model)
    assert _header_cell(browser, "input_rows") == str(len(mini_rows))
    assert _header_cell(browser, "model") == str(saved_model)
    assert browser.execute_script("return document.documentElement.lang") == "vi"
    assert browser.execute_script("return document.querySelectorAll('table.errors mark').length") > 0
    assert browser.execute_script("return document.querySelectorAll('svg title').length") >= 13


@pytest.fixture(scope="module")
def summary_page(run_cli, saved_model, mini_rows, tmp_path_factory):
    summarize = getattr(conduct_nlp, "summarize", None)
    if summarize is None or not hasattr(getattr(conduct_nlp, "Summary", object), "to_html"):
        pytest.skip("conduct_nlp.summarize / Summary.to_html are not there yet")
    folder = tmp_path_factory.mktemp("summary")
    src = folder / "comments.csv"
    units = ("UBND phường An Hòa", "Chi cục Thuế", "Bệnh viện quận")
    with open(src, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "text", "unit", "date"])
        for k in range(5):
            for i, r in enumerate(mini_rows):
                n = k * len(mini_rows) + i
                w.writerow([f"r{n:03d}", r["text"], units[n % 3], f"2025-{1 + n % 4:02d}-{1 + n % 27:02d}"])
    labelled = folder / "labelled.csv"
    run_cli("classify", src, "--model", saved_model, "-o", labelled, "-q", "--jobs", "1")
    summary = summarize(str(labelled), by=["unit"], time_column="date", min_count=10, model=str(saved_model))
    out = folder / "summary.html"
    summary.to_html(str(out))
    return out, 5 * len(mini_rows)


def test_summary_page_in_chromium(browser, summary_page, saved_model):
    page, rows = summary_page
    text = _check_layout(browser, page, "summary")
    assert "Thông tin về mô hình và dữ liệu" in text
    assert browser.execute_script("return document.documentElement.lang") == "vi"
    assert _header_cell(browser, "sha256") == _sha_prefix(saved_model)
    assert _header_cell(browser, "input_rows") == str(rows)
    assert "UBND phường An Hòa" in text
    assert any(conduct_nlp.label_name(c, "vi") in text for c in conduct_nlp.LABELS)
    assert browser.execute_script("return document.querySelectorAll('svg').length") >= 1


def test_the_checks_catch_a_bad_page(browser, tmp_path):
    """The same checks on a page that is wrong in every way: each problem is found (the checks can fail)."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>x</title></head><body>"
        "<div id='wide' style='width:1500px'>rộng quá</div>"
        "<svg viewBox='0 0 200 100' width='200'><g class='legend'><text x='10' y='20'>chú thích</text></g>"
        "<rect class='data' x='0' y='0' width='200' height='100'/><text x='150' y='50'>chữ bị cắt mất ở đây</text></svg>"
        "<script>console.error('boom')</script></body></html>", "utf-8")
    shots.load(browser, bad, 800)
    found = shots.problems(browser)
    assert found["scroll_width"] > found["inner_width"]
    assert any(o.startswith("div#wide") for o in found["overflowing"])
    assert any("cut off" in m for m in found["svg"]) and any("legend overlaps" in m for m in found["svg"])
    assert any("boom" in e["message"] for e in found["console_errors"])


def test_artifacts_are_not_committed():
    ignore = (ROOT / ".gitignore").read_text("utf-8")
    assert "tests/artifacts/*.png" in ignore
    assert (ARTIFACTS / ".gitkeep").exists()
