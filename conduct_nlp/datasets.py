"""Where the bundled labelled corpus lives."""

from __future__ import annotations

from pathlib import Path


__all__ = ["default_train_path", "default_test_path"]


def _corpus_file(name: str) -> Path:
    from importlib import resources

    candidates = []
    try:
        candidates.append(Path(str(resources.files("conduct_nlp.default_corpus"))) / name)
    except (ModuleNotFoundError, TypeError):
        pass
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
