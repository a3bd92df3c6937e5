"""Text analysis without scikit-learn: tokenizers, :class:`Document`, negation and n-grams.

The feature side of a model that needs only the standard library and
``normalize``: :mod:`conduct_nlp.features` (the scikit-learn vectorizer) and
:mod:`conduct_nlp.compiled` (the inference-only predictor) both build on it,
so they analyse a comment the same way. See :mod:`conduct_nlp.features` for
the three views of a :class:`Document` and the feature prefixes.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Sequence

import numpy as np

from .normalize import EMOJI_CLASS, normalize_text, strip_accents
from .segmentation import word_segments

__all__ = [
    "TOKENIZERS",
    "Document",
    "analyze",
    "analyze_many",
    "analyze_normalized",
    "has_letters",
    "without_letters",
    "word_tokenize_vi",
    "syllable_tokenize",
    "SYLLABLE_PATTERN",
    "underthesea_syllable_tokenize",
    "apply_negation",
    "ngrams",
    "length_bucket",
    "ngram_features",
    "word_view",
    "syllable_view",
    "NEGATORS_WORDS",
    "NEGATORS_SYLLABLES",
    "NEGATION_SCHEMES",
    "NegationScheme",
    "REQUEST_MARKERS",
    "REQUEST_SCOPE",
    "mark_requests",
    "marked_words",
    "marked_syllables",
    "negators_for",
    "WORD_NEGATION_SCOPE",
    "SYLLABLE_NEGATION_SCOPE",
    "BREAK_PUNCT",
]

TOKENIZERS = ("underthesea", "underthesea-syllable", "syllable")
"""The tokenizers a model can be trained with; recorded in its manifest."""

SYLLABLE_PATTERN = rf"[^\W_]+|[{EMOJI_CLASS}]|[!?]"
"""The regular expression of :func:`syllable_tokenize` (a syllable, an emoji, ``!`` or ``?``)."""
_SYLLABLE_RE = re.compile(SYLLABLE_PATTERN)
_KEEP_TOKEN_RE = re.compile(rf"[^\W_]|[{EMOJI_CLASS}]|^[!?]$")
# Tokens that end a negation scope.
_SCOPE_BREAKERS = frozenset(
    {",", ".", "!", "?", ";", ":", "nhưng", "mà", "và", "còn", "song", "tuy",
     "nhung", "ma", "va", "con", "tuy_nhiên", "nhưng_mà", "thì", "thi", "vì", "vi"}
)
NEGATORS_WORDS = frozenset(
    {"không", "chẳng", "chả", "chưa", "đừng", "chớ", "không_hề", "chẳng_hề", "chưa_hề",
     "không_bao_giờ", "chưa_bao_giờ", "chưa_từng", "chẳng_bao_giờ", "không_còn", "chả_hề"}
)
NEGATORS_SYLLABLES = frozenset({"khong", "chang", "chua"})


class NegationScheme(NamedTuple):
    """The markers of one ``negation`` setting (see :data:`NEGATION_SCHEMES`)."""

    words: frozenset  # negators among word tokens
    syllables: frozenset  # negators among accent-stripped syllables
    requests: frozenset = frozenset()  # request markers among word tokens ("nên", "mong", ...)


REQUEST_MARKERS = frozenset(
    {"nên", "cần", "mong", "hy_vọng", "hi_vọng", "đề_nghị", "yêu_cầu", "ước_gì", "giá_mà", "mong_muốn",
     "kiến_nghị", "cần_phải", "hy"}
)
"""Word tokens that open a request ("mong cô nhiệt tình hơn"); ``"hy"`` for the syllable tokenizer's
"hy vọng". Unaccented forms are left out: "can" is also "cán" (cán bộ), "nen" also "nền"."""
NEGATION_SCHEMES: dict[str, NegationScheme] = {
    "v1": NegationScheme(NEGATORS_WORDS, NEGATORS_SYLLABLES),
    # v2 adds the negators of plain evaluations: "thiếu nhiệt tình", "kém lịch sự", southern "hổng/hông"
    # (words only: unaccented "hong" is also "hỏng", broken), and marks requests, which the guideline
    # reads as criticism: "nên nhiệt tình hơn" must not look like "nhiệt tình"
    "v2": NegationScheme(NEGATORS_WORDS | {"thiếu", "kém", "hổng", "hông"}, NEGATORS_SYLLABLES | {"thieu", "kem"},
                         REQUEST_MARKERS),
}
"""Named marker sets: tokens after a negator become ``neg_`` + token, tokens after a request
marker ``req_`` + token (word view only).

A model records its scheme (the ``negation`` parameter), so a saved model keeps the markers it
was trained with: ``True`` means ``"v1"`` (models of conduct_nlp 0.1), ``False`` no marking.
"""
REQUEST_SCOPE = 4
"""Word tokens marked ``req_`` after a request marker."""
# "không những / không chỉ / chưa kể" are not negations.
_NOT_NEGATION_NEXT = frozenset({"những", "chỉ", "kể", "nhung", "chi", "ke", "những_là"})


class Document(NamedTuple):
    """A comment analysed into the views the features read."""

    words: tuple[str, ...]
    syllables: tuple[str, ...]
    stripped: str


def word_tokenize_vi(normalized: str) -> list[str]:
    """Segment normalised text into words with underthesea (compounds joined by ``_``).

    Punctuation tokens other than ``!`` and ``?`` are kept only as scope
    breakers for negation (``,`` and ``.``), other symbols are dropped. The words are
    underthesea's ``word_tokenize``, computed by :func:`conduct_nlp.segmentation.word_segments`
    (the same output, several times faster).
    """
    if not normalized:
        return []
    tokens = word_segments(normalized)
    out = []
    for tok in tokens:
        tok = tok.replace(" ", "_")
        if tok in (",", ".", ";", ":") or _KEEP_TOKEN_RE.search(tok):
            out.append(tok)
    return out


def underthesea_syllable_tokenize(normalized: str) -> list[str]:
    """Syllables by underthesea's regex tokenizer (no word segmentation).

    The same token filter as :func:`word_tokenize_vi` is applied.
    """
    from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize

    if not normalized:
        return []
    tokens = tokenize(normalized, use_character_normalize=False, use_token_normalize=False)
    return [tok for tok in tokens if tok in (",", ".", ";", ":") or _KEEP_TOKEN_RE.search(tok)]


def syllable_tokenize(text: str) -> list[str]:
    """Split text into syllables, emoji, ``!`` and ``?`` (no word segmentation)."""
    return _SYLLABLE_RE.findall(text)


def analyze(text: str, tokenizer: str = "underthesea") -> Document:
    """Normalise and analyse one comment into a :class:`Document`."""
    norm = normalize_text(text)
    return analyze_normalized(norm, tokenizer)


def analyze_normalized(norm: str, tokenizer: str) -> Document:
    if tokenizer == "underthesea":
        words = word_tokenize_vi(norm)
    elif tokenizer == "syllable":
        words = syllable_tokenize(norm)
    elif tokenizer == "underthesea-syllable":
        words = underthesea_syllable_tokenize(norm)
    else:
        raise ValueError(f"tokenizer must be one of {TOKENIZERS}, got {tokenizer!r}")
    stripped = strip_accents(norm)
    return Document(tuple(words), tuple(syllable_tokenize(stripped)), stripped)


def has_letters(doc: Document) -> bool:
    """Whether an analysed comment holds at least one letter.

    Emoji, emoticons (``:)`` is normalised to 🙂), digits and punctuation alone say nothing about
    anyone's conduct (annotation guide 4.13: "👍", "..." → no label), so the classifier and the
    predictor give such a comment, or such a clause, zero scores.
    """
    return any(ch.isalpha() for ch in doc.stripped)


def without_letters(docs: Sequence[Document]) -> np.ndarray:
    """Boolean mask of the analysed comments that hold no letter (:func:`has_letters`)."""
    return np.fromiter((not has_letters(d) for d in docs), dtype=bool, count=len(docs))


def analyze_many(texts: Sequence[str], tokenizer: str = "underthesea") -> list[Document]:
    """Analyse many comments; identical normalised texts are analysed once."""
    cache: dict[str, Document] = {}
    out = []
    for t in texts:
        norm = normalize_text(t)
        doc = cache.get(norm)
        if doc is None:
            doc = cache[norm] = analyze_normalized(norm, tokenizer)
        out.append(doc)
    return out


def apply_negation(tokens: Sequence[str], negators: frozenset, scope: int) -> list[str]:
    """Tokens with those in a negator's scope replaced by ``neg_`` + token.

    Replacing (rather than adding) keeps "không hách dịch" from ever
    producing the plain n-gram "hách dịch", so the two cannot be confused.
    """
    if negators.isdisjoint(tokens):  # most comments: nothing to mark
        return list(tokens)
    out = []
    remaining = 0
    n = len(tokens)
    for i, tok in enumerate(tokens):
        if tok in _SCOPE_BREAKERS:
            remaining = 0
            out.append(tok)
            continue
        if tok in negators:
            nxt = tokens[i + 1] if i + 1 < n else ""
            remaining = 0 if nxt in _NOT_NEGATION_NEXT else scope
            out.append(tok)
            continue
        if remaining:
            out.append("neg_" + tok)
            remaining -= 1
        else:
            out.append(tok)
    return out


def mark_requests(tokens: Sequence[str], markers: frozenset, scope: int = REQUEST_SCOPE) -> list[str]:
    """Tokens after a request marker replaced by ``req_`` + token, up to ``scope`` or a scope breaker.

    Run after :func:`apply_negation`: negated tokens keep their ``neg_`` mark.
    """
    if markers.isdisjoint(tokens):
        return list(tokens)
    out = []
    remaining = 0
    for tok in tokens:
        if tok in _SCOPE_BREAKERS:
            remaining = 0
        elif tok in markers:
            remaining = scope
        elif remaining:
            remaining -= 1
            if not tok.startswith("neg_"):
                tok = "req_" + tok
        out.append(tok)
    return out


def ngrams(tokens: Sequence[str], lo: int, hi: int, prefix: str) -> list[str]:
    """``prefix + " ".join(tokens[i:i+k])`` for every k in [lo, hi], built without per-gram joins."""
    first = [prefix + t for t in tokens]
    out: list[str] = []
    for k in range(lo, hi + 1):
        if k == 1:
            out.extend(first)
        elif k == 2:
            out.extend([a + " " + b for a, b in zip(first, tokens[1:])])
        elif k == 3:
            out.extend([a + " " + b + " " + c for a, b, c in zip(first, tokens[1:], tokens[2:])])
        else:
            out.extend([first[i] + " " + " ".join(tokens[i + 1:i + k]) for i in range(len(tokens) - k + 1)])
    return out


def length_bucket(n: int) -> str:
    if n <= 3:
        return f"n:{n}"
    if n <= 5:
        return "n:4-5"
    if n <= 9:
        return "n:6-9"
    return "n:10-19" if n <= 19 else "n:20+"


WORD_NEGATION_SCOPE = 3
"""Word tokens marked ``neg_`` after a negator."""
SYLLABLE_NEGATION_SCOPE = 4
"""Syllables marked ``neg_`` after a negator."""
BREAK_PUNCT = (",", ".", ";", ":")
"""Punctuation kept by the tokenizers only to end a negation scope; never a feature."""


def negators_for(negation: bool | str) -> NegationScheme | None:
    """The :class:`NegationScheme` of a ``negation`` setting; ``None`` when it is off.

    Raises
    ------
    ValueError
        If ``negation`` is not a bool or a name in :data:`NEGATION_SCHEMES`.
    """
    if negation is False or negation is None:
        return None
    if negation is True:
        return NEGATION_SCHEMES["v1"]
    if isinstance(negation, str) and negation in NEGATION_SCHEMES:
        return NEGATION_SCHEMES[negation]
    raise ValueError(f"negation must be True, False or one of {tuple(NEGATION_SCHEMES)}, got {negation!r}")


def marked_words(words: Sequence[str], scheme: NegationScheme | None) -> Sequence[str]:
    """Word tokens with the scheme's negation (``neg_``) and request (``req_``) scopes marked.

    Returns ``words`` itself when nothing is marked (most comments hold no negator), so the
    predictor's hot loop pays no copy. Scope-breaking punctuation is kept.
    """
    if scheme is None:
        return words
    if not scheme.words.isdisjoint(words):
        words = apply_negation(words, scheme.words, WORD_NEGATION_SCOPE)
    if scheme.requests and not scheme.requests.isdisjoint(words):
        words = mark_requests(words, scheme.requests)
    return words


def marked_syllables(syllables: Sequence[str], scheme: NegationScheme | None) -> Sequence[str]:
    """Accent-stripped syllables with the scheme's negation scopes marked (``syllables`` itself when none)."""
    if scheme is None or scheme.syllables.isdisjoint(syllables):
        return syllables
    return apply_negation(syllables, scheme.syllables, SYLLABLE_NEGATION_SCOPE)


def word_view(words: Sequence[str], negation: bool | str) -> list[str]:
    """The word tokens that become ``w:`` n-grams: negation marked, scope-breaking punctuation dropped."""
    return [w for w in marked_words(words, negators_for(negation)) if w not in BREAK_PUNCT]


def syllable_view(syllables: Sequence[str], negation: bool | str) -> Sequence[str]:
    """The accent-stripped syllables that become ``s:`` n-grams (negation marked)."""
    return marked_syllables(syllables, negators_for(negation))


def ngram_features(doc: Document, word_ngram_range, syllable_ngram_range, char_ngram_range,
                   negation: bool | str, length_feature: bool) -> list[str]:
    """The string features of one :class:`Document` (what :class:`~conduct_nlp.features.NgramFeatures` returns).

    Parameters
    ----------
    doc : Document
        An analysed comment.
    word_ngram_range, syllable_ngram_range, char_ngram_range : tuple of int or None
        n-gram ranges of the three views; ``None`` disables a view.
    negation : bool or str
        Mark tokens inside a negation scope with ``neg_``; a name of :data:`NEGATION_SCHEMES`
        picks the negators (``True`` is ``"v1"``).
    length_feature : bool
        Add the comment's length bucket (``n:...``).

    Returns
    -------
    list of str
        Prefixed features, repeated as often as they occur.
    """
    feats: list[str] = []
    if word_ngram_range:
        feats.extend(ngrams(word_view(doc.words, negation), *word_ngram_range, "w:"))
    if syllable_ngram_range:
        feats.extend(ngrams(syllable_view(doc.syllables, negation), *syllable_ngram_range, "s:"))
    if length_feature:
        feats.append(length_bucket(len(doc.syllables)))
    if char_ngram_range:
        lo, hi = char_ngram_range
        for w in doc.stripped.split():
            w = f" {w} "
            L = len(w)
            for k in range(lo, min(hi, L) + 1):
                for i in range(L - k + 1):
                    feats.append("c:" + w[i:i + k])
    return feats
