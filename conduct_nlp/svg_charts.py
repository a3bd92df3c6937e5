"""Inline SVG charts for the HTML pages: bars, lines, histograms, and their legends.

Colour-blind-safe Okabe–Ito palette (:data:`PALETTE`), legends outside the
plotting area, margins sized from the text they hold (nothing is cut off),
``viewBox`` and ``width="100%"`` so a chart scales with the page.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, fields
from typing import Callable, Mapping, Sequence

from .html_text import check_lang, esc, fmt_num

__all__ = ["PALETTE", "text_width", "svg_bar_chart", "svg_line_chart", "svg_histogram", "legend_html"]

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


_FONT = 12
_FONT_FAMILY = "system-ui, 'Noto Sans', 'DejaVu Sans', Arial, sans-serif"


def text_width(s: str, size: float = _FONT) -> float:
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
        w = 22 + text_width(name) + 16
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


def _chart_head(cid: str, width: float, height: float, title: str, desc: str, show_title: bool,
                title_h: float, legend_svg: str) -> list[str]:
    """The opening of a bar or line chart: ``<svg>`` with its title and description, the visible
    title (when shown) and the legend below it."""
    out = [_svg_open(cid, width, height, title, desc)]
    if show_title:
        out.append(f"<text x='0' y='18' font-size='14' font-weight='600'>{esc(title)}</text>")
    out.append(f"<g class='legend' transform='translate(0,{title_h})'>{legend_svg}</g>")
    return out


def _bar_tip(category: str, series: str, value: float, lang: str) -> str:
    """A bar's tooltip and the end of its ``<rect>``: ``category — series: value``."""
    return f"<title>{esc(category)} — {esc(series)}: {esc(fmt_num(value, lang))}</title></rect>"


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

    bars = _Bars(cats=cats, names=names, values=values, markers=markers, top=top, ticks=ticks, lang=lang,
                 width=width, title=title, desc=desc, cid=cid, legend_names=legend_names, swatch=swatch,
                 title_h=28 if show_title else 4, show_title=show_title, value_label=value_label,
                 category_label=category_label)
    out = _horizontal_bars(bars) if orientation == "horizontal" else _vertical_bars(bars)
    out.append("</svg>")
    return "".join(out)


@dataclass
class _Bars:
    """What both orientations of :func:`svg_bar_chart` draw from (checked and derived there)."""

    cats: list[str]
    names: list[str]
    values: list[list[float | None]]
    markers: Sequence[float | None] | None
    top: float
    ticks: list[float]
    lang: str
    width: int
    title: str
    desc: str
    cid: str
    legend_names: list[str]
    swatch: Callable[[int], str]
    title_h: int
    show_title: bool
    value_label: str
    category_label: str


def _horizontal_bars(b: _Bars) -> list[str]:
    """Categories down the left, bars to the right; the SVG's parts up to ``</svg>``."""
    (cats, names, values, markers, top, ticks, lang, width, title, desc, cid, legend_names, swatch, title_h,
     show_title, value_label, category_label) = (getattr(b, f.name) for f in fields(b))
    n_series = max(len(names), 1)
    left = min(max((text_width(c) for c in cats), default=40) + 12, width * 0.5)
    plot_w = width - left - 24
    bar_h, gap = 11, 10
    group_h = n_series * bar_h + gap
    legend_svg, legend_h = _legend(legend_names, width - 10, 0, swatch)
    plot_top = title_h + legend_h + 8
    plot_h = group_h * len(cats)
    height = plot_top + plot_h + 44
    sx = lambda v: left + plot_w * min(v, top) / top  # noqa: E731
    out = _chart_head(cid, width, height, title, desc, show_title, title_h, legend_svg)
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
                       + _bar_tip(c, names[k], v, lang))
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
    return out


def _vertical_bars(b: _Bars) -> list[str]:
    """Categories along the bottom (rotated when long), bars upwards; the SVG's parts up to ``</svg>``."""
    (cats, names, values, markers, top, ticks, lang, width, title, desc, cid, legend_names, swatch, title_h,
     show_title, value_label, category_label) = (getattr(b, f.name) for f in fields(b))
    n_series = max(len(names), 1)
    left = max(text_width(_fmt_tick(top, lang)) + 30, 56)
    plot_w = width - left - 16
    group_w = plot_w / max(len(cats), 1)
    bar_w = max(min((group_w * 0.8) / n_series, 28), 1)
    longest = max((text_width(c) for c in cats), default=10)
    rotate = longest > group_w - 4
    cat_h = longest * 0.72 + 14 if rotate else 20
    legend_svg, legend_h = _legend(legend_names, width - 10, 0, swatch)
    plot_top = title_h + legend_h + 10
    plot_h = 260
    height = plot_top + plot_h + cat_h + (28 if category_label else 8)
    sy = lambda v: plot_top + plot_h - plot_h * min(v, top) / top  # noqa: E731
    out = _chart_head(cid, width, height, title, desc, show_title, title_h, legend_svg)
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
                       + _bar_tip(c, names[k], v, lang))
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
    return out


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
    values = _line_values(series, len(xs))
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
    left = max(text_width(_fmt_tick(top, lang)) + 30, 56)
    right = 16 + text_width(xs[-1]) / 2 if xs else 16
    plot_w = width - left - right
    legend_svg, legend_h = _legend(legend_names, width - 10, 0, swatch)
    plot_top = title_h + legend_h + 10
    n = len(xs)
    slot = plot_w / max(n, 1)
    longest = max((text_width(x) for x in xs), default=10)
    every = max(1, math.ceil(longest / max(slot, 1)))  # label every k-th x when they would collide
    x_h = 22
    total_h = plot_top + height + x_h + (26 if x_label else 6)
    sx = lambda i: left + slot * (i + 0.5)  # noqa: E731
    sy = lambda v: plot_top + height - height * min(v, top) / top  # noqa: E731
    out = _chart_head(cid, width, total_h, title, desc, show_title, title_h, legend_svg)
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
        flags = list((flagged or {}).get(name, [False] * n))
        out.extend(_line_series(k, name, vals, flags, xs, sx, sy, lang))
    out.append(f"<text transform='translate(14,{plot_top + height / 2:.1f}) rotate(-90)' text-anchor='middle' "
               f"font-weight='600'>{esc(y_label)}</text>")
    if x_label:
        out.append(f"<text x='{left + plot_w / 2:.1f}' y='{total_h - 8:.1f}' text-anchor='middle' "
                   f"font-weight='600'>{esc(x_label)}</text>")
    out.append("</svg>")
    return "".join(out)


def _line_values(series: Mapping[str, Sequence[float | None]], n: int) -> list[list[float | None]]:
    """The series' values as floats, ``None`` (and NaN) for gaps; each must have ``n`` values."""
    values = [[None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v) for v in series[s]]
              for s in series]
    for name, vals in zip(series, values):
        if len(vals) != n:
            raise ValueError(f"series {str(name)!r} has {len(vals)} values for {n} x positions")
    return values


def _line_series(k: int, name: str, vals: Sequence[float | None], flags: Sequence[bool], xs: Sequence[str],
                 sx: Callable[[int], float], sy: Callable[[float], float], lang: str) -> list[str]:
    """The SVG of series number ``k``: its line (broken at gaps), its points and their flag rings."""
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
    out = [f"<polyline class='data' fill='none' stroke='{col}' stroke-width='2.5' stroke-dasharray='{dash}' "
           f"points='{' '.join(seg)}'/>" for seg in segs]
    for i, v in enumerate(vals):
        if v is None:
            continue
        out.append(f"<circle class='data' cx='{sx(i):.1f}' cy='{sy(v):.1f}' r='3.2' fill='{col}'>"
                   f"<title>{esc(name)} — {esc(xs[i])}: {esc(fmt_num(v, lang))}</title></circle>")
        if i < len(flags) and flags[i]:
            out.append(f"<circle class='data' cx='{sx(i):.1f}' cy='{sy(v):.1f}' r='7' fill='none' stroke='#000' "
                       "stroke-width='2'/>")
    return out


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
    left = max(text_width(_fmt_tick(top, lang)) + 26, 50)
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
