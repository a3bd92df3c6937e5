"""Normalisation of Vietnamese comment text.

:func:`normalize_text` is the first stage of every model. It is pure, fast and
idempotent (``normalize_text(normalize_text(s)) == normalize_text(s)``):

1. Unicode NFC, and ``ð`` → ``đ``;
2. URLs, e-mail addresses and phone numbers → the placeholders ``urltoken``,
   ``emailtoken``, ``phonetoken``;
3. lower-casing;
4. emoticons (``:)``, ``:(``, ``<3``, ``=))`` ...) → emoji, and every emoji is
   kept as a token of its own (they carry sentiment);
5. runs of three or more identical letters squeezed to one ("quáaaa" → "quá"),
   runs of repeated punctuation squeezed to one mark;
6. old-style tone-mark placement unified with the new style ("hoà" → "hòa",
   "thuỷ" → "thủy") using underthesea's token normalisation table;
7. abbreviations and teencode expanded from ``conduct_nlp/resources/abbreviations.tsv``
   ("ko" → "không", "cb" → "cán bộ", "đc" → "được" ...).

:func:`strip_accents` gives the accent-free view used for comments typed
without diacritics.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

__all__ = [
    "normalize_text",
    "strip_accents",
    "has_diacritics",
    "load_abbreviations",
    "tone_map",
    "Normalizer",
    "URL_TOKEN",
    "EMAIL_TOKEN",
    "PHONE_TOKEN",
]

URL_TOKEN = "urltoken"
EMAIL_TOKEN = "emailtoken"
PHONE_TOKEN = "phonetoken"

_URL_RE = re.compile(r"(?i)\b(?:https?://|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:vn|com|net|org|gov|info)(?:/\S*)?\b")
_EMAIL_RE = re.compile(r"(?i)\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# Vietnamese phone numbers: 0xx.. or +84, 9-11 digits, with optional separators; hotlines 1022, 1900xxxx.
_PHONE_RE = re.compile(r"(?<![\w])(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?![\w])|(?<![\w])1[89]00(?:[\s.\-]?\d){4,6}(?![\w])")

# Emoticons → emoji. Longest first so "=))" is not read as "=)".
_EMOTICONS = {
    ":-)": "🙂", ":)": "🙂", "=)": "🙂", "(:": "🙂",
    ":-(": "🙁", ":(": "🙁", "=(": "🙁", "):": "🙁",
    ":d": "😄", ":-d": "😄", "=))": "😆", ":))": "😆",
    "<3": "❤", ":'(": "😢", ":v": "😆", "-_-": "😑", "^^": "😊", "^_^": "😊",
    ":3": "😊", ":p": "😛", ":o": "😮", ">:(": "😠",
}
_EMOTICON_RE = re.compile(
    r"(?<![\w])(?:"
    + "|".join(re.escape(e) for e in sorted(_EMOTICONS, key=len, reverse=True))
    + r")+(?![\w])"
)
# Emoji and pictographs (BMP symbols and the supplementary planes); variation selectors and ZWJ dropped.
EMOJI_CLASS = "\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF"
"""Code-point ranges treated as emoji (a regex character-class body), shared by every module."""
_EMOJI_RE = re.compile(f"[{EMOJI_CLASS}]")
_EMOJI_JOINERS_RE = re.compile("[\uFE0E\uFE0F\u200D\U0001F3FB-\U0001F3FF]")
_REPEAT_LETTER_RE = re.compile(r"([^\W\d_])\1{2,}")
# An accented vowel dragged out with its bare vowel: "quáaaa" → "quá", "hếtttt" is handled above.
_DRAGGED_VOWEL_RE = re.compile(
    "([àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ])([aeiouy])\\2+"
)
_REPEAT_PUNCT_RE = re.compile(r"([!?.,;:~\-_*#=+])\1+")
_SPACES_RE = re.compile(r"\s+")
_ANY_DIGIT_RE = re.compile(r"\d")
_EMOTICON_CHARS_RE = re.compile(r"[:=()<^_>-]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200c\u2060\ufeff]")
# A token with its leading/trailing punctuation, for abbreviation lookup.
_TOKEN_RE = re.compile(r"\S+")
_EDGE_RE = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)


@lru_cache(maxsize=1)
def load_abbreviations() -> dict[str, str]:
    """Return the abbreviation table shipped in ``conduct_nlp/resources/abbreviations.tsv``.

    Returns
    -------
    dict
        Lower-case short form → expansion.
    """
    table: dict[str, str] = {}
    text = resources.files("conduct_nlp.resources").joinpath("abbreviations.tsv").read_text("utf-8")
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise ValueError(f"abbreviations.tsv:{lineno}: expected 'short<TAB>expansion', got {line!r}")
        table[unicodedata.normalize("NFC", parts[0].strip().lower())] = unicodedata.normalize(
            "NFC", parts[1].strip().lower()
        )
    return table


@lru_cache(maxsize=1)
def _tone_map() -> dict[str, str]:
    from underthesea.pipeline.text_normalize.text_normalizer import token_map

    return {
        unicodedata.normalize("NFC", k.lower()): unicodedata.normalize("NFC", v.lower())
        for k, v in token_map.items()
    }


def _emoticon(match: re.Match) -> str:
    out = []
    s = match.group(0)
    i = 0
    keys = sorted(_EMOTICONS, key=len, reverse=True)
    while i < len(s):
        for k in keys:
            if s.startswith(k, i):
                out.append(_EMOTICONS[k])
                i += len(k)
                break
        else:  # pragma: no cover - the regex only matches emoticon runs
            i += 1
    return " " + " ".join(out) + " "


def _undrag(match: re.Match) -> str:
    vowel, bare = match.group(1), match.group(2)
    return vowel if _strip_word(vowel) == bare else match.group(0)


def _normalize_token(token: str, abbreviations: dict[str, str], tones: dict[str, str]) -> str:
    if token.isalnum():
        core, lead, trail = token, "", ""
    else:
        lead, core, trail = _EDGE_RE.match(token).groups()
    if not core:
        return token
    if core in abbreviations:  # before squeezing: "cccd" is an abbreviation, not a typo
        return f"{lead}{abbreviations[core]}{trail}"
    core = _REPEAT_LETTER_RE.sub(r"\1", _DRAGGED_VOWEL_RE.sub(_undrag, core))
    core = tones.get(core, core)
    core = abbreviations.get(core, core)
    return f"{lead}{core}{trail}"


class _TokenCache(dict):
    """token → normalised token, filled on first use; lookups of known tokens run at C speed.

    Tokens repeat a lot across comments; caching makes normalisation ~3x faster.
    Bounded: emptied when it reaches :data:`_TOKEN_CACHE_SIZE` entries. ``tones`` is the
    tone-mark table; ``None`` reads underthesea's (imported on first use).
    """

    def __init__(self, tones: dict[str, str] | None = None):
        super().__init__()
        self.tones = tones

    def __missing__(self, token: str) -> str:
        if len(self) >= _TOKEN_CACHE_SIZE:
            self.clear()
        tones = self.tones if self.tones is not None else _tone_map()
        out = self[token] = _normalize_token(token, load_abbreviations(), tones)
        return out


_TOKEN_CACHE_SIZE = 200_000
_TOKEN_CACHE = _TokenCache()


def normalize_text(text: str) -> str:
    """Normalise one comment (see the module docstring for the rules).

    Parameters
    ----------
    text : str
        Raw comment.

    Returns
    -------
    str
        The normalised comment; ``""`` for blank input.

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, got {type(text).__name__}")
    return _normalize(text, _TOKEN_CACHE)


def _normalize(text: str, cache: _TokenCache) -> str:
    s = unicodedata.normalize("NFC", text)
    s = _CONTROL_RE.sub(" ", s).replace("ð", "đ").replace("Ð", "Đ")
    # Each pattern below is skipped when a character it needs is absent (same result, less work).
    if "@" in s:
        s = _EMAIL_RE.sub(f" {EMAIL_TOKEN} ", s)
    if "." in s or "/" in s:
        s = _URL_RE.sub(f" {URL_TOKEN} ", s)
    if _ANY_DIGIT_RE.search(s):
        s = _PHONE_RE.sub(f" {PHONE_TOKEN} ", s)
    s = s.lower()
    if _EMOTICON_CHARS_RE.search(s):
        s = _EMOTICON_RE.sub(_emoticon, s)
    if not s.isascii():
        s = _EMOJI_JOINERS_RE.sub("", s)
        s = _EMOJI_RE.sub(r" \g<0> ", s)
    s = _REPEAT_PUNCT_RE.sub(r"\1", s)
    s = " ".join(map(cache.__getitem__, s.split()))
    # A second NFC pass: lower-casing and table lookups can leave decomposed marks.
    return unicodedata.normalize("NFC", s)


def tone_map() -> dict[str, str]:
    """The tone-mark table :func:`normalize_text` applies (underthesea's, lower-cased, NFC): a copy."""
    return dict(_tone_map())


class Normalizer:
    """:func:`normalize_text` with a given tone-mark table instead of underthesea's.

    The inference-only predictor (:mod:`conduct_nlp.compiled`) carries the table
    its model was exported with, so normalising needs no underthesea import (~1 s).
    With the table :func:`tone_map` returns, the output equals :func:`normalize_text`'s.

    Parameters
    ----------
    tones : mapping of str to str
        Old-style token → new-style token (see :func:`tone_map`).
    """

    def __init__(self, tones: dict[str, str]):
        self._cache = _TokenCache(dict(tones))

    def __call__(self, text: str) -> str:
        """Normalise one comment (as :func:`normalize_text`)."""
        if not isinstance(text, str):
            raise TypeError(f"text must be str, got {type(text).__name__}")
        return _normalize(text, self._cache)


_STRIP_TABLE = str.maketrans({"đ": "d", "Đ": "D"})


@lru_cache(maxsize=4096)
def _strip_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.translate(_STRIP_TABLE))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


class _StripChars(dict):
    """``str.translate`` table: character → the character without its diacritics, filled on first use."""

    def __missing__(self, code: int) -> str:
        out = self[code] = _strip_word(chr(code))
        return out


_STRIP_CHARS = _StripChars()


def strip_accents(text: str) -> str:
    """Remove Vietnamese diacritics ("hách dịch" → "hach dich", "đ" → "d")."""
    if text.isascii():
        return text
    out = text.translate(_STRIP_CHARS)
    if not out.isascii() and not unicodedata.is_normalized("NFC", out):
        # a leftover combining sequence: strip word by word, as a whole
        return " ".join(_strip_word(w) if not w.isascii() else w for w in text.split(" "))
    return out


def has_diacritics(text: str) -> bool:
    """True if ``text`` contains any Vietnamese letter with a diacritic (or ``đ``)."""
    return strip_accents(text) != text
