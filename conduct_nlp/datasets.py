"""Where the bundled labelled corpus lives.

Set ``CONDUCT_NLP_DEFAULT_CORPUS`` to a folder holding ``train.jsonl`` /
``test.jsonl`` to use another corpus as the "default data" (e.g. in tests).
"""

from __future__ import annotations

from pathlib import Path


__all__ = ["default_train_path", "default_test_path", "sample_comments_path"]


def _corpus_file(name: str) -> Path:
    import os

    env = os.environ.get("CONDUCT_NLP_DEFAULT_CORPUS")
    # an installed wheel carries the corpus in conduct_nlp/default_corpus/; a checkout in datasets/
    candidates = [Path(env) / name] if env else []
    candidates.append(Path(__file__).resolve().parent / "default_corpus" / name)
    candidates.append(Path(__file__).resolve().parent.parent / "datasets" / "conduct_vi" / name)
    for c in candidates:
        if c.exists():
            return c
    raise FileNotFoundError(f"bundled corpus file {name} not found (looked in {', '.join(map(str, candidates))})")


def default_train_path() -> Path:
    """Path of ``datasets/conduct_vi/train.jsonl`` (source checkout or installed package)."""
    return _corpus_file("train.jsonl")


def default_test_path() -> Path:
    """Path of ``datasets/conduct_vi/test.jsonl``."""
    return _corpus_file("test.jsonl")


def sample_comments_path() -> Path:
    """Path of the bundled demo file for ``conduct-nlp summarize``: 4,000 rows of ``id,text,unit,channel,date``.

    **Generated, not real data**: texts from the project's own corpus, invented offices,
    random 2025 dates and three injected trends (``scripts/make_sample.py`` documents
    how). Try: ``conduct-nlp classify PATH -o labelled.csv`` then
    ``conduct-nlp summarize labelled.csv --by unit --time-column date -o summary.html``.
    """
    path = Path(__file__).resolve().parent / "resources" / "sample_comments.csv"
    if not path.exists():  # pragma: no cover - a broken installation
        raise FileNotFoundError(f"bundled sample file not found at {path}")
    return path
