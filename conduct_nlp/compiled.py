"""An inference-only copy of a fitted model: plain arrays, no scikit-learn, no skops.

:func:`export_predictor` turns a fitted multi-label
:class:`~conduct_nlp.ConductClassifier` into a dict of numpy arrays: the
analyzer settings, the vocabulary as integer n-gram keys, the idf weights, the
stacked linear heads with their sigmoid calibration (read from
:meth:`ConductClassifier.linear_heads`, not re-derived), the thresholds, the
classes and the tone-mark table of the normaliser. :class:`Predictor` rebuilds
the model's ``classify``/``predict``/``predict_proba`` from those arrays with
numpy alone:

1. normalise and tokenize every comment as the model does (:mod:`conduct_nlp.analysis`);
2. map tokens to integer ids in one pass, and look every word/syllable n-gram
   up as an integer key in a sorted array (``np.searchsorted``): no n-gram
   string is ever built;
3. count, weight (sublinear tf, idf, L2 norm) and multiply by the heads with
   the same float types and summation order as scikit-learn and scipy, so the
   probabilities equal the full model's (tested to 1e-6; in practice bit-equal).

Stored by :func:`conduct_nlp.save_model` as ``<model>.predictor.npz`` beside the
model (SHA-256 and size in the manifest) and read with
``np.load(allow_pickle=False)``: arrays only, so loading it cannot run code.
Load one with :func:`conduct_nlp.load_predictor`.

The normaliser's tone-mark table is stored too, so the ``"syllable"`` model needs
no underthesea at all: the predictor normalises with the table of the underthesea
installed when it was exported, the full model with the installed one (and warns
when that version differs from the one the model was saved with).

Supported: multi-label models whose heads stack (logistic regression or
sigmoid-calibrated linear SVM), word/syllable n-grams and the length feature,
``norm="l2"`` or ``None``. Anything else (character n-grams, single-label
models) has no predictor file and :func:`~conduct_nlp.load_predictor` returns
the full model.
"""

from __future__ import annotations

import io
import json
import threading
from typing import Any, Iterable, Iterator, Mapping, Sequence, overload

import numpy as np

from .analysis import (
    BREAK_PUNCT,
    TOKENIZERS,
    Document,
    analyze_normalized,
    marked_syllables,
    marked_words,
    negators_for,
    length_bucket,
    ngram_features,
    without_letters,
)
from .clauses import clause_documents, combine_clause_scores
from .normalize import Normalizer, tone_map
from .prediction import Prediction, predictions_for
from .thresholds import decide
from .validation import check_texts, iter_batches, row_error

__all__ = ["PREDICTOR_FORMAT", "PREDICTOR_VERSION", "READABLE_VERSIONS", "Predictor", "export_predictor",
           "unsupported_reason", "write_predictor", "read_predictor"]

PREDICTOR_FORMAT = "conduct_nlp.predictor"
PREDICTOR_VERSION = 2
"""Version of the array layout written by :func:`export_predictor` (2 adds ``clause_weight``)."""
READABLE_VERSIONS = (1, 2)
"""Layouts :class:`Predictor` reads: version 1 files have no clause scoring."""
_VIEWS = {"w": "word_ngram_range", "s": "syllable_ngram_range"}
_CHUNK = 4096  # comments vectorised at once: bounds the memory of one batch


# ---------------------------------------------------------------- export
def unsupported_reason(model) -> str | None:
    """Why ``model`` has no exact predictor (``None`` when :func:`export_predictor` supports it)."""
    vec = getattr(model, "vectorizer_", None)
    an = getattr(vec, "analyzer", None)
    checks = [
        (vec is None, "the model is not fitted"),
        (not getattr(model, "multilabel", False), "single-label models are not supported"),
        (getattr(model, "tokenizer", None) not in TOKENIZERS, "unknown tokenizer"),
        (not callable(an) or not hasattr(an, "syllable_ngram_range"), "the analyzer is not NgramFeatures"),
        (bool(getattr(an, "char_ngram_range", None)), "character n-grams are not supported"),
        (getattr(vec, "binary", False), "binary counts are not supported"),
        (getattr(vec, "norm", None) not in ("l2", None), "only norm='l2' or None is supported"),
    ]
    for failed, reason in checks:
        if failed:
            return reason
    if model.linear_heads() is None:
        return "the per-label models cannot be stacked into linear heads"
    return None


def export_predictor(model) -> dict[str, np.ndarray]:
    """The arrays of a :class:`Predictor` equivalent to a fitted ``model``.

    Parameters
    ----------
    model : ConductClassifier
        A fitted multi-label model (see :func:`unsupported_reason`).

    Returns
    -------
    dict of str to ndarray
        Numeric arrays and one JSON string (``"meta"``); no Python objects.

    Raises
    ------
    ValueError
        The model's configuration is not supported.
    """
    reason = unsupported_reason(model)
    if reason is not None:
        raise ValueError(f"no predictor for this model: {reason}")
    vec, an, heads = model.vectorizer_, model.vectorizer_.analyzer, model.linear_heads()
    n_features = len(vec.vocabulary_)
    tokens, tables, lengths = _vocabulary_tables(vec.vocabulary_, an)
    idf = getattr(vec, "idf_", None) if vec.use_idf else None
    meta = {
        "format": PREDICTOR_FORMAT, "version": PREDICTOR_VERSION, "tokenizer": model.tokenizer,
        "word_ngram_range": _range(an.word_ngram_range), "syllable_ngram_range": _range(an.syllable_ngram_range),
        "negation": an.negation if isinstance(an.negation, str) else bool(an.negation),
        "length_feature": bool(getattr(an, "length_feature", False)),
        "length_columns": lengths, "sublinear_tf": bool(vec.sublinear_tf), "norm": vec.norm,
        "dtype": np.dtype(vec.dtype).name, "n_features": n_features, "n_tokens": len(tokens),
        "tables": sorted(tables), "classes": [str(c) for c in model.classes_], "max_chars": model.max_chars,
        "clause_weight": float(getattr(model, "clause_weight", 0.0)),
    }
    arrays = {
        "meta": np.array(json.dumps(meta, ensure_ascii=False)),
        "tokens": _pack(tokens), "vocabulary": _pack(_terms(vec.vocabulary_)),
        "tones": _pack([x for kv in sorted(tone_map().items()) for x in kv]),
        "idf": np.asarray(idf if idf is not None else np.ones(n_features), dtype=vec.dtype),
        "W_T": np.ascontiguousarray(np.asarray(heads.W, dtype=np.float64).T), "intercept": np.asarray(heads.intercept, np.float64),
        "a": np.asarray(heads.a, np.float64), "b": np.asarray(heads.b, np.float64),
        "starts": np.asarray(heads.starts, np.int64), "n_folds": np.asarray(heads.n_folds, np.int64),
        "constant": np.asarray(heads.constant, np.float64),
        "thresholds": np.asarray(model.thresholds_, np.float64),
    }
    for name, (keys, cols) in tables.items():
        arrays[f"keys_{name}"], arrays[f"cols_{name}"] = keys, cols
    return arrays


def _range(r) -> list[int] | None:
    return [int(r[0]), int(r[1])] if r else None


def _terms(vocabulary: Mapping[str, int]) -> list[str]:
    terms = [""] * len(vocabulary)
    for term, i in vocabulary.items():
        terms[i] = term
    return terms


def _vocabulary_tables(vocabulary: Mapping[str, int], analyzer):
    """Token list, ``{"w2": (sorted keys, columns), ...}`` and the length-bucket columns of a vocabulary."""
    ids: dict[str, int] = {}
    grams: dict[str, list[tuple[list[int], int]]] = {}
    lengths: dict[str, int] = {}
    for term, col in vocabulary.items():
        view, sep, rest = term.partition(":")
        if view == "n" and sep:
            lengths[term] = int(col)
            continue
        if view not in _VIEWS or not sep:
            raise ValueError(f"no predictor for this model: unexpected feature {term!r}")
        toks = [ids.setdefault(t, len(ids)) for t in rest.split(" ")]
        grams.setdefault(f"{view}{len(toks)}", []).append((toks, int(col)))
    T = max(len(ids), 1)
    tables = {}
    for name, items in grams.items():
        if T ** int(name[1:]) >= 2**62:
            raise ValueError(f"no predictor for this model: {name[1:]}-grams of {T} tokens overflow int64 keys")
        keys = np.array([_key(toks, T) for toks, _ in items], dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        tables[name] = (keys[order], np.array([c for _, c in items], dtype=np.int32)[order])
    return sorted(ids, key=ids.__getitem__), tables, lengths


def _key(toks: Sequence[int], T: int) -> int:
    key = 0
    for t in toks:
        key = key * T + t
    return key


def _pack(strings: Sequence[str]) -> np.ndarray:
    if any("\x00" in s for s in strings):
        raise ValueError("no predictor for this model: a term contains NUL")
    return np.frombuffer("\x00".join(strings).encode("utf-8"), dtype=np.uint8)


def _unpack(arr: np.ndarray) -> list[str]:
    return arr.tobytes().decode("utf-8").split("\x00")


# ---------------------------------------------------------------- file
def write_predictor(arrays: Mapping[str, np.ndarray], f) -> None:
    """Write predictor arrays to a binary file object (a compressed ``.npz``).

    Compressed, the bundled fast model's predictor is 7.2 MB instead of 10.0 MB and loads in
    ~70 ms instead of ~30 ms.
    """
    np.savez_compressed(f, **arrays)


def read_predictor(data: bytes) -> "Predictor":
    """A :class:`Predictor` from the bytes of a ``.npz`` written by :func:`write_predictor`.

    Read with ``allow_pickle=False``: a file holding Python objects is refused.

    Raises
    ------
    ValueError
        Not a predictor file, or one of another format version.
    """
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    return Predictor(arrays)


# ---------------------------------------------------------------- predictor
class _TokenIds(dict):
    """token → id; an unknown token is -1 (no n-gram holding it is in the vocabulary)."""

    def __missing__(self, token: str) -> int:
        return -1


class Predictor:
    """Inference-only model: ``classify``, ``predict``, ``predict_proba`` of a :class:`ConductClassifier`.

    Built from the arrays of :func:`export_predictor` (usually through
    :func:`conduct_nlp.load_predictor`); needs numpy only. Outputs equal the
    full model's. Safe to share between threads.

    Attributes
    ----------
    classes_ : ndarray of str
        Label codes, the column order of every output.
    thresholds_ : ndarray of shape (n_labels,)
    tokenizer : str
    clause_weight : float
        Clause scoring of the model (:mod:`conduct_nlp.clauses`); 0 in version 1 files.
    multilabel : bool
        Always ``True``.
    max_chars : int or None
    manifest_ : dict
        The model's manifest, when loaded from a file.
    """

    multilabel = True

    def __init__(self, arrays: Mapping[str, np.ndarray]):
        meta = _meta(arrays)
        self._arrays, self._meta = dict(arrays), meta
        self.tokenizer: str = meta["tokenizer"]
        self.max_chars = meta["max_chars"]
        self.clause_weight = float(meta.get("clause_weight", 0.0))
        self.classes_ = np.array(meta["classes"], dtype=object)
        self.thresholds_ = np.asarray(arrays["thresholds"], dtype=np.float64)
        self._classes = [str(c) for c in self.classes_]
        self._V, self._dtype = int(meta["n_features"]), np.dtype(meta["dtype"])
        self._init_vocabulary(arrays, meta)
        self._idf = np.asarray(arrays["idf"], dtype=self._dtype)
        self._Wt = np.asarray(arrays["W_T"], dtype=np.float64)  # (heads, features): one row gathered per head
        self._heads = {k: np.asarray(arrays[k]) for k in ("intercept", "a", "b", "starts", "n_folds", "constant")}
        tones = _unpack(arrays["tones"])
        self._normalize = Normalizer(dict(zip(tones[::2], tones[1::2])))
        self._lock = threading.Lock()
        self._check_shapes()

    def _init_vocabulary(self, arrays: Mapping[str, np.ndarray], meta: dict) -> None:
        tokens = _unpack(arrays["tokens"]) if meta["n_tokens"] else []
        self._T = max(len(tokens), 1)
        self._ids = _TokenIds(zip(tokens, range(len(tokens))))
        self._tables = {name: (arrays[f"keys_{name}"], arrays[f"cols_{name}"]) for name in meta["tables"]}
        # length bucket of 0..20 syllables → column (-1: not in the vocabulary); 20 and more share one bucket
        self._length_lut = np.array([meta["length_columns"].get(length_bucket(n), -1) for n in range(21)],
                                    dtype=np.int64)
        self._packed_vocabulary = arrays["vocabulary"]  # term strings, for the rare string look-up
        self._vocabulary: dict[str, int] | None = None

    def _check_shapes(self) -> None:
        L, H = len(self._classes), len(self._heads["intercept"])
        ok = (self._Wt.shape == (H, self._V) and self._idf.shape == (self._V,) and self.thresholds_.shape == (L,)
              and all(self._heads[k].shape == (L,) for k in ("starts", "n_folds", "constant"))
              and all(self._heads[k].shape == (H,) for k in ("a", "b"))
              and int(self._heads["n_folds"].sum()) == H
              and all(len(k) == len(c) and c.max(initial=0) < self._V and c.min(initial=0) >= 0
                      for k, c in self._tables.values()))
        if not ok:
            raise ValueError("predictor arrays have inconsistent shapes")

    def __reduce__(self):
        # picklable (sent to worker processes) as its arrays: data only
        return (_rebuild, (self._arrays, getattr(self, "manifest_", None)))

    def __repr__(self) -> str:
        return f"Predictor(tokenizer={self.tokenizer!r}, n_features={self._V}, labels={len(self._classes)})"

    # ------------------------------------------------------------ public API
    def predict_proba(self, X) -> np.ndarray:
        """Probability of every label, shape ``(n, n_labels)`` (as :meth:`ConductClassifier.predict_proba`)."""
        texts = check_texts(X, name="X")
        return self._proba_checked(texts, [row_error(t, self.max_chars) for t in texts])

    def predict(self, X) -> np.ndarray:
        """Indicator matrix of the labels over threshold, shape ``(n, n_labels)``."""
        return decide(self.predict_proba(X), self.thresholds_, True)

    @overload
    def classify(self, texts: str, threshold=None) -> Prediction: ...
    @overload
    def classify(self, texts: Sequence[str], threshold=None) -> list[Prediction]: ...

    def classify(self, texts, threshold=None):
        """Classify one comment or a list (as :meth:`ConductClassifier.classify`).

        Raises
        ------
        InvalidInputError
            ``texts`` is not a ``str`` or a list of ``str``.
        """
        single = isinstance(texts, str)
        preds = self.classify_batch(check_texts(texts), threshold)
        return preds[0] if single else preds

    def classify_batch(self, items: Sequence[Any], threshold=None) -> list[Prediction]:
        """One :class:`Prediction` per item, in order; never raises for a bad item (as the full model)."""
        return predictions_for(items, self._proba_checked, self._classes,
                               self.thresholds_ if threshold is None else threshold, True, self.max_chars)

    def classify_iter(self, texts: Iterable[Any], batch_size: int = 512, threshold=None) -> Iterator[Prediction]:
        """Classify an iterable lazily, ``batch_size`` comments at a time (as the full model)."""
        return iter_batches(self.classify_batch, texts, batch_size, threshold)

    # ------------------------------------------------------------ computation
    def _proba_checked(self, texts: Sequence[str], errors: Sequence[str | None]) -> np.ndarray:
        P = np.zeros((len(texts), len(self._classes)))
        good = [i for i, e in enumerate(errors) if e is None]
        for s in range(0, len(good), _CHUNK):
            rows = good[s:s + _CHUNK]
            P[rows] = self._proba_texts([texts[i] for i in rows])
        return P

    def _proba_texts(self, texts: list[str]) -> np.ndarray:
        index: dict[str, int] = {}
        which = [index.setdefault(self._normalize(t), len(index)) for t in texts]
        docs = [analyze_normalized(norm, self.tokenizer) for norm in index]
        n = len(docs)
        owner = np.zeros(0, dtype=np.int64)
        if self.clause_weight:
            cdocs, owner = clause_documents(docs, self.tokenizer)
            docs = docs + cdocs
        rows, cols = self._features(docs)
        P = self._heads_proba(*self._tfidf(rows, cols, len(docs)), len(docs))
        P[without_letters(docs)] = 0.0
        if len(owner):
            P = combine_clause_scores(P[:n], P[n:], owner, self.clause_weight)
        return P[which]

    def _features(self, docs: list[Document]) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of every known feature occurrence (repeats included)."""
        m = self._meta
        special = set() if self.tokenizer == "syllable" else {
            i for i, d in enumerate(docs) if any(" " in w for w in d.words)}
        words, syllables = self._token_views(docs, special)
        rows, cols = [], []
        for view, flat_lens in (("w", words), ("s", syllables)):
            if flat_lens is not None:
                r, c = self._ngram_hits(view, m[_VIEWS[view]], *flat_lens)
                rows.append(r)
                cols.append(c)
        if m["length_feature"]:
            n_syl = np.fromiter((len(d.syllables) for d in docs), dtype=np.int64, count=len(docs))
            c = self._length_lut[np.minimum(n_syl, len(self._length_lut) - 1)]
            keep = c >= 0
            if special:
                keep[list(special)] = False
            rows.append(np.flatnonzero(keep))
            cols.append(c[keep])
        for i in sorted(special):  # a token holding a space: its n-gram strings are ambiguous, look them up as strings
            c = self._string_columns(docs[i])
            rows.append(np.full(len(c), i, dtype=np.int64))
            cols.append(c)
        if not rows:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(rows).astype(np.int64), np.concatenate(cols).astype(np.int64)

    def _token_views(self, docs: list[Document], special: set[int]):
        """``(flat tokens, tokens per comment)`` of the word and syllable views (``None`` when off).

        The same tokens as :func:`~conduct_nlp.analysis.word_view` / ``syllable_view``, built in one
        loop: negation is marked only in comments holding a negator (most hold none).
        """
        m = self._meta
        wr, sr = m["word_ngram_range"], m["syllable_ngram_range"]
        scheme = negators_for(m["negation"])
        strip_punct = self.tokenizer != "syllable"  # the regex syllable tokenizer never yields BREAK_PUNCT
        w_flat: list[str] = []
        s_flat: list[str] = []
        w_lens, s_lens = [], []
        for i, d in enumerate(docs):
            if i in special:
                w_lens.append(0)
                s_lens.append(0)
                continue
            if wr:
                w = marked_words(d.words, scheme)
                if strip_punct:
                    w = [t for t in w if t not in BREAK_PUNCT]
                w_flat.extend(w)
                w_lens.append(len(w))
            if sr:
                sy = marked_syllables(d.syllables, scheme)
                s_flat.extend(sy)
                s_lens.append(len(sy))
        return (w_flat, w_lens) if wr else None, (s_flat, s_lens) if sr else None

    def _ngram_hits(self, view: str, rng: Sequence[int], flat: list[str], lens: list[int]
                    ) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of the ``view`` n-grams found in the vocabulary, as integer keys."""
        ids = np.fromiter(map(self._ids.__getitem__, flat), dtype=np.int64, count=len(flat))
        doc = np.repeat(np.arange(len(lens), dtype=np.int64), lens)
        bad = ids < 0
        rows, cols = [], []
        for k in range(rng[0], rng[1] + 1):
            table = self._tables.get(f"{view}{k}")
            m = len(ids) - k + 1
            if table is None or m <= 0:
                continue
            ok = doc[:m] == doc[k - 1:]  # the n-gram does not cross into the next comment
            key = ids[:m].copy()
            ok &= ~bad[:m]
            for j in range(1, k):
                ok &= ~bad[j:j + m]
                key = key * self._T + ids[j:j + m]
            key, r = key[ok], doc[:m][ok]
            keys, tcols = table
            pos = np.minimum(np.searchsorted(keys, key), max(len(keys) - 1, 0))
            hit = keys[pos] == key if len(keys) else np.zeros(len(key), dtype=bool)
            rows.append(r[hit])
            cols.append(tcols[pos[hit]].astype(np.int64))
        if not rows:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(rows), np.concatenate(cols)

    def _string_columns(self, doc: Document) -> np.ndarray:
        m = self._meta
        with self._lock:
            if self._vocabulary is None:
                terms = _unpack(self._packed_vocabulary)
                self._vocabulary = dict(zip(terms, range(len(terms))))
        get = self._vocabulary.get
        feats = ngram_features(doc, m["word_ngram_range"], m["syllable_ngram_range"], None, m["negation"],
                               m["length_feature"])
        return np.array([i for i in map(get, feats) if i is not None], dtype=np.int64)

    def _tfidf(self, rows: np.ndarray, cols: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sorted (row, column, tf-idf value) of the distinct features, as scikit-learn computes them."""
        uniq, counts = np.unique(rows * self._V + cols, return_counts=True)
        r, c = uniq // self._V, uniq % self._V
        v = counts.astype(self._dtype)
        if self._meta["sublinear_tf"]:
            np.log(v, out=v)
            v += self._dtype.type(1.0)
        v *= self._idf[c]
        if self._meta["norm"] == "l2":
            norms = np.sqrt(np.bincount(r, weights=(v * v).astype(np.float64), minlength=n))
            v = (v.astype(np.float64) / norms[r]).astype(self._dtype)
        return r, c, v.astype(np.float64)

    def _heads_proba(self, r: np.ndarray, c: np.ndarray, v: np.ndarray, n: int) -> np.ndarray:
        """Label probabilities from the tf-idf entries (the stacked heads of the full model)."""
        h = self._heads
        D = np.empty((n, len(self._Wt)))
        for j, w in enumerate(self._Wt):  # (no entries at all: bincount gives int zeros, hence the copy)
            D[:, j] = np.bincount(r, weights=v * w[c], minlength=n)
        D += h["intercept"]
        H = 1.0 / (1.0 + np.exp(h["a"] * D + h["b"]))
        P = np.empty((n, len(self._classes)))
        for j, (start, k, const) in enumerate(zip(h["starts"].tolist(), h["n_folds"].tolist(),
                                                  h["constant"].tolist())):
            if k == 0:
                P[:, j] = const
                continue
            acc = np.zeros(n)
            for f in range(start, start + k):  # fold by fold, as the full model sums them
                acc += H[:, f]
            P[:, j] = acc / k
        P[np.bincount(r, minlength=n) == 0] = 0.0
        return P


def _rebuild(arrays: Mapping[str, np.ndarray], manifest: dict | None) -> Predictor:
    predictor = Predictor(arrays)
    if manifest is not None:
        predictor.manifest_ = manifest
    return predictor


def _meta(arrays: Mapping[str, np.ndarray]) -> dict:
    try:
        meta = json.loads(str(arrays["meta"][()]))
    except (KeyError, ValueError, TypeError) as e:
        raise ValueError(f"not a conduct_nlp predictor file: {e}") from None
    if not isinstance(meta, dict) or meta.get("format") != PREDICTOR_FORMAT:
        raise ValueError("not a conduct_nlp predictor file")
    if meta.get("version") not in READABLE_VERSIONS:
        raise ValueError(f"predictor format version {meta.get('version')!r} is not one this conduct_nlp reads "
                         f"{READABLE_VERSIONS}; re-save the model with this conduct_nlp")
    if meta.get("tokenizer") not in TOKENIZERS:
        raise ValueError(f"predictor names an unknown tokenizer {meta.get('tokenizer')!r}")
    return meta
