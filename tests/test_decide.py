"""Probabilities become labels in one place: thresholds.decide, used by every tool."""
import numpy as np
import pytest

from conduct_nlp import ConductClassifier, evaluate
from conduct_nlp.suggest import suggest
from conduct_nlp.thresholds import decide, threshold_array


def test_decide_multilabel_and_single_label():
    P = np.array([[0.2, 0.7, 0.6], [0.0, 0.0, 0.0]])
    assert decide(P, np.array([0.5, 0.5, 0.65])).tolist() == [[0, 1, 0], [0, 0, 0]]
    assert decide(P, 0.5).tolist() == [[0, 1, 1], [0, 0, 0]]
    assert decide(P, {"b": 0.8}, classes=["a", "b", "c"]).tolist() == [[0, 0, 1], [0, 0, 0]]
    # single-label: the most probable label only; none for a row of zeros
    assert decide(P, 0.5, multilabel=False).tolist() == [[0, 1, 0], [0, 0, 0]]


def test_threshold_array_errors_name_the_problem():
    with pytest.raises(ValueError, match=r"\(0, 1\)"):
        threshold_array(1.5, ["a"])
    with pytest.raises(ValueError, match="3 values"):
        threshold_array([0.5, 0.5], ["a", "b", "c"])


@pytest.fixture(scope="module")
def single_label_model():
    X = ["thầy dạy hay quá", "phòng học nóng", "cô giảng dễ hiểu", "máy chiếu hỏng", "thầy rất tận tâm",
         "bàn ghế cũ", "bài giảng rõ ràng", "wifi yếu"] * 3
    y = ["positive", "negative"] * 12
    return ConductClassifier(labels=["negative", "positive"], multilabel=False, min_df=1,
                             classifier="logreg", C=4.0).fit(X, y), X, y


def test_single_label_predict_evaluate_and_suggest_agree(single_label_model):
    model, X, y = single_label_model
    D = model.predict(X)
    assert (D.sum(axis=1) == 1).all()  # one label each, not every label over a 0.5 threshold
    rep = evaluate(model, X, [[c] for c in y])
    assert rep["accuracy"] == pytest.approx(float((D.argmax(1) == np.array([c == "positive" for c in y])).mean()),
                                            abs=1e-4)
    for row in suggest(model, X, n=4):
        i = X.index(row["text"])
        assert row["model_labels"] == [c for c, d in zip(model.classes_, D[i]) if d]
