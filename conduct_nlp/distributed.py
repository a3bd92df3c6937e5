"""Old import path of :mod:`conduct_nlp.integrations.dask` (kept working)."""

from __future__ import annotations

from .integrations.dask import classify_bag, classify_dataframe, result_column_names, worker_model

__all__ = ["classify_dataframe", "classify_bag", "worker_model", "result_column_names"]
