"""underthesea's word segmentation, read from underthesea's own model and scored with caches.

underthesea's ``word_tokenize`` splits a text into syllables with a regular expression, then
tags each syllable ``B-W`` (starts a word) or ``I-W`` (continues one) with a linear-chain CRF.
The CRF reads 43 feature strings per syllable (the syllable and its neighbours up to two
positions away, alone and as spans, lower-cased, "is a number", "is title case", "is in the
dictionary"), built in Rust and handed to Python and back for every call. That round trip is
about 90% of the time of the ``default`` model's whole prediction.

:class:`WordSegmenter` gives the same segmentation from the same model file, faster:

- it reads the weights of the installed underthesea's CRF model (a CRFsuite file) once;
- a syllable's contribution to the scores of its neighbours depends only on the syllable, and a
  span's only on its syllables, so each is computed once and cached (a comment repeats most of
  the syllables and pairs of syllables other comments use);
- Viterbi decoding is underthesea's own (first best label on ties).

:func:`word_segments` is underthesea's ``word_tokenize(text, use_token_normalize=False)``:
``tests/test_segmentation.py`` checks that both give the same words on 1,200 comments of the
corpus and their accent-stripped and upper-case forms, and that every syllable's score equals
the weights of the 43 feature strings underthesea_core builds (on 50,759 texts, the whole corpus
and such variants, the two gave the same words for every one). When the installed underthesea's model uses a feature this module does not know, or its
file cannot be read, :func:`load_segmenter` returns ``None`` and :func:`word_segments` falls back
to underthesea's own ``word_tokenize``, so a new underthesea release can change speed, never
output.
"""

from __future__ import annotations

import pickle
import re
import struct
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

__all__ = ["MODEL_READ_ERRORS", "WordSegmenter", "load_segmenter", "read_crfsuite_model", "viterbi", "word_segments"]

# What reading an unreadable or unexpected model file raises; load_segmenter then falls back to
# underthesea's own word_tokenize.
MODEL_READ_ERRORS = (OSError, ValueError, IndexError, EOFError, struct.error, pickle.UnpicklingError)

_TEMPLATE_RE = re.compile(r"^T\[(-?\d+)(?:,(-?\d+))?\](?:\.(lower|isdigit|istitle|is_in_dict))?$")
_INT32_RE = re.compile(r"\A[+-]?[0-9]+\Z")
_FEATURE_DTYPE = np.dtype([("kind", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
_UNDERTHESEA_MODEL = "ws_crf_vlsp2013_20230727"  # the model directory underthesea's word_tokenize loads
_CACHE_LIMIT = 100_000  # spans per cache before it is emptied: about 60 MB at most for the three caches


def read_crfsuite_model(path: str | Path) -> tuple[list[str], dict[str, tuple[float, ...]], list[list[float]]]:
    """Read a CRFsuite first-order model file (``lCRF``/``FOMC``, as underthesea writes it).

    Returns
    -------
    labels : list of str
        Label names by label id.
    state : dict
        Attribute string → its weight for each label (attributes with no weight are left out).
    transitions : list of lists
        ``transitions[a][b]``: weight of label ``b`` following label ``a``.

    Raises
    ------
    ValueError
        If the file is not a CRFsuite first-order model.
    """
    buf = Path(path).read_bytes()
    if buf[:4] != b"lCRF" or buf[8:12] != b"FOMC":
        raise ValueError(f"{path} is not a CRFsuite first-order model file")
    n_labels, _n_attrs, off_feats, off_labels, off_attrs = struct.unpack_from("<5I", buf, 20)
    if buf[off_feats:off_feats + 4] != b"FEAT":
        raise ValueError(f"{path}: no feature chunk where the header says")
    (n_feats,) = struct.unpack_from("<I", buf, off_feats + 8)
    labels = _read_cqdb(buf, off_labels)
    attrs = _read_cqdb(buf, off_attrs)
    if len(labels) != n_labels:
        raise ValueError(f"{path}: {len(labels)} label names for {n_labels} labels")
    feats = np.frombuffer(buf, dtype=_FEATURE_DTYPE, count=n_feats, offset=off_feats + 12)
    if np.any(feats["kind"] > 1):
        raise ValueError(f"{path}: unknown feature type {int(feats['kind'].max())}")
    is_state = feats["kind"] == 0
    weights = np.zeros((len(attrs), n_labels))
    np.add.at(weights, (feats["src"][is_state], feats["dst"][is_state]), feats["weight"][is_state])
    transitions = np.zeros((n_labels, n_labels))
    np.add.at(transitions, (feats["src"][~is_state], feats["dst"][~is_state]), feats["weight"][~is_state])
    used = np.unique(feats["src"][is_state])
    state = dict(zip((attrs[i] for i in used.tolist()), map(tuple, weights[used].tolist())))
    return labels, state, transitions.tolist()


def _read_cqdb(buf: bytes, base: int) -> list[str]:
    """Strings of a CQDB block by id, read through its backward links."""
    if buf[base:base + 4] != b"CQDB":
        raise ValueError("no CQDB block where the header says")
    bwd_size, bwd_offset = struct.unpack_from("<II", buf, base + 16)
    out = []
    for (offset,) in struct.iter_unpack("<I", buf[base + bwd_offset:base + bwd_offset + 4 * bwd_size]):
        _id, ksize = struct.unpack_from("<II", buf, base + offset)
        start = base + offset + 8
        out.append(buf[start:start + ksize - 1].decode("utf-8"))
    return out


def _apply(function: str | None, text: str, dictionary: frozenset) -> str:
    """underthesea_core's feature functions, with the same results."""
    if function is None:
        return text
    if function == "lower":
        return text.lower()
    if function == "isdigit":  # Rust's str::parse::<i32>
        return str(bool(_INT32_RE.match(text)) and -2**31 <= int(text) < 2**31)
    if function == "istitle":
        return str(all(part[:1] == part[:1].upper() for part in text.split(" ")))
    return str(text.lower() in dictionary)


def viterbi(em: list[list[float]], trans: list[list[float]]) -> list[int]:
    """The best label path of a linear-chain CRF, as underthesea_core decodes it.

    Parameters
    ----------
    em : list of lists of float
        ``em[t][y]``: score of label ``y`` at position ``t`` (at least one position).
    trans : list of lists of float
        ``trans[a][b]``: score of label ``b`` right after label ``a``.

    Returns
    -------
    list of int
        One label id per position. On ties the first best previous label and the first best
        last label win, as in underthesea_core's Viterbi.
    """
    if len(trans) == 2:
        return _viterbi_2(em, trans)
    return _viterbi_general(em, trans)


def _viterbi_general(em: list[list[float]], trans: list[list[float]]) -> list[int]:
    L = range(len(trans))
    score, back = em[0], []
    for row in em[1:]:
        new, bp = [], []
        for y in L:
            cands = [score[yp] + trans[yp][y] for yp in L]
            best = max(cands)
            bp.append(cands.index(best))
            new.append(best + row[y])
        score = new
        back.append(bp)
    path = [score.index(max(score))]
    for bp in reversed(back):
        path.append(bp[path[-1]])
    return path[::-1]


def _viterbi_2(em: list[list[float]], trans: list[list[float]]) -> list[int]:
    """:func:`viterbi` for two labels, unrolled (same result, same tie-breaking)."""
    (t00, t01), (t10, t11) = trans
    a, b = em[0]
    back = []
    for e0, e1 in em[1:]:
        x0, y0, x1, y1 = a + t00, b + t10, a + t01, b + t11
        p0, best0 = (1, y0) if y0 > x0 else (0, x0)
        p1, best1 = (1, y1) if y1 > x1 else (0, x1)
        a, b = best0 + e0, best1 + e1
        back.append((p0, p1))
    path = [1 if b > a else 0]
    for bp in reversed(back):
        path.append(bp[path[-1]])
    return path[::-1]


class _SpanFeatures:
    """The templates over spans of one length, with a cache of each span's summed weights.

    A template ``T[lo,hi]`` reads, at syllable ``i``, the span starting at ``j = i + lo``: ``BOS``
    when ``j < 0``, ``EOS`` when the span runs past the end, else the span's value. Every
    template of one length reads the same spans, so one row per start ``j`` holds all of them:
    ``row[g, y]`` is the summed weight for label ``y`` of the templates at the ``g``-th offset.
    """

    def __init__(self, length: int, by_offset: dict[int, list[tuple[str, str | None]]],
                 state: dict[str, tuple[float, ...]], n_labels: int, dictionary: frozenset,
                 values_by_template: dict[str, set[str]]):
        self.length = length
        self.offsets = sorted(by_offset)
        self.state = state
        self.n_labels = n_labels
        self.dictionary = dictionary
        self.attrs = [(g, f"{syntax}=", fn) for g, lo in enumerate(self.offsets) for syntax, fn in by_offset[lo]]
        self.functions = sorted({fn for _, _, fn in self.attrs}, key=str)
        # the texts a raw or lower-cased template of this length has a weight for; a span whose
        # text is not among them scores by its flags (title case, number, in the dictionary) alone
        prefixes = {prefix[:-1] for _, prefix, fn in self.attrs if fn in (None, "lower")}
        self.known = frozenset().union(*(values_by_template.get(p, ()) for p in prefixes))
        self.flags = [fn for fn in self.functions if fn not in (None, "lower")]
        self.by_flags: dict[tuple[str, ...], np.ndarray] = {}
        self.bos = self._weights({fn: "BOS" for fn in self.functions})
        self.eos = self._weights({fn: "EOS" for fn in self.functions})
        self.cache: dict[tuple[str, ...], np.ndarray] = {}

    def _weights(self, values: dict[str | None, str]) -> np.ndarray:
        """Summed weights of every template, given each feature function's value."""
        L = self.n_labels
        flat = [0.0] * (len(self.offsets) * L)
        get = self.state.get
        for g, prefix, fn in self.attrs:
            w = get(prefix + values[fn])
            if w is not None:
                for y in range(L):
                    flat[g * L + y] += w[y]
        return np.array(flat).reshape(len(self.offsets), L)

    def _row(self, span: tuple[str, ...]) -> np.ndarray:
        """The weights of every template of this length on one span (cached)."""
        if len(self.cache) >= _CACHE_LIMIT:
            self.cache.clear()
        text = " ".join(span)
        values = {fn: _apply(fn, text, self.dictionary) for fn in self.functions}
        if text in self.known or values.get("lower", text.lower()) in self.known:
            row = self._weights(values)
        else:
            key = tuple(values[fn] for fn in self.flags)
            row = self.by_flags.get(key)
            if row is None:
                row = self.by_flags[key] = self._weights(values)
        self.cache[span] = row
        return row

    def add_scores(self, tokens: Sequence[str], em: np.ndarray) -> None:
        """Add the weights of these templates at every syllable of ``tokens`` to ``em``."""
        n, m = len(tokens), self.length
        first, last = self.offsets[0], self.offsets[-1]
        spans = list(zip(*(tokens[k:] for k in range(m))))  # the n - m + 1 spans inside the text
        get = self.cache.get
        rows = [get(span) for span in spans]
        for j, row in enumerate(rows):
            if row is None:
                rows[j] = self._row(spans[j])
        bos, eos = self.bos, self.eos
        table = np.array([bos if j < 0 else eos if j + m > n else rows[j] for j in range(first, n + last)])
        for g, lo in enumerate(self.offsets):
            em += table[lo - first:lo - first + n, g]


class WordSegmenter:
    """underthesea's CRF word segmenter with cached feature scores (see the module docstring).

    Parameters
    ----------
    templates : sequence of str
        The model's feature templates (``"T[-1,0].lower"``...), in underthesea_core's syntax.
    dictionary : iterable of str
        The word list the ``is_in_dict`` features look up (lower-cased).
    labels, state, transitions
        The CRF model, as :func:`read_crfsuite_model` returns it.

    Raises
    ------
    ValueError
        If a template uses a feature function underthesea_core does not define.
    """

    def __init__(self, templates: Sequence[str], dictionary, labels: Sequence[str],
                 state: dict[str, tuple[float, ...]], transitions: Sequence[Sequence[float]]):
        self.labels = list(labels)
        self._continue = self.labels.index("I-W") if "I-W" in self.labels else -1
        self._n = len(self.labels)
        self._trans = [list(row) for row in transitions]
        self._dictionary = frozenset(dictionary)
        groups: dict[int, dict[int, list[tuple[str, str | None]]]] = {}  # span length → offset → templates
        for t in templates:
            m = _TEMPLATE_RE.match(t)
            if m is None:
                raise ValueError(f"unsupported feature template {t!r}")
            lo = int(m.group(1))
            hi = int(m.group(2)) if m.group(2) is not None else lo
            if hi < lo:
                raise ValueError(f"unsupported feature template {t!r} (span ends before it starts)")
            groups.setdefault(hi - lo + 1, {}).setdefault(lo, []).append((t, m.group(3)))
        values_by_template: dict[str, set[str]] = {}  # "T[0,1]" → the values it has a weight for
        for attr in state:
            template, value = attr.split("=", 1)
            values_by_template.setdefault(template, set()).add(value)
        self._spans = [_SpanFeatures(length, by_offset, state, self._n, self._dictionary, values_by_template)
                       for length, by_offset in sorted(groups.items())]

    def emissions(self, tokens: Sequence[str]) -> np.ndarray:
        """Each syllable's score for each label (the sum of its features' weights), shape (n, labels)."""
        em = np.zeros((len(tokens), self._n))
        for spans in self._spans:
            spans.add_scores(tokens, em)
        return em

    def tag_ids(self, tokens: Sequence[str]) -> list[int]:
        """Label ids of the best tag sequence (Viterbi; the first best label wins ties, as in underthesea_core)."""
        if not tokens:
            return []
        em = self.emissions(tokens).tolist()
        return viterbi(em, self._trans)

    def segment(self, tokens: Sequence[str]) -> list[str]:
        """Join syllables into words (words of several syllables joined by a space)."""
        out: list[str] = []
        for i, (tag, token) in enumerate(zip(self.tag_ids(tokens), tokens)):
            if tag == self._continue and i > 0:
                out[-1] = out[-1] + " " + token
            else:
                out.append(token)
        return out


@lru_cache(maxsize=1)
def load_segmenter() -> WordSegmenter | None:
    """The :class:`WordSegmenter` of the installed underthesea's word segmentation model.

    ``None`` when underthesea's ``word_tokenize`` no longer loads the model directory this module
    reads, when the model's files cannot be read, or when it uses a feature this module does not
    know; :func:`word_segments` then uses underthesea's ``word_tokenize``.
    """
    import underthesea.pipeline.word_tokenize as wt

    base = Path(wt.__file__).parent / "models" / _UNDERTHESEA_MODEL
    try:
        if _UNDERTHESEA_MODEL not in Path(wt.__file__).read_text(encoding="utf-8"):
            return None  # this underthesea's word_tokenize loads another model: use it as it is
        templates = _load_pickled(base / "features.bin")
        dictionary = _load_pickled(base / "dictionary.bin")
        labels, state, transitions = read_crfsuite_model(base / "models.bin")
        return WordSegmenter(templates, dictionary, labels, state, transitions)
    except MODEL_READ_ERRORS:
        return None  # an unreadable or unexpected model file: underthesea's own word_tokenize is used


def _load_pickled(path: Path):
    """A file underthesea wrote with ``joblib.dump`` and loads with ``joblib.load`` itself.

    Plain objects (a list, a set of strings) make a plain pickle stream, which the standard
    library's C unpickler reads about 5 times faster than joblib's; anything else goes to joblib.
    """
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        import joblib

        return joblib.load(path)


def word_segments(text: str) -> list[str]:
    """underthesea's ``word_tokenize(text, use_token_normalize=False)``, with the same output."""
    from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize

    segmenter = load_segmenter()
    if segmenter is None:
        from underthesea import word_tokenize

        return word_tokenize(text, use_token_normalize=False)
    return segmenter.segment(tokenize(text, use_token_normalize=False))
