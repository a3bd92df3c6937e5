"""Render the library's HTML pages in headless Chromium: check them and take screenshots.

Shared by ``tests/test_browser.py`` (which loads this file) and run by hand to refresh the
screenshots in ``docs/screenshots/``::

    python scripts/screenshots.py            # docs/screenshots/report.png and summary.png

The report page is built from the bundled test split (``datasets/conduct_vi/test.jsonl``) with
the bundled default model; the summary page from the bundled sample
(``conduct_nlp/resources/sample_comments.csv``, classified first) when ``summarize`` exists.
Needs ``selenium`` (the ``dev`` extra), ``/usr/bin/chromium`` and ``/usr/bin/chromedriver``
(Debian/Ubuntu: ``apt-get install chromium chromium-driver``). No network is used: pages are
loaded from ``file://`` URLs and Chromium's background networking is off.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROME_ARGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run")
WIDTHS = (1280, 800)

# Elements whose box passes the viewport's right edge (or its left edge), leaving out content clipped
# by a horizontally scrolling container (that container is checked itself).
_OVERFLOW_JS = """
const w = window.innerWidth, out = [];
function clippedByScroller(el) {
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    const ox = getComputedStyle(p).overflowX;
    if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') return true;
  }
  return false;
}
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  if ((r.right > w + 0.5 || r.left < -0.5) && !clippedByScroller(el)) {
    out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && el.className.baseVal === undefined
      ? '.' + String(el.className).split(' ').join('.') : '') + ' [' + Math.round(r.left) + ', ' + Math.round(r.right) + ']');
  }
}
return {scrollWidth: document.documentElement.scrollWidth, innerWidth: w, overflowing: out.slice(0, 20)};
"""

# SVG text that leaves its chart (cut off), and legends that overlap data marks.
_SVG_JS = """
const out = [];
const inter = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
document.querySelectorAll('svg').forEach((svg, i) => {
  const box = svg.getBoundingClientRect();
  svg.querySelectorAll('text').forEach(t => {
    const r = t.getBoundingClientRect();
    if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
      out.push('svg ' + i + ': text cut off: ' + t.textContent);
  });
  svg.querySelectorAll('g.legend').forEach(g => {
    const lr = g.getBoundingClientRect();
    svg.querySelectorAll('.data').forEach(d => {
      if (inter(lr, d.getBoundingClientRect())) out.push('svg ' + i + ': legend overlaps data');
    });
  });
});
return Array.from(new Set(out)).slice(0, 20);
"""


def chrome(extra_args: tuple[str, ...] = ()):
    """A headless Chromium driven by selenium, collecting the browser console."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in CHROME_ARGS + tuple(extra_args):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


def load(driver, page: Path, width: int) -> None:
    """Open ``page`` (a file) in a window ``width`` px wide and wait until it is loaded."""
    driver.set_window_size(width, 900)
    driver.get(Path(page).resolve().as_uri())
    for _ in range(100):
        if driver.execute_script("return document.readyState") == "complete":
            break


def problems(driver) -> dict:
    """What is wrong with the loaded page: horizontal overflow, cut SVG text, legends over data, console errors."""
    layout = driver.execute_script(_OVERFLOW_JS)
    return {
        "scroll_width": layout["scrollWidth"],
        "inner_width": layout["innerWidth"],
        "overflowing": layout["overflowing"],
        "svg": driver.execute_script(_SVG_JS),
        "console_errors": [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"],
    }


def visible_text(driver) -> str:
    return driver.execute_script("return document.body.innerText")


def full_screenshot(driver, path: Path, max_height: int = 12000) -> Path:
    """A screenshot of the whole page at the current width (the window is made as tall as the page)."""
    width = driver.execute_script("return window.outerWidth")
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(int(height) + 140, max_height))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(path))
    return path


def shrink_png(path: Path) -> None:
    """Re-save a screenshot with a 256-colour palette (about 3x smaller, text stays sharp); needs Pillow."""
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with matplotlib in the dev extra
        return
    with Image.open(path) as im:
        small = im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def build_pages(out_dir: Path) -> dict[str, Path]:
    """Write the report page and (when the summarize module and its sample exist) the summary page."""
    import conduct_nlp
    from conduct_nlp.data import read_labelled
    from conduct_nlp.report import build_report

    out_dir.mkdir(parents=True, exist_ok=True)
    model = conduct_nlp.load()
    test = ROOT / "datasets" / "conduct_vi" / "test.jsonl"
    data = read_labelled([str(test)], list(model.classes_))
    report = out_dir / "report.html"
    report.write_text(build_report(model, data.texts, data.labels, ids=data.ids, worst=12, model_ref="default",
                                   input_path=["datasets/conduct_vi/test.jsonl"]), "utf-8")
    pages = {"report": report}
    summarize = getattr(conduct_nlp, "summarize", None)
    sample = ROOT / "conduct_nlp" / "resources" / "sample_comments.csv"
    if summarize is not None and sample.exists():
        from conduct_nlp import cli

        labelled = out_dir / "sample_labelled.csv"
        cli.main(["classify", str(sample), "-o", str(labelled), "-q", "--allow-errors"])
        here = os.getcwd()
        os.chdir(out_dir)  # the page names the input as given: a short relative name, not a temp folder
        try:
            summary = summarize("sample_labelled.csv", by=["unit", "channel"], time_column="date", model="default")
        finally:
            os.chdir(here)
        path = out_dir / "summary.html"
        summary.to_html(str(path))
        pages["summary"] = path
    return pages


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"), help="folder of the PNGs")
    ap.add_argument("--width", type=int, default=1280)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        pages = build_pages(Path(tmp))
        driver = chrome(("--hide-scrollbars",))
        try:
            for name, page in pages.items():
                load(driver, page, args.width)
                found = problems(driver)
                shot = full_screenshot(driver, Path(args.out) / f"{name}.png")
                shrink_png(shot)
                print(f"{shot} ({shot.stat().st_size // 1024} KB); problems: "
                      f"{ {k: v for k, v in found.items() if v and k not in ('scroll_width', 'inner_width')} or 'none'}")
        finally:
            driver.quit()
    if "summary" not in pages:
        print("no summary page: conduct_nlp.summarize or the bundled sample is missing", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
