"""Readable evidence: which phrases of a comment pushed a label, and where they are in it.

A model's features are n-grams of the normalised comment: words
(``w:hách_dịch``), accent-stripped syllables (``s:hach dich``), both possibly
negation-marked (``w:neg_hướng_dẫn`` after "không"). One phrase of the text
usually fires several of them. :class:`EvidenceFinder` turns the per-feature
contributions of :meth:`ConductClassifier.explain` into phrases a person can
read:

- an n-gram and its accent-stripped twin are **one phrase**, shown as it is
  written in the comment (``"Quát tháo"``), with their weights summed; so are
  the shorter n-grams that only occur inside it ("quát", "tháo"): each stretch
  of the text is shown once, weighted by all the n-grams within it;
- a negated n-gram is shown with the negator that governs it
  (``"không hướng dẫn"``), and merged with the n-grams covering the same words;
- each phrase comes with its **character spans in the original text**
  (every occurrence), so pages can highlight it;
- phrases made only of filler are **not shown**: bare numbers, punctuation,
  :data:`STOP_WORDS`, and any phrase holding a placeholder the normaliser
  inserts for URLs, e-mails and phone numbers (:data:`PLACEHOLDERS`). This is
  a filter on what is shown, not on the model: the weights of the phrases
  shown are unchanged. Character n-grams and the length feature are not
  phrases and are not shown either (``explain(..., raw=True)`` lists every
  feature).

Spans are found by aligning the comment's whitespace tokens with their
normalised syllables (teencode such as ``ko`` maps to the token ``ko``, an
expansion such as ``nv`` → ``nhân viên`` to the whole token); a phrase whose
syllables cannot be found (a phone number written with spaces) has no span.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, NamedTuple, Sequence

from .normalize import EMAIL_TOKEN, PHONE_TOKEN, URL_TOKEN, normalize_text, strip_accents

__all__ = [
    "Evidence",
    "Explanation",
    "EvidenceFinder",
    "STOP_WORDS",
    "PLACEHOLDERS",
    "readable_feature",
    "is_filler",
]

PLACEHOLDERS: frozenset[str] = frozenset({URL_TOKEN, EMAIL_TOKEN, PHONE_TOKEN})
"""Tokens :func:`conduct_nlp.normalize_text` puts in place of URLs, e-mails and phone numbers."""

#: Vietnamese function words and pronouns that carry no evidence on their own
#: (particles, conjunctions, prepositions, demonstratives, tense markers,
#: intensifiers, personal pronouns). A phrase made only of these (and numbers or
#: punctuation) is not shown; a phrase that also holds a content word is
#: ("chị ấy quát" stays). Negators ("không", "chưa") are *not* stop-words.
STOP_WORDS: frozenset[str] = frozenset("""
à ạ á ơi nhé nha nhỉ nhá hả hử vậy thế thì là mà và với hay hoặc nhưng nên vì do bởi nếu tuy
của cho các những một mấy cả rất quá lắm hơi khá
này đó kia ấy nọ đây đấy rồi nữa cũng lại đã đang sẽ vẫn còn cứ như để ở tại từ trong ngoài
trên dưới khi lúc nào gì sao có
tôi tui tớ em anh chị mình bạn họ nó ông bà cô chú bác cháu chúng ta
""".split())

_STOP_STRIPPED = frozenset(strip_accents(w) for w in STOP_WORDS)
# accent-stripped first syllables of negators (of every scheme in conduct_nlp.analysis.NEGATION_SCHEMES)
_NEGATORS = frozenset({"khong", "chang", "chua", "cha", "thieu", "kem"})
_LOOKBACK = 6  # syllables searched back for the negator of a negated n-gram
# what ends a negation's scope (as in conduct_nlp.features): punctuation, "!", "?" and conjunctions
_BREAK_WORDS = frozenset({"!", "?", "nhung", "ma", "va", "con", "song", "tuy", "thi", "vi"})
_BREAK_PUNCT_RE = re.compile(r"[,.;:!?]")
_SYLLABLE_RE = re.compile(r"[^\W_]+|[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF]|[!?]")
_NUMBER_RE = re.compile(r"^\d+(?:[.,:/h]\d+)*$")
_TOKEN_RE = re.compile(r"\S+")


class Evidence(NamedTuple):
    """One readable phrase that pushed a label.

    Attributes
    ----------
    phrase : str
        As written in the comment (or built from the feature when it cannot be found there).
    weight : float
        Sum of the contributions to the label's log-odds of every feature merged into it.
    spans : tuple of (int, int)
        ``[start, end)`` character offsets of each occurrence in the original text.
    negated : bool
        The phrase is inside a negation ("không hướng dẫn").
    features : tuple of str
        The model features merged into it (``"w:hướng_dẫn"``, ``"s:huong dan"``, …).
    """

    phrase: str
    weight: float
    spans: tuple[tuple[int, int], ...]
    negated: bool = False
    features: tuple[str, ...] = ()


class Explanation(dict):
    """What :meth:`ConductClassifier.explain` returns: a dict label code → evidence list.

    A plain ``dict`` (same keys and values as before) with three attributes:

    Attributes
    ----------
    predicted : tuple of str
        The labels the model predicts for the text.
    below_threshold : tuple of str
        The explained labels whose score is below their threshold. When nothing
        is predicted and no ``labels`` were asked for, ``explain`` explains the
        top-scoring labels instead of returning nothing, and lists them here.
    scores : dict
        Label code → score, for the explained labels.
    """

    def __init__(self, items=(), *, predicted: Sequence[str] = (), below_threshold: Sequence[str] = (),
                 scores: dict[str, float] | None = None):
        super().__init__(items)
        self.predicted = tuple(predicted)
        self.below_threshold = tuple(below_threshold)
        self.scores = dict(scores or {})


def readable_feature(feature: str) -> str:
    """A raw feature name for people: ``"s:hach_dich"`` → ``"hach dich (no accents)"``, ``"w:neg_x"`` → ``"not: x"``,
    ``"w:req_x"`` → ``"request: x"``."""
    kind, _, body = feature.partition(":")
    neg = body.startswith("neg_")
    req = body.startswith("req_")
    if neg or req:
        body = body[4:]
    if kind == "c":
        return f"chars: {body!r}"
    body = body.replace("_", " ")
    if kind == "s":
        body = f"{body} (no accents)"
    return f"not: {body}" if neg else f"request: {body}" if req else body


def _parse(feature: str) -> tuple[tuple[str, ...], bool, str] | None:
    """Word or syllable n-gram → (accent-stripped syllables, negated, surface); None for other features."""
    kind, _, body = feature.partition(":")
    if kind not in ("w", "s") or not body:
        return None
    negated = False
    words = []
    for tok in body.split(" "):
        if tok.startswith("neg_"):
            negated, tok = True, tok[4:]
        elif tok.startswith("req_"):  # inside a request: found in the text like a plain phrase
            tok = tok[4:]
        words.append(tok.replace("_", " "))
    surface = " ".join(words)
    syllables = tuple(_SYLLABLE_RE.findall(strip_accents(surface)))
    return (syllables, negated, surface) if syllables else None


def is_filler(syllable: str) -> bool:
    """True for a syllable that is no evidence on its own: a stop-word, a number, ``!``/``?``, a placeholder."""
    s = syllable.lower()
    if s in STOP_WORDS or s in PLACEHOLDERS or s in ("!", "?") or _NUMBER_RE.match(s):
        return True
    return s == strip_accents(s) and s in _STOP_STRIPPED


def _kind(syllable: str) -> str:
    """``"w"`` (letters, digits), ``"p"`` (``!``/``?``) or ``"e"`` (emoji)."""
    return "p" if syllable in ("!", "?") else "w" if syllable[0].isalnum() else "e"


class _Syllable(NamedTuple):
    key: str  # accent-stripped, normalised
    form: str  # normalised, accents kept
    start: int
    end: int
    brk: bool  # punctuation between the previous syllable and this one


class EvidenceFinder:
    """Phrases and spans for one comment; build once, then call :meth:`phrases` per label.

    Parameters
    ----------
    text : str
        The original comment (spans refer to it).
    """

    def __init__(self, text: str):
        self.text = text
        self.syllables = self._align(text)
        self._keys = [s.key for s in self.syllables]

    @staticmethod
    def _align(text: str) -> list[_Syllable]:
        out: list[_Syllable] = []
        for m in _TOKEN_RE.finditer(text):
            tok = m.group()
            norm = normalize_text(tok)
            forms = _SYLLABLE_RE.findall(norm)
            keys = _SYLLABLE_RE.findall(strip_accents(norm))
            if not keys:
                continue
            if len(forms) != len(keys):
                forms = keys
            parts = list(_SYLLABLE_RE.finditer(tok))
            lead = len(tok) - len(tok.lstrip("\"'([{<«“‘"))
            trail = len(tok) - len(tok.rstrip("\"')]}>»”’.,;:"))
            whole = (m.start() + lead, m.end() - trail) if lead + trail < len(tok) else (m.start(), m.end())
            # map syllables to the token's own parts kind by kind (words, emoji, "!?"); when a kind's
            # counts differ (an expansion "nv" → "nhân viên", an emoticon, "!!!" squeezed to "!"),
            # every syllable of that kind gets the whole token
            spans: list[tuple[int, int]] = []
            by_kind: dict[str, list] = {}
            for p in parts:
                by_kind.setdefault(_kind(p.group()), []).append(p)
            used: dict[str, int] = {}
            counts = {kd: sum(1 for k in keys if _kind(k) == kd) for kd in ("w", "e", "p")}
            for k in keys:
                kd = _kind(k)
                own = by_kind.get(kd, [])
                if len(own) == counts[kd]:
                    p = own[used.get(kd, 0)]
                    used[kd] = used.get(kd, 0) + 1
                    spans.append((m.start() + p.start(), m.start() + p.end()))
                else:
                    spans.append(whole)
            for k, f, (a, b) in zip(keys, forms, spans):
                prev_end = out[-1].end if out else 0
                out.append(_Syllable(k, f, a, b, bool(_BREAK_PUNCT_RE.search(text, prev_end, max(a, prev_end)))))
        return out

    def _negator_before(self, i: int) -> int | None:
        for j in range(i - 1, max(-1, i - 1 - _LOOKBACK), -1):
            if self.syllables[j + 1].brk or self._keys[j] in _BREAK_WORDS:
                return None
            if self._keys[j] in _NEGATORS:
                return j
        return None

    def _occurrences(self, syllables: tuple[str, ...], negated: bool) -> list[tuple[int, int]]:
        """Index ranges ``[i, j)`` of the aligned syllables where the phrase occurs (negator included)."""
        n, k = len(self._keys), len(syllables)
        found, plain = [], []
        for i in range(n - k + 1):
            if tuple(self._keys[i:i + k]) != syllables:
                continue
            if syllables[0] in _NEGATORS:
                neg_at = i
            else:
                neg_at = self._negator_before(i)
            if negated and neg_at is not None:
                found.append((neg_at, i + k))
            elif not negated and (neg_at is None or neg_at == i):
                found.append((i, i + k))
            plain.append((i, i + k))
        return found or plain

    @staticmethod
    def _merge_nested(groups: dict) -> None:
        """Fold each phrase into the largest phrase whose occurrences contain all of its own.

        A phrase across punctuation (a syllable n-gram such as "dịch, quát") hosts nothing:
        the clauses on each side stay separate phrases.
        """
        def covers(outer: frozenset, inner: frozenset) -> bool:
            return all(any(a <= c and d <= b for a, b in outer) for c, d in inner)

        located = [k for k in groups if len(k) == 1]
        size = {k: sum(b - a for a, b in k[0]) for k in located}
        for k in sorted(located, key=lambda k: size[k]):
            hosts = [h for h in located if h != k and h in groups and not groups[h]["crosses"]
                     and size[h] > size[k] and covers(h[0], k[0])]
            if not hosts:
                continue
            host = groups[max(hosts, key=lambda h: (size[h], groups[h]["weight"]))]
            g = groups.pop(k)
            host["weight"] += g["weight"]
            host["features"].extend(g["features"])
            host["negated"] = host["negated"] or g["negated"]

    def phrases(self, contributions: Iterable[tuple[str, float]], top: int | None = None,
                merge_nested: bool = True) -> list[Evidence]:
        """Merge per-feature contributions into readable phrases, strongest first.

        Parameters
        ----------
        contributions : iterable of (feature, weight)
            Raw feature names (``"w:…"``, ``"s:…"``, …) and their contributions to one label.
        top : int, optional
            Keep the ``top`` strongest phrases.
        merge_nested : bool, default=True
            Fold an n-gram whose every occurrence lies inside a longer phrase of the
            list into it ("quát" and "tháo" into "quát tháo"), so each stretch of
            the text is shown once, with the summed weight of the n-grams within it.

        Returns
        -------
        list of Evidence
            Phrases with a positive summed weight, filler left out (see the module docstring).
        """
        groups: dict[object, dict] = {}
        for feature, weight in contributions:
            parsed = _parse(feature)
            if parsed is None:
                continue
            syllables, negated, surface = parsed
            occ = self._occurrences(syllables, negated)
            # one phrase per stretch of the text: n-grams covering the same characters merge
            key: object = (frozenset((self.syllables[a].start, self.syllables[b - 1].end) for a, b in occ),) \
                if occ else (syllables, negated)
            g = groups.setdefault(key, {"weight": 0.0, "features": [], "occ": occ, "syllables": syllables,
                                        "negated": negated, "surface": None,
                                        "crosses": any(self.syllables[k].brk for a, b in occ for k in range(a + 1, b))})
            g["weight"] += float(weight)
            g["features"].append(feature)
            if feature.startswith("w:") or g["surface"] is None:  # a word n-gram keeps its accents
                g["surface"] = surface
        if merge_nested:
            self._merge_nested(groups)
        out = []
        for g in groups.values():
            if g["weight"] <= 0:
                continue
            if g["occ"]:
                i, j = g["occ"][0]
                forms = [s.form for s in self.syllables[i:j]]
                spans = tuple(sorted({(self.syllables[a].start, self.syllables[b - 1].end) for a, b in g["occ"]}))
                a, b = spans[0]
                phrase = unicodedata.normalize("NFC", " ".join(self.text[a:b].split()))
            else:
                forms = list(g["syllables"])
                spans = ()
                phrase = g["surface"]
            if any(f.lower() in PLACEHOLDERS for f in list(g["syllables"]) + forms) or all(map(is_filler, forms)):
                continue
            out.append(Evidence(phrase, round(g["weight"], 4), spans, g["negated"], tuple(g["features"])))
        out.sort(key=lambda e: (-e.weight, e.phrase))
        return out[:top] if top is not None else out
