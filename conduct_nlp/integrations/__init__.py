"""Integrations with data-frame libraries: :mod:`.pandas` and :mod:`.dask` (optional extras)."""
