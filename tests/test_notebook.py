"""The retraining walkthrough notebook runs top to bottom (on a small sample)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"


nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")


def test_notebook_runs_top_to_bottom(saved_model, monkeypatch):
    nb = nbformat.read(ROOT / "notebooks" / "retraining_walkthrough.ipynb", as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit the notebook without outputs"
    monkeypatch.setenv("CONDUCT_NB_TRAIN", str(DATA / "mini_train.jsonl"))
    monkeypatch.setenv("CONDUCT_NB_TEST", str(DATA / "mini_train.jsonl"))
    monkeypatch.setenv("CONDUCT_NB_BASELINE", str(saved_model))
    monkeypatch.setenv("CONDUCT_NB_CV", "2")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT / "notebooks")}})
    client.execute()
    outputs = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "micro-F1" in outputs and "recommendation" in outputs
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
