"""Old import path of :mod:`conduct_nlp.integrations.pandas` (kept working)."""

from __future__ import annotations

from .integrations.pandas import add_predictions

__all__ = ["add_predictions"]
