"""Formatting primitives shared by the HTML pages and their charts: languages, escaping, numbers."""

from __future__ import annotations

import html
import math

__all__ = ["LANGS", "MISSING", "check_lang", "esc", "fmt_num", "fmt_int"]

LANGS: tuple[str, ...] = ("vi", "en")
"""Languages a page can be written in; ``"vi"`` is the default."""

MISSING = "—"
"""Shown in place of a value that is not known."""


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
