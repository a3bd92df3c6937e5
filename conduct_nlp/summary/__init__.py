"""Summaries of classified comments: counts, rates and trends per office and period, with examples.

``conduct-nlp summarize`` and :func:`conduct_nlp.summarize`. Modules:
:mod:`.columns` (reading a ``classify`` output), :mod:`.tally` (the one
streaming pass), :mod:`.examples` (examples kept per label), :mod:`.tables`
(figures and tests), :mod:`.writers` (CSV, JSON, Excel), :mod:`.page` (HTML),
:mod:`.result` (:class:`Summary`), :mod:`.api` (:func:`summarize`).
"""

from __future__ import annotations

from .api import summarize
from .page import summary_html
from .result import Summary
from .tables import ALPHA, COLUMNS, TREND_TEST
from .writers import CSV_COLUMNS

__all__ = ["summarize", "Summary", "summary_html", "CSV_COLUMNS", "COLUMNS", "TREND_TEST", "ALPHA"]
