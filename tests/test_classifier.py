import json
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import Pipeline

import conduct_nlp
from conduct_nlp import LABELS, ConductClassifier, InvalidInputError, InvalidLabelError, Prediction
from conduct_nlp.labels import to_indicator


def texts_labels(rows):
    return [r["text"] for r in rows], [r["labels"] for r in rows]


# ------------------------------------------------------------------ estimator contract
def test_init_only_stores_params_and_clone_works():
    m = ConductClassifier(C=2.5, threshold={"arrogance:violation": 0.3}, tokenizer="syllable", classifier="logreg", cv=5)
    assert m.get_params()["C"] == 2.5
    c = clone(m)
    assert c.get_params() == m.get_params() and c is not m
    m.set_params(C=7.0)
    assert m.C == 7.0
    assert not hasattr(m, "classes_")


def test_fit_returns_self_and_sets_fitted_attributes(mini_rows):
    X, y = texts_labels(mini_rows)
    m = ConductClassifier(min_df=1, classifier="logreg", C=4.0, threshold=0.5, cv=5)
    assert m.fit(X, y) is m
    assert list(m.classes_) == list(LABELS)
    assert m.thresholds_.shape == (12,)
    assert len(m.estimators_) == 12
    assert m.training_data_["n_comments"] == len(X)


def test_not_fitted_error():
    with pytest.raises(NotFittedError):
        ConductClassifier(classifier="logreg", C=4.0, threshold=0.5, cv=5).predict(["x"])


def test_fit_accepts_indicator_matrix_with_same_result(mini_rows, small_model):
    X, y = texts_labels(mini_rows)
    m = ConductClassifier(min_df=1, C=10, classifier="logreg", threshold=0.5, cv=5).fit(X, to_indicator(y))
    np.testing.assert_allclose(m.predict_proba(X), small_model.predict_proba(X))


def test_predict_shapes(small_model):
    P = small_model.predict_proba(["cán bộ hách dịch", "vui vẻ"])
    assert P.shape == (2, 12) and P.dtype.kind == "f"
    assert ((P >= 0) & (P <= 1)).all()
    Y = small_model.predict(["cán bộ hách dịch", "vui vẻ"])
    assert Y.shape == (2, 12) and set(np.unique(Y)) <= {0, 1}
    D = small_model.decision_function(["cán bộ hách dịch"])
    assert D.shape == (1, 12)
    assert small_model.predict_proba([]).shape == (0, 12)
    assert small_model.predict([]).shape == (0, 12)


def test_decision_function_only_for_logreg():
    assert not hasattr(ConductClassifier(classifier="svm", C=4.0, threshold=0.5, cv=5), "decision_function")
    assert hasattr(ConductClassifier(classifier="logreg", C=4.0, threshold=0.5, cv=5), "decision_function")


def test_grid_search_and_pipeline(mini_rows):
    X, y = texts_labels(mini_rows)
    Y = to_indicator(y)
    gs = GridSearchCV(ConductClassifier(min_df=1, classifier="logreg", C=4.0, threshold=0.5, cv=5), {"C": [1.0, 10.0]}, cv=KFold(2, shuffle=True, random_state=0),
                      scoring="f1_micro")
    gs.fit(X, Y)
    assert gs.best_params_["C"] in (1.0, 10.0)
    pipe = Pipeline([("clf", ConductClassifier(min_df=1, classifier="logreg", C=4.0, threshold=0.5, cv=5))]).fit(X, Y)
    assert pipe.predict(X[:3]).shape == (3, 12)


def test_svm_classifier_is_calibrated(mini_rows):
    X, y = texts_labels(mini_rows)
    m = ConductClassifier(min_df=1, classifier="svm", C=4.0, threshold=0.5, cv=5).fit(X * 2, y * 2)
    P = m.predict_proba(["cán bộ hách dịch quát tháo"])
    assert P.shape == (1, 12) and 0 <= P.min() and P.max() <= 1


@pytest.mark.parametrize("params,match", [
    ({"tokenizer": "spacy"}, "tokenizer"),
    ({"classifier": "bert"}, "classifier"),
    ({"C": -1}, "C must"),
    ({"threshold": "auto"}, "threshold"),
    ({"threshold": 1.5}, r"\(0, 1\)"),
    ({"threshold": {"nope:violation": 0.3}}, "nope:violation"),
    ({"word_ngram_range": None, "syllable_ngram_range": None}, "at least one"),
    ({"negation": "v3"}, r"negation must be True, False or one of \('v1', 'v2'\), got 'v3'"),
])
def test_bad_params_raise_clear_errors(mini_rows, params, match):
    X, y = texts_labels(mini_rows)
    with pytest.raises(ValueError, match=match):
        ConductClassifier(**{"min_df": 1, "classifier": "logreg", "C": 4.0, "threshold": 0.5, "cv": 5,
                             **params}).fit(X, y)


def test_fit_rejects_unknown_label_naming_valid_ones(mini_rows):
    X, y = texts_labels(mini_rows)
    y = [list(r) for r in y]
    y[3] = ["rude:violation"]
    with pytest.raises(InvalidLabelError, match="rude:violation.*harassment:violation"):
        ConductClassifier(classifier="logreg", C=4.0, threshold=0.5, cv=5).fit(X, y)


def test_fit_rejects_mismatched_lengths_and_strings(mini_rows):
    X, y = texts_labels(mini_rows)
    with pytest.raises(ValueError, match="label rows"):
        ConductClassifier(classifier="logreg", C=4.0, threshold=0.5, cv=5).fit(X, y[:-1])
    with pytest.raises(ValueError, match="list of codes"):
        ConductClassifier(classifier="logreg", C=4.0, threshold=0.5, cv=5).fit(X[:2], ["arrogance:violation", "courtesy:violation"])
    with pytest.raises(ValueError, match="empty"):
        ConductClassifier(classifier="logreg", C=4.0, threshold=0.5, cv=5).fit([], [])


# ------------------------------------------------------------------ thresholds
def test_thresholds_parameter_forms(mini_rows):
    X, y = texts_labels(mini_rows)
    m = ConductClassifier(min_df=1, threshold=0.3, classifier="logreg", C=4.0, cv=5).fit(X, y)
    assert np.allclose(m.thresholds_, 0.3)
    m = ConductClassifier(min_df=1, threshold={"arrogance:violation": 0.2}, classifier="logreg", C=4.0, cv=5).fit(X, y)
    assert m.thresholds_[LABELS.index("arrogance:violation")] == 0.2
    assert m.thresholds_[0] == 0.5
    m = ConductClassifier(min_df=1, threshold=[0.4] * 12, classifier="logreg", C=4.0, cv=5).fit(X, y)
    assert np.allclose(m.thresholds_, 0.4)


def test_thresholds_tuned_by_cross_validation(mini_rows):
    X, y = texts_labels(mini_rows)
    m = ConductClassifier(min_df=1, threshold="tune", cv=2, classifier="logreg", C=4.0).fit(X * 3, y * 3)
    assert m.thresholds_.shape == (12,)
    assert ((m.thresholds_ > 0) & (m.thresholds_ < 1)).all()
    assert m.cv_report_ and 0 <= m.cv_report_["micro_f1"] <= 1


def test_lower_threshold_gives_superset_of_labels(small_model):
    text = "nhân viên khá vui vẻ nhưng hơi chậm"
    strict = set(small_model.classify(text, threshold=0.9).labels)
    loose = set(small_model.classify(text, threshold=0.05).labels)
    assert strict <= loose and len(loose) > len(strict)


# ------------------------------------------------------------------ classify API
def test_classify_single_and_list(small_model):
    p = small_model.classify("Cán bộ hách dịch, quát dân")
    assert isinstance(p, Prediction)
    assert "arrogance:violation" in p.labels and p.violations == ("arrogance",)
    assert set(p.scores) == set(LABELS)
    many = small_model.classify(["chị ấy rất nhiệt tình", "Cán bộ hách dịch", "ghế hỏng"])
    assert [type(x) for x in many] == [Prediction] * 3
    assert many[1].text == "Cán bộ hách dịch"
    assert "enthusiasm" in many[0].compliances
    assert small_model.classify([]) == []


def test_prediction_to_dict_is_json(small_model):
    d = small_model.classify("Trả kết quả đúng hẹn, chị cán bộ nhiệt tình").to_dict()
    back = json.loads(json.dumps(d, ensure_ascii=False))
    assert back["labels"] == d["labels"] and len(back["scores"]) == 12
    assert set(back) >= {"text", "labels", "scores", "violations", "compliances"}


def test_explain_lists_features_that_pushed_each_label(small_model):
    text = "Ông cán bộ hách dịch, quát tháo"
    ex = small_model.explain(text, top=3)
    assert set(ex) == set(small_model.classify(text).labels)
    assert "arrogance:violation" in ex
    feats = ex["arrogance:violation"]
    assert 1 <= len(feats) <= 3
    assert any("hách dịch" in f or "hach dich" in f for f, _ in feats)
    assert all(w > 0 for _, w in feats)
    assert [w for _, w in feats] == sorted((w for _, w in feats), reverse=True)
    chosen = small_model.explain(text, labels=["enthusiasm:compliance"])
    assert list(chosen) == ["enthusiasm:compliance"]
    with pytest.raises(InvalidLabelError):
        small_model.explain("x", labels=["nope"])


def test_no_diacritics_gives_same_labels(small_model):
    pairs = [("cán bộ hách dịch, quát tháo", "can bo hach dich, quat thao"),
             ("chị cán bộ hướng dẫn nhiệt tình", "chi can bo huong dan nhiet tinh"),
             ("trả kết quả đúng hẹn", "tra ket qua dung hen"),
             ("đòi tiền bồi dưỡng", "doi tien boi duong")]
    for accented, bare in pairs:
        a, b = small_model.classify(accented), small_model.classify(bare)
        assert a.labels and a.labels == b.labels, (accented, a.labels, b.labels)


def test_negation_flips_the_verdict(small_model):
    neg = small_model.classify("Ông trưởng công an xã không hề hách dịch")
    pos = small_model.classify("Ông trưởng công an xã rất hách dịch")
    assert "arrogance:violation" in pos.labels and "arrogance:violation" not in neg.labels
    assert neg.scores["arrogance:compliance"] > neg.scores["arrogance:violation"]
    assert pos.scores["arrogance:violation"] > pos.scores["arrogance:compliance"]
    # "ko" is teencode for "không": the negation still applies.
    neg2 = small_model.classify("ong truong cong an xa ko he hach dich")
    assert neg2.scores["arrogance:compliance"] > neg2.scores["arrogance:violation"]


def test_negation_schemes_mark_their_own_negators():
    from conduct_nlp.analysis import NEGATION_SCHEMES, negators_for, word_view

    words = ["thầy", "thiếu", "nhiệt_tình", ",", "không", "vui_vẻ"]
    # v1 (True, as 0.1 models were trained) knows "không" but not "thiếu"; v2 knows both
    assert word_view(words, True) == ["thầy", "thiếu", "nhiệt_tình", "không", "neg_vui_vẻ"]
    assert word_view(words, "v1") == word_view(words, True)
    assert word_view(words, "v2") == ["thầy", "thiếu", "neg_nhiệt_tình", "không", "neg_vui_vẻ"]
    assert word_view(words, False) == ["thầy", "thiếu", "nhiệt_tình", "không", "vui_vẻ"]
    assert negators_for(False) is None and negators_for(True) == NEGATION_SCHEMES["v1"]
    assert NEGATION_SCHEMES["v1"].words < NEGATION_SCHEMES["v2"].words  # v2 only adds negators
    # "hong" (unaccented) is also "hỏng" (broken): a word negator only, never a syllable one
    assert "hổng" in NEGATION_SCHEMES["v2"].words and "hong" not in NEGATION_SCHEMES["v2"].syllables
    # v2 marks requests ("the guideline reads them as criticism") up to a comma; negation keeps its mark
    request = ["cô", "nên", "nhiệt_tình", "hơn", ",", "mong", "thầy", "đừng", "quát", "nữa"]
    assert word_view(request, "v2") == ["cô", "nên", "req_nhiệt_tình", "req_hơn", "mong", "req_thầy",
                                        "req_đừng", "neg_quát", "neg_nữa"]
    assert word_view(request, True) == ["cô", "nên", "nhiệt_tình", "hơn", "mong", "thầy", "đừng",
                                        "neg_quát", "neg_nữa"]


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize("bad", [None, 42, b"bytes", {"text": "x"}])
def test_non_text_input_raises_invalid_input(small_model, bad):
    with pytest.raises(InvalidInputError) as e:
        small_model.classify(bad)
    assert isinstance(e.value, TypeError)


def test_non_string_item_is_named_by_position(small_model):
    with pytest.raises(InvalidInputError, match=r"\[1\].*int"):
        small_model.classify(["ok", 5])


@pytest.mark.parametrize("blank", ["", "   ", "\n\t", "...", "!!!"])
def test_blank_text_gives_no_label(small_model, blank):
    p = small_model.classify(blank)
    assert p.labels == () and all(v == 0 for v in p.scores.values())


def test_one_megabyte_text_is_refused_with_an_error_not_truncated(small_model):
    big = ("Cán bộ hách dịch, quát tháo người dân. " * 30000)[:1_000_000]
    p = small_model.classify(big)
    assert p.text == big and p.labels == () and p.error == "text too long (1000000 characters > 10000)"
    assert not any(p.scores.values())
    assert small_model.predict_proba([big]).sum() == 0  # the same policy in the scikit-learn API
    roomy = clone(small_model).set_params(max_chars=None)
    roomy.__dict__.update({k: v for k, v in small_model.__dict__.items() if k.endswith("_")})
    assert "arrogance:violation" in roomy.classify(big).labels and roomy.classify(big).error is None


def test_classify_iter_keeps_order_and_marks_bad_rows(small_model):
    items = ["Cán bộ hách dịch", None, "", 7, "chị rất nhiệt tình", "x" * 20000]
    preds = list(small_model.classify_iter(iter(items), batch_size=2))
    assert len(preds) == len(items)
    assert [p.error is None for p in preds] == [True, False, False, False, True, False]
    assert "missing" in preds[1].error and "empty" in preds[2].error and "int" in preds[3].error
    assert "too long" in preds[5].error
    assert preds[0].labels == small_model.classify("Cán bộ hách dịch").labels
    with pytest.raises(ValueError):
        list(small_model.classify_iter(["x"], batch_size=0))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_classify_never_crashes_on_arbitrary_unicode(small_model, s):
    p = small_model.classify(s)
    assert set(p.labels) <= set(LABELS)
    assert all(0.0 <= v <= 1.0 for v in p.scores.values())


def test_classify_is_thread_safe(small_model):
    texts = ["Cán bộ hách dịch", "chị nhiệt tình", "trễ hẹn", "đòi tiền cà phê"] * 10
    expected = [p.labels for p in small_model.classify(texts)]
    results, errors = {}, []

    def work(k):
        try:
            results[k] = [p.labels for p in small_model.classify(texts)]
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and all(r == expected for r in results.values())


# ------------------------------------------------------------------ other label sets
def test_single_label_other_label_set():
    X = ["giảng viên dạy hay, nhiệt tình", "phòng học nóng, máy chiếu hỏng", "bình thường",
         "thầy dạy dễ hiểu lắm", "wifi yếu, ghế gãy", "không có ý kiến"] * 3
    y = ["positive", "negative", "neutral"] * 6
    m = ConductClassifier(labels=["negative", "neutral", "positive"], multilabel=False, min_df=1, classifier="logreg", C=4.0).fit(X, y)
    assert list(m.classes_) == ["negative", "neutral", "positive"]
    Y = m.predict(["thầy dạy rất hay và nhiệt tình"])
    assert Y.sum() == 1 and Y[0, 2] == 1
    with pytest.raises(ValueError, match="exactly one label"):
        ConductClassifier(labels=["a", "b"], multilabel=False, classifier="logreg", C=4.0).fit(["x", "y"], [["a", "b"], ["a"]])


def test_default_classify_uses_bundled_model_or_says_it_is_missing():
    try:
        p = conduct_nlp.classify("Cán bộ hách dịch")
    except conduct_nlp.ModelNotFoundError as e:
        assert "default model" in str(e)
    else:
        assert "arrogance:violation" in p.labels


def test_training_warns_about_rare_labels_and_records_them(mini_rows, tmp_path):
    X, y = texts_labels(mini_rows)
    with pytest.warns(UserWarning, match="fewer than 5 positive training comments"):
        m = ConductClassifier(min_df=1, threshold=0.5).fit(X, y)
    rare = m.training_data_["rare_labels"]
    assert rare and all(n < 5 for n in rare.values())
    manifest = m.save(tmp_path / "m.skops")
    assert manifest["training_data"]["rare_labels"] == rare


def test_training_refuses_what_cannot_be_learnt():
    with pytest.raises(ValueError, match="at least 2 training comments, got 1"):
        ConductClassifier().fit(["Cán bộ hách dịch"], [["arrogance:violation"]])
    with pytest.raises(ValueError, match="threshold tuning needs.*--no-tune"):
        ConductClassifier(min_df=1).fit(["a b", "c d", "e f"], [[], [], []])
