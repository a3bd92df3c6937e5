"""The result columns added to every row, and the summary of a run."""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from ..records import META_KEYS

__all__ = ["score_column", "result_columns", "annotate", "BatchSummary", "error_kind", "check_no_clash"]


def score_column(code: str) -> str:
    """Name of the output column holding a label's score: ``score_arrogance:violation``."""
    return f"score_{code}"


def result_columns(classes) -> list[str]:
    """Columns added to every output row."""
    return ["labels"] + [score_column(c) for c in classes] + ["error"]


def check_no_clash(columns, classes, where: str) -> None:
    """Refuse input that already has a column the output adds (an analyst's gold ``labels``, say)."""
    clash = [c for c in result_columns(classes) if c in set(columns)]
    if clash:
        raise ValueError(
            f"{where} already has column(s) {clash} that the predictions would overwrite; rename them in the "
            "input (e.g. 'labels' → 'gold_labels') and run again")


def annotate(model, rows: list[dict], text_column: str, threshold=None) -> list[dict]:
    """Classify a chunk of rows and return new rows with the result columns added.

    A row with a reader error (``_error``), a missing text column or text the
    input policy refuses gets an ``error`` value, no labels and empty scores.
    """
    texts = [None if r.get("_error") else r.get(text_column) for r in rows]
    preds = model.classify_batch(texts, threshold) if rows else []
    out = []
    for r, p in zip(rows, preds):
        err = r.get("_error") or p.error
        if err is None and text_column not in r:
            err = f"no column {text_column!r}"
        new = {k: v for k, v in r.items() if k not in META_KEYS}
        new["labels"] = list(p.labels) if err is None else []
        for c in model.classes_:
            new[score_column(c)] = round(p.scores[c], 6) if err is None else None
        new["error"] = err
        out.append(new)
    return out


class BatchSummary(dict):
    """Counts of a batch run: rows, classified, errors, per-label counts."""

    @classmethod
    def start(cls, saved: dict | None = None) -> "BatchSummary":
        saved = saved or {"rows": 0, "classified": 0, "errors": 0, "labels": {}}
        return cls(rows=saved["rows"], classified=saved["classified"], errors=saved["errors"],
                   labels=Counter(saved["labels"]), error_kinds=Counter(saved.get("error_kinds", {})))

    def add(self, rows: Iterable[dict]) -> None:
        """Count annotated rows."""
        for row in rows:
            self["rows"] += 1
            if row["error"]:
                self["errors"] += 1
                self["error_kinds"][error_kind(row["error"])] += 1
            else:
                self["classified"] += 1
                self["labels"].update(row["labels"])

    def state(self) -> dict:
        """A JSON-serialisable copy (for the checkpoint)."""
        return {**self, "labels": dict(self["labels"]), "error_kinds": dict(self["error_kinds"])}

    def format(self) -> str:
        lines = [f"rows read: {self['rows']}", f"classified: {self['classified']}", f"errors: {self['errors']}"]
        for kind, n in self["error_kinds"].most_common():
            lines.append(f"  error: {kind:40} {n}")
        for code, n in self["labels"].items():
            lines.append(f"  {code:28} {n}")
        return "\n".join(lines)


def error_kind(message: str) -> str:
    """An error message without its row-specific numbers: "line 7: invalid JSON (…)" → "invalid JSON"."""
    kind = re.sub(r"^line \d+: ", "", message)
    return re.sub(r"\s*\(.*$", "", kind)
