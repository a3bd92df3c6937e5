"""The shipped corpus (datasets/conduct_vi) meets the minimums of its data card.

Runs the installed ``conduct-nlp data check`` and ``data stats`` on the files,
exactly as a maintainer would, and asserts the counts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conduct_nlp import LABELS

from conftest import ROOT, run_cli

CORPUS = ROOT / "datasets" / "conduct_vi"
TRAIN, TEST = CORPUS / "train.jsonl", CORPUS / "test.jsonl"
COMMON = ["harassment:violation", "indifference:violation", "arrogance:violation",
          "enthusiasm:compliance", "accuracy:compliance", "courtesy:compliance"]
RARE = [c for c in LABELS if c not in COMMON]


@pytest.fixture(scope="module")
def stats():
    proc = run_cli("data", "stats", TRAIN, TEST, "--json")
    out = json.loads(proc.stdout)
    return {"train": out[str(TRAIN)], "test": out[str(TEST)]}


def test_data_check_passes_on_both_splits_together():
    # schema, codes, NFC, duplicate ids/texts, conflicts and near-duplicates
    # (word-trigram Jaccard >= 0.6), within and across the two files
    proc = run_cli("data", "check", TRAIN, TEST, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_sizes(stats):
    assert stats["train"]["n"] >= 2400
    assert stats["test"]["n"] >= 500


def test_label_minimums(stats):
    for code in COMMON:
        assert stats["train"]["labels"][code] >= 200, code
    for code in RARE:
        assert stats["train"]["labels"][code] >= 80, code
    for code in LABELS:
        assert stats["test"]["labels"][code] >= 15, code


@pytest.mark.parametrize("split", ["train", "test"])
def test_kinds_of_text(stats, split):
    s = stats[split]
    n = s["n"]
    assert s["no_label"] / n >= 0.15
    assert s["multi_label"] / n >= 0.20
    assert s["mixed_verdicts"] > 0
    assert s["no_diacritics"] / n >= 0.15
    assert s["abbreviations"] / n >= 0.10
    assert s["emoji"] > 0
    assert s["words_40_plus"] / n >= 0.10


def test_ids_unique_across_splits():
    ids = []
    for path in (TRAIN, TEST):
        ids += [json.loads(line)["id"] for line in Path(path).open(encoding="utf-8") if line.strip()]
    assert len(ids) == len(set(ids))


def test_variety_of_offices_and_channels(stats):
    for split in ("train", "test"):
        assert len(stats[split]["unit"]) >= 12, stats[split]["unit"]
        assert len(stats[split]["source"]) >= 5, stats[split]["source"]
