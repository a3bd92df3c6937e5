"""conduct_nlp.segmentation gives underthesea's word segmentation, word for word."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import numpy as np
import pytest

from conduct_nlp import normalize_text, strip_accents
from conduct_nlp import segmentation
from conduct_nlp.segmentation import (MODEL_READ_ERRORS, WordSegmenter, load_segmenter, read_crfsuite_model, viterbi,
                                      word_segments)

underthesea = pytest.importorskip("underthesea")
DATA = Path(__file__).resolve().parent.parent / "datasets" / "conduct_vi"
MODEL_DIR = Path(underthesea.__file__).parent / "pipeline" / "word_tokenize" / "models" / "ws_crf_vlsp2013_20230727"
EDGE_CASES = [
    "", "a", "Ok", "HÀ NỘI", "+5 -12 2147483647 2147483648 007 1.5 ½",
    "Cán bộ một cửa hướng dẫn tận tình, trả kết quả đúng hẹn",
    "chi can bo huong dan tan tinh, tra kq dung hen 👍👍",
    "UBND xã Tân Phú 3/4/2024 - phòng TN&MT... ko ai nghe máy!!! :(",
    "Sinh Viên Đại Học 2 năm 100% ổn",
]


def _texts(n: int, seed: int) -> list[str]:
    rows = [json.loads(line)["text"] for line in (DATA / "train.jsonl").open(encoding="utf-8")]
    rows += [json.loads(line)["text"] for line in (DATA / "test.jsonl").open(encoding="utf-8")]
    texts = random.Random(seed).sample(rows, n)
    norm = [normalize_text(t) for t in texts]
    return EDGE_CASES + norm + [strip_accents(t) for t in norm[:200]] + texts[:200] + [t.upper() for t in texts[:100]]


def test_same_words_as_underthesea_word_tokenize():
    from underthesea import word_tokenize

    assert load_segmenter() is not None  # the installed underthesea's model is read, no fallback
    texts = _texts(1200, 0)
    differ = [t for t in texts if word_segments(t) != word_tokenize(t, use_token_normalize=False)]
    assert differ == []


def test_scores_equal_underthesea_features_summed():
    """Every syllable's score is the weight sum of the 43 feature strings underthesea_core builds."""
    from underthesea.pipeline.word_tokenize import regex_tokenize
    from underthesea_core import CRFFeaturizer

    import joblib

    templates, dictionary = joblib.load(MODEL_DIR / "features.bin"), joblib.load(MODEL_DIR / "dictionary.bin")
    _, state, _ = read_crfsuite_model(MODEL_DIR / "models.bin")
    featurizer = CRFFeaturizer(templates, dictionary)
    seg = load_segmenter()
    for text in EDGE_CASES[1:] + _texts(100, 1):
        tokens = regex_tokenize.tokenize(text, use_token_normalize=False)
        if not tokens:
            continue
        feats = featurizer.process([[[t] for t in tokens]])[0]
        expected = np.array([np.sum([state.get(a, (0.0, 0.0)) for a in fs], axis=0) for fs in feats])
        np.testing.assert_allclose(seg.emissions(tokens), expected, rtol=0, atol=1e-9)


def _brute_force(em, trans):
    """Best path by enumeration; ties go to the path underthesea_core's Viterbi keeps."""
    n, L = len(em), len(trans)

    def score(path):
        return sum(em[t][y] for t, y in enumerate(path)) + sum(trans[a][b] for a, b in zip(path, path[1:]))

    return max(itertools.product(range(L), repeat=n), key=score)


@pytest.mark.parametrize("n_labels", [2, 3])
def test_viterbi_finds_the_best_path(n_labels):
    rng = random.Random(n_labels)
    for _ in range(200):
        n = rng.randint(1, 6)
        em = [[rng.gauss(0, 1) for _ in range(n_labels)] for _ in range(n)]
        trans = [[rng.gauss(0, 1) for _ in range(n_labels)] for _ in range(n_labels)]
        assert tuple(viterbi(em, trans)) == _brute_force(em, trans)


def test_two_label_viterbi_breaks_ties_like_the_general_one():
    """Two labels take an unrolled path; a third, impossible label sends the same problem
    through the general loop, whose tie-breaking is underthesea_core's."""
    rng = random.Random(7)
    for _ in range(300):
        n = rng.randint(1, 7)
        em = [[float(rng.randint(-1, 1)) for _ in range(2)] for _ in range(n)]  # many exact ties
        trans = [[float(rng.randint(-1, 1)) for _ in range(2)] for _ in range(2)]
        em3 = [row + [-1e9] for row in em]
        trans3 = [row + [-1e9] for row in trans] + [[-1e9] * 3]
        assert viterbi(em, trans) == viterbi(em3, trans3)


def test_unknown_feature_template_is_refused():
    with pytest.raises(ValueError, match="unsupported feature template 'T\\[0\\].suffix3'"):
        WordSegmenter(["T[0]", "T[0].suffix3"], set(), ["B-W", "I-W"], {}, [[0.0, 0.0], [0.0, 0.0]])


def test_not_a_crfsuite_file_is_refused(tmp_path):
    bad = tmp_path / "models.bin"
    bad.write_bytes(b"not a model at all" * 4)
    with pytest.raises(ValueError, match="not a CRFsuite first-order model"):
        read_crfsuite_model(bad)


def test_falls_back_to_underthesea_when_the_model_cannot_be_read(monkeypatch):
    from underthesea import word_tokenize

    monkeypatch.setattr(segmentation, "load_segmenter", lambda: None)
    text = "Cán bộ một cửa hướng dẫn tận tình, trả kết quả đúng hẹn"
    assert word_segments(text) == word_tokenize(text, use_token_normalize=False)


def test_truncated_model_file_raises_an_error_the_loader_catches(tmp_path):
    """A damaged model file must not crash classification: load_segmenter catches what this raises."""
    cut = tmp_path / "models.bin"
    data = (MODEL_DIR / "models.bin").read_bytes()
    for size in (60, 5_000, len(data) // 2):
        cut.write_bytes(data[:size])
        with pytest.raises(MODEL_READ_ERRORS):
            read_crfsuite_model(cut)
