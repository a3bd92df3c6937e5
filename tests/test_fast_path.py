"""The optimised prediction path gives the same results as the straightforward one."""
import unicodedata

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

import conduct_nlp
import conduct_nlp.normalize as N
from conduct_nlp.classifier import _LinearHeads
from conduct_nlp.features import _ngrams

TEXTS = ["Cán bộ hách dịch, quát tháo người dân 😡", "chi can bo huong dan tan tinh, tra kq dung hen",
         "Không hề gây khó dễ, không mất đồng nào", "ok", "", "!!!", "mail a@b.vn, gọi 0912 345 678 :))",
         "www.dichvucong.gov.vn lỗi suốt", "Thầy dạy hay", "cb ko nhiet tinh j ca"] * 3


@pytest.fixture(scope="module", params=["svm", "svm-lean", "logreg"])
def fitted(request, mini_rows):
    return conduct_nlp.ConductClassifier(classifier=request.param.split("-")[0], min_df=1, threshold=0.5,
                                         tokenizer="syllable", length_feature=True,
                                         calibration_ensemble=not request.param.endswith("lean"),
                                         max_features=300).fit([r["text"] for r in mini_rows],
                                                               [r["labels"] for r in mini_rows])


def test_stacked_heads_equal_each_estimators_predict_proba(fitted):
    X = fitted.vectorizer_.transform(fitted._analyze(TEXTS))
    slow = np.column_stack([e.predict_proba(X)[:, 1] for e in fitted.estimators_])
    heads = _LinearHeads.build(fitted.estimators_)
    assert heads is not None
    assert np.array_equal(heads.predict_proba(X), slow)


def test_vectorizer_transform_equals_scikit_learns(fitted):
    docs = fitted._analyze(TEXTS)
    fast, slow = fitted.vectorizer_.transform(docs), TfidfVectorizer.transform(fitted.vectorizer_, docs)
    assert fast.dtype == slow.dtype and fast.has_sorted_indices
    assert np.array_equal(fast.indptr, slow.indptr) and np.array_equal(fast.indices, slow.indices)
    assert np.array_equal(fast.data, slow.data)


def test_heads_cache_is_not_pickled(fitted):
    fitted.predict_proba(["cán bộ"])
    assert "_heads_cache" in fitted.__dict__ and "_heads_cache" not in fitted.__getstate__()


def _reference_ngrams(tokens, lo, hi, prefix):
    return [prefix + " ".join(tokens[i:i + k]) for k in range(lo, hi + 1) for i in range(len(tokens) - k + 1)]


@given(st.lists(st.sampled_from(["a", "bộ", "cán", "x y", "😡"]), max_size=8), st.integers(1, 3), st.integers(0, 2))
def test_ngrams_equal_the_plain_definition(tokens, lo, extra):
    assert _ngrams(tokens, lo, lo + extra, "w:") == _reference_ngrams(tokens, lo, lo + extra, "w:")


def _reference_normalize(text):
    # the pipeline before the fast path: every pattern applied unconditionally
    s = unicodedata.normalize("NFC", text)
    s = N._CONTROL_RE.sub(" ", s).replace("ð", "đ").replace("Ð", "Đ")
    s = N._EMAIL_RE.sub(f" {N.EMAIL_TOKEN} ", s)
    s = N._URL_RE.sub(f" {N.URL_TOKEN} ", s)
    s = N._PHONE_RE.sub(f" {N.PHONE_TOKEN} ", s)
    s = s.lower()
    s = N._EMOTICON_RE.sub(N._emoticon, s)
    s = N._EMOJI_JOINERS_RE.sub("", s)
    s = N._EMOJI_RE.sub(r" \g<0> ", s)
    s = N._REPEAT_PUNCT_RE.sub(r"\1", s)
    abbreviations, tones = N.load_abbreviations(), N._tone_map()
    return unicodedata.normalize("NFC", " ".join(N._normalize_token(t, abbreviations, tones) for t in s.split()))


def _reference_strip(text):
    if text.isascii():
        return text
    return " ".join(N._strip_word(w) if not w.isascii() else w for w in text.split(" "))


PIECES = st.sampled_from(["Cán", "bộ", "hách", "dịch", " ", "  ", ":)", ":((", "<3", "^^", "-_-", "a@b.vn",
                          "www.x.vn", "0912345678", "1900 1234", "!!!", "...", "😡", "👍🏻", "\u200b", "Đ", "ð",
                          "ko", "dc", "nhìeeeet", "tìnhhhh", "\u0301", "e\u0301", "ñ", "http://x", "3", "."])


@settings(max_examples=300)
@given(st.lists(PIECES, max_size=12).map("".join) | st.text(max_size=40))
def test_normalize_and_strip_equal_the_reference(text):
    assert N.normalize_text(text) == _reference_normalize(text)
    assert N.strip_accents(text) == _reference_strip(text)
