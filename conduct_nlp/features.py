"""From normalised text to the features a linear model reads.

Every callable here is a named module-level function or class, never a lambda,
so fitted models pickle and load in any process.

A comment is analysed once into a :class:`Document` with three views:

``words``
    the tokens of the normalised text, by the model's ``tokenizer``
    (:data:`TOKENIZERS`): ``"underthesea"`` runs underthesea ``word_tokenize``
    (compounds joined by ``_``: "hách_dịch"); ``"underthesea-syllable"`` runs
    underthesea's rule-based syllable tokenizer (the regular expressions that
    ``word_tokenize`` applies first: numbers, dates, abbreviations, emoticons
    kept whole) without word segmentation; ``"syllable"`` splits on letters,
    emoji, ``!`` and ``?`` with one compiled regex (fastest).
``syllables``
    syllables of the accent-stripped text ("hach", "dich"): comments typed
    without diacritics land on the same features as accented ones.
``stripped``
    the accent-stripped text, for character n-grams.

:class:`NgramFeatures` turns a document into prefixed string features
(``w:`` word n-grams, ``s:`` syllable n-grams, ``c:`` character n-grams,
``w:neg_``/``s:neg_`` tokens inside a negation scope) that a
``TfidfVectorizer(analyzer=NgramFeatures(...))`` counts.

The analysis (tokenizers, :class:`Document`, negation, n-grams) is in
:mod:`conduct_nlp.analysis`, which needs no scikit-learn; its names stay
importable from here.
"""

from __future__ import annotations

import contextlib
import contextvars
import pickle
from typing import Iterator

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

# The analysis itself lives in .analysis (no scikit-learn); these names are kept importable from here.
from .analysis import (
    TOKENIZERS,
    Document,
    analyze,
    analyze_many,
    ngram_features,
    syllable_tokenize,
    underthesea_syllable_tokenize,
    word_tokenize_vi,
)
from .analysis import analyze_normalized as _analyze_normalized  # noqa: F401 - old private name
from .analysis import apply_negation as _apply_negation  # noqa: F401 - old private name
from .analysis import length_bucket as _length_bucket  # noqa: F401 - old private name
from .analysis import ngrams as _ngrams  # noqa: F401 - old private name

__all__ = [
    "Document",
    "analyze",
    "analyze_many",
    "word_tokenize_vi",
    "syllable_tokenize",
    "underthesea_syllable_tokenize",
    "NgramFeatures",
    "CompactTfidfVectorizer",
    "TOKENIZERS",
]


class NgramFeatures:
    """Callable analyzer: :class:`Document` → list of string features.

    Parameters
    ----------
    word_ngram_range : tuple of int or None
        n-gram range over ``Document.words``; ``None`` disables word features.
    syllable_ngram_range : tuple of int or None
        n-gram range over the accent-stripped syllables.
    char_ngram_range : tuple of int or None
        character n-gram range (within word boundaries) over the accent-stripped text.
    negation : bool or str
        A name of :data:`conduct_nlp.analysis.NEGATION_SCHEMES` (``True`` = ``"v1"``):
        replace the tokens that follow a negator by ``neg_``-marked ones
        ("không hề hách dịch" → ``neg_hách_dịch``), up to a comma, a
        conjunction or the scope limit.
    length_feature : bool
        Add one feature naming the comment's length in syllables
        (``n:1``, ``n:2``, ``n:3``, ``n:4-5``, ``n:6-9``, ``n:10-19``, ``n:20+``),
        so the model can learn how little a very short text says ("chị",
        "cảm ơn", "ok").
    """

    length_feature = False  # models saved before 0.2 have no such attribute

    def __init__(self, word_ngram_range=(1, 2), syllable_ngram_range=(1, 3),
                 char_ngram_range=None, negation=True, length_feature=False):
        self.word_ngram_range = word_ngram_range
        self.syllable_ngram_range = syllable_ngram_range
        self.char_ngram_range = char_ngram_range
        self.negation = negation
        self.length_feature = length_feature

    def __call__(self, doc: Document) -> list[str]:
        return ngram_features(doc, self.word_ngram_range, self.syllable_ngram_range, self.char_ngram_range,
                              self.negation, self.length_feature)

    def __repr__(self) -> str:
        return (f"NgramFeatures(word_ngram_range={self.word_ngram_range!r}, "
                f"syllable_ngram_range={self.syllable_ngram_range!r}, "
                f"char_ngram_range={self.char_ngram_range!r}, negation={self.negation!r}, "
                f"length_feature={self.length_feature!r})")


class CompactTfidfVectorizer(TfidfVectorizer):
    """``TfidfVectorizer`` whose fitted vocabulary is stored as plain data.

    Identical to its parent when fitting and transforming (a faster
    ``transform``, same result). When the model is saved, the vocabulary dict
    of ~80,000 n-grams becomes one ``bytes`` value: the terms in index order,
    UTF-8, separated by NUL. That is data, not code, so a skops file holding it
    needs no trust, and it is rebuilt into the dict in a few milliseconds
    (reading the dict item by item took ~0.2 s). Files written by conduct_nlp
    0.1 hold the vocabulary as a nested pickle; only the joblib loader, which
    runs pickles anyway, may read those (see :func:`legacy_vocabulary_allowed`).
    Files written with a plain ``TfidfVectorizer`` load unchanged.
    """

    def transform(self, raw_documents):
        """Tf-idf matrix of documents: the same result as the parent's, counted faster.

        The parent counts n-grams with a per-feature Python loop; here every
        document's features are looked up in the vocabulary with one ``map``
        and duplicates are summed by scipy. The counts are the same integers,
        and the tf-idf weighting is the parent's own code.
        """
        check_is_fitted(self, msg="The TF-IDF vectorizer is not fitted")
        if not callable(self.analyzer) or self.binary or not getattr(self, "_tfidf", None):
            return super().transform(raw_documents)
        analyzer, get = self.analyzer, self.vocabulary_.get
        indices: list[int] = []
        indptr = [0]
        for doc in raw_documents:
            indices.extend([i for i in map(get, analyzer(doc)) if i is not None])
            indptr.append(len(indices))
        X = sparse.csr_matrix(
            (np.ones(len(indices), dtype=self.dtype), np.asarray(indices, dtype=np.int32),
             np.asarray(indptr, dtype=np.int64 if len(indices) > 2**31 - 1 else np.int32)),
            shape=(len(indptr) - 1, len(self.vocabulary_)))
        X.sum_duplicates()  # also sorts the indices, as the parent does
        return self._tfidf.transform(X, copy=False)

    def __getstate__(self):
        state = dict(super().__getstate__())  # a copy: the parent may hand back __dict__ itself
        vocab = state.pop("vocabulary_", None)
        if vocab is not None:
            state["_vocabulary_terms"] = _pack_terms(vocab)
        return state

    def __setstate__(self, state):
        state = dict(state)
        packed = state.pop("_vocabulary_terms", None)
        legacy = state.pop("_vocabulary_pickle", None)
        super().__setstate__(state)
        if packed is not None:
            self.vocabulary_ = _unpack_terms(packed)
        elif legacy is not None:
            if not _LEGACY_PICKLE_OK.get():
                raise ValueError("this vectorizer's vocabulary is a nested pickle (conduct_nlp 0.1 format); "
                                 "it is read only by the joblib loader")
            self.vocabulary_ = pickle.loads(legacy)  # noqa: S301 - inside a joblib file already being unpickled


_LEGACY_PICKLE_OK: contextvars.ContextVar[bool] = contextvars.ContextVar("legacy_vocabulary_ok", default=False)


@contextlib.contextmanager
def legacy_vocabulary_allowed() -> Iterator[None]:
    """Let vectorizers restored inside this block read a nested-pickle vocabulary (0.1 files).

    Only the joblib loader uses it: a joblib file is a pickle, so it can run code anyway.
    Anywhere else (a skops file) such a vocabulary is refused.
    """
    token = _LEGACY_PICKLE_OK.set(True)
    try:
        yield
    finally:
        _LEGACY_PICKLE_OK.reset(token)


def _pack_terms(vocab: dict) -> bytes:
    terms = [""] * len(vocab)
    for term, i in vocab.items():
        terms[i] = term
    if any("\x00" in t for t in terms) or not all(vocab.get(t) == i for i, t in enumerate(terms)):
        raise ValueError("cannot store this vocabulary: its indices are not 0..n-1 or a term contains NUL")
    return "\x00".join(terms).encode("utf-8")


def _unpack_terms(packed: bytes) -> dict[str, int]:
    if not isinstance(packed, bytes):
        raise ValueError(f"stored vocabulary must be bytes, got {type(packed).__name__}")
    terms = packed.decode("utf-8").split("\x00")
    return dict(zip(terms, range(len(terms))))
