"""Clause scoring: read a long comment clause by clause as well as whole.

A bag of n-grams dilutes one short clause in a long story: "Cán bộ một cửa
hách dịch, trễ hẹn hai tuần mới trả kết quả" scores far lower for
arrogance than "Cán bộ hách dịch", because the L2-normalised vector of the
whole comment spreads its weight over every n-gram. With clause scoring
(``ConductClassifier(clause_weight=w)``) the same fitted model also scores
each clause, and a label's probability becomes::

    (1 - w) * p(whole comment) + w * max over clauses p(clause)

A comment with a single clause keeps ``p(whole comment)``. Clauses are cut
from the tokens the comment was already analysed into (no second
tokenization): at ``, . ; : ! ?`` and at the conjunctions of
:data:`CLAUSE_CONJUNCTIONS`; a piece of fewer than :data:`MIN_CLAUSE_SYLLABLES`
syllables is no clause. The full model and the compiled predictor both call
:func:`clause_documents` and :func:`combine_clause_scores`, so they agree.
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from .analysis import SYLLABLE_PATTERN, Document, syllable_tokenize
from .normalize import strip_accents

__all__ = ["CLAUSE_PUNCT", "CLAUSE_CONJUNCTIONS", "MIN_CLAUSE_SYLLABLES", "clause_documents",
           "split_clauses", "combine_clause_scores", "check_clause_weight"]

CLAUSE_PUNCT = frozenset({",", ".", ";", ":", "!", "?"})
"""Punctuation tokens that end a clause (the word tokenizers of underthesea keep them)."""
CLAUSE_CONJUNCTIONS = frozenset({"nhưng", "nhung", "nhưng_mà", "tuy", "tuy_nhiên", "song", "còn", "mà"})
"""Word tokens that start a new clause ("…lịch sự **nhưng** làm sai…"); they belong to neither side."""
MIN_CLAUSE_SYLLABLES = 2
"""A piece shorter than this is not scored on its own."""
_SPLIT_CHARS = frozenset(",.;:…\n")
_SPLIT_RE = re.compile(r"[,.;:…\n]")  # punctuation that the "syllable" tokenizer drops
_CUT_RE = re.compile(r"[,.;:…\n]|" + SYLLABLE_PATTERN)
_BREAK_TOKENS = CLAUSE_PUNCT | CLAUSE_CONJUNCTIONS


def check_clause_weight(value) -> float:
    """``value`` as a float in [0, 1], or a ``ValueError`` that names it."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"clause_weight must be a number in [0, 1] (0 turns clause scoring off), got {value!r}")
    return float(value)


def _spans(n: int, cuts: Sequence[int], dropped: Sequence[int]) -> list[tuple[int, int]]:
    """``[start, end)`` token spans of the pieces: a new piece at each cut, dropped tokens left out."""
    edges = sorted({(i, 0) for i in cuts} | {(i, 1) for i in dropped})
    spans, start = [], 0
    for i, drop in edges:
        if i > start:
            spans.append((start, i))
        start = max(start, i + drop)
    if n > start:
        spans.append((start, n))
    return spans


def _punct_cuts(doc: Document) -> list[int] | None:
    """Token positions of a ``"syllable"`` document where punctuation of ``doc.stripped`` falls.

    Its words and syllables come from the same regex over the text with and without
    accents, so they align one to one, and no token spans a punctuation mark.
    """
    cuts, i = [], 0
    for tok in _CUT_RE.findall(doc.stripped):
        if tok in _SPLIT_CHARS:
            cuts.append(i)
        else:
            i += 1
    return cuts if i == len(doc.syllables) == len(doc.words) else None


def _doc_of_words(words: Sequence[str]) -> Document:
    stripped = strip_accents(" ".join(words))
    return Document(tuple(words), tuple(syllable_tokenize(stripped)), stripped.replace("_", " "))


def split_clauses(doc: Document, tokenizer: str) -> list[Document]:
    """The clauses of an analysed comment, each as a :class:`Document`; ``[]`` when it has fewer than two.

    Parameters
    ----------
    doc : Document
        The comment as :func:`conduct_nlp.analysis.analyze` returns it.
    tokenizer : str
        The tokenizer ``doc`` was analysed with. The underthesea tokenizers keep
        punctuation tokens, so clauses are cut at them and each clause's syllables
        are read off its words; the regex ``"syllable"`` tokenizer keeps none, so
        clauses are cut where ``doc.stripped`` holds punctuation, and each clause
        takes its words and syllables from ``doc`` unchanged.
    """
    words = doc.words
    dropped = [i for i, w in enumerate(words) if w in _BREAK_TOKENS]
    if tokenizer == "syllable":
        cuts = _punct_cuts(doc) if _SPLIT_RE.search(doc.stripped) else []
        if cuts is None or not (cuts or dropped):
            return []
        docs = [Document(words[a:b], doc.syllables[a:b], " ".join(doc.syllables[a:b]))
                for a, b in _spans(len(words), cuts, dropped) if b - a >= MIN_CLAUSE_SYLLABLES]
    else:
        if not dropped:
            return []
        docs = [_doc_of_words(words[a:b]) for a, b in _spans(len(words), (), dropped)]
        docs = [d for d in docs if len(d.syllables) >= MIN_CLAUSE_SYLLABLES]
    return docs if len(docs) >= 2 else []


def clause_documents(docs: Sequence[Document], tokenizer: str) -> tuple[list[Document], np.ndarray]:
    """All clauses of many comments, and the index of the comment each one belongs to."""
    out: list[Document] = []
    owner: list[int] = []
    for i, doc in enumerate(docs):
        parts = split_clauses(doc, tokenizer)
        out.extend(parts)
        owner.extend([i] * len(parts))
    return out, np.asarray(owner, dtype=np.int64)


def combine_clause_scores(whole: np.ndarray, clauses: np.ndarray, owner: np.ndarray, weight: float) -> np.ndarray:
    """``(1 - weight) * whole + weight * best``, ``best`` the highest clause score of each comment.

    A comment with no clause (``owner`` never names it) keeps its ``whole`` score.
    """
    whole = np.asarray(whole, dtype=np.float64)
    if weight == 0.0 or len(owner) == 0:
        return whole
    best = np.full_like(whole, -np.inf)
    np.maximum.at(best, owner, clauses)
    has = np.zeros(len(whole), dtype=bool)
    has[owner] = True
    out = whole.copy()
    out[has] = (1.0 - weight) * whole[has] + weight * best[has]
    return out
