"""Clause scoring (conduct_nlp.clauses and ConductClassifier(clause_weight=...))."""

from __future__ import annotations

import copy
import io
import json

import numpy as np
import pytest
from sklearn.base import clone

from conduct_nlp import ConductClassifier
from conduct_nlp.analysis import analyze
from conduct_nlp.clauses import check_clause_weight, clause_documents, combine_clause_scores, split_clauses
from conduct_nlp.compiled import export_predictor, read_predictor, write_predictor

STORY = "Cán bộ một cửa hách dịch, trễ hẹn hai tuần mới trả kết quả"


@pytest.mark.parametrize("tokenizer", ["syllable", "underthesea"])
def test_a_comment_is_cut_at_punctuation_and_conjunctions(tokenizer):
    parts = split_clauses(analyze(STORY, tokenizer), tokenizer)
    assert [" ".join(p.syllables) for p in parts] == ["can bo mot cua hach dich",
                                                      "tre hen hai tuan moi tra ket qua"]
    parts = split_clauses(analyze("Chị ấy lịch sự nhưng làm sai hồ sơ của tôi", tokenizer), tokenizer)
    assert [" ".join(p.syllables) for p in parts] == ["chi ay lich su", "lam sai ho so cua toi"]


@pytest.mark.parametrize("text", ["cảm ơn", "ok, cảm ơn chị", "Cán bộ hách dịch", "a, b, c"])
def test_fewer_than_two_clauses_of_two_syllables_give_none(text):
    assert split_clauses(analyze(text, "syllable"), "syllable") == []


def test_clause_documents_name_their_comment():
    docs = [analyze(t, "syllable") for t in ["cảm ơn", STORY, "tốt, nhanh gọn, đúng hẹn lắm"]]
    parts, owner = clause_documents(docs, "syllable")
    assert owner.tolist() == [1, 1, 2, 2]
    assert [p.words for p in parts[2:]] == [("nhanh", "gọn"), ("đúng", "hẹn", "lắm")]


def test_combine_keeps_single_clause_comments_and_mixes_the_best_clause():
    whole = np.array([[0.2, 0.9], [0.1, 0.4]])
    clauses = np.array([[0.8, 0.1], [0.3, 0.2]])
    out = combine_clause_scores(whole, clauses, np.array([1, 1]), 0.25)
    assert out[0].tolist() == [0.2, 0.9]
    assert np.allclose(out[1], [0.75 * 0.1 + 0.25 * 0.8, 0.75 * 0.4 + 0.25 * 0.2])
    assert combine_clause_scores(whole, clauses, np.array([1, 1]), 0.0).tolist() == whole.tolist()


@pytest.mark.parametrize("bad", [-0.1, 1.5, "0.3", None, True])
def test_bad_clause_weight_is_refused_with_its_value(bad, mini_rows):
    with pytest.raises(ValueError, match="clause_weight"):
        check_clause_weight(bad)
    with pytest.raises(ValueError, match=r"clause_weight must be a number in \[0, 1\]"):
        ConductClassifier(clause_weight=bad).fit([r["text"] for r in mini_rows], [r["labels"] for r in mini_rows])


@pytest.fixture(scope="module")
def clause_model(mini_rows):
    return ConductClassifier(min_df=1, tokenizer="syllable", clause_weight=0.4, cv=3).fit(
        [r["text"] for r in mini_rows], [r["labels"] for r in mini_rows])


def test_probabilities_mix_the_whole_comment_and_its_best_clause(clause_model):
    assert clone(clause_model).get_params()["clause_weight"] == 0.4
    whole_only = copy.copy(clause_model).set_params(clause_weight=0.0)  # the same fitted model, whole comments
    p_whole = whole_only.predict_proba([STORY])[0]
    p_clauses = whole_only.predict_proba(["Cán bộ một cửa hách dịch", "trễ hẹn hai tuần mới trả kết quả"])
    expected = 0.6 * p_whole + 0.4 * p_clauses.max(axis=0)
    assert np.allclose(clause_model.predict_proba([STORY])[0], expected, atol=1e-12)
    assert not np.allclose(expected, p_whole)
    short = ["Cán bộ hách dịch", "cảm ơn"]  # one clause: the whole comment's score
    assert np.allclose(clause_model.predict_proba(short), whole_only.predict_proba(short), atol=1e-12)


def test_the_compiled_predictor_scores_clauses_too(clause_model, mini_rows):
    buf = io.BytesIO()
    write_predictor(export_predictor(clause_model), buf)
    predictor = read_predictor(buf.getvalue())
    assert predictor.clause_weight == 0.4
    texts = [r["text"] for r in mini_rows] + [STORY, "tốt, nhanh gọn, đúng hẹn lắm", "ok", ""]
    assert np.allclose(predictor.predict_proba(texts), clause_model.predict_proba(texts), atol=1e-6, rtol=0)


def test_a_version_1_predictor_file_still_loads_without_clause_scoring(small_model):
    arrays = export_predictor(small_model)
    meta = json.loads(str(arrays["meta"][()]))
    meta["version"] = 1
    del meta["clause_weight"]
    arrays["meta"] = np.array(json.dumps(meta))
    buf = io.BytesIO()
    write_predictor(arrays, buf)
    predictor = read_predictor(buf.getvalue())
    assert predictor.clause_weight == 0.0
    whole_only = copy.copy(small_model).set_params(clause_weight=0.0)
    assert np.allclose(predictor.predict_proba([STORY]), whole_only.predict_proba([STORY]), atol=1e-6)
    assert not np.allclose(predictor.predict_proba([STORY]), small_model.predict_proba([STORY]), atol=1e-6)
    meta["version"] = 3
    arrays["meta"] = np.array(json.dumps(meta))
    buf = io.BytesIO()
    write_predictor(arrays, buf)
    with pytest.raises(ValueError, match="version 3"):
        read_predictor(buf.getvalue())


def test_the_cv_report_compares_with_whole_comment_scores(clause_model, mini_rows):
    alone = clause_model.cv_report_["without_clauses"]
    assert set(alone) == {"micro_f1", "macro_f1"} and 0 <= alone["micro_f1"] <= 1
    whole_only = ConductClassifier(min_df=1, tokenizer="syllable", clause_weight=0.0, cv=3).fit(
        [r["text"] for r in mini_rows], [r["labels"] for r in mini_rows])
    assert "without_clauses" not in whole_only.cv_report_
    # the same folds and fold models: the whole-comment figures are those of a model without clause scoring
    assert alone == {k: whole_only.cv_report_[k] for k in ("micro_f1", "macro_f1")}
