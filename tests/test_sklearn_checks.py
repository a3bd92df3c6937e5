"""The scikit-learn estimator contract.

``sklearn.utils.estimator_checks.parametrize_with_checks`` cannot run here:
scikit-learn skips every check for an estimator whose input tag is
``string=True`` ("Can't test estimator ... which requires input of type ...
string=True", a ``SkipTestWarning``), because its checks feed numeric matrices.
``test_parametrize_with_checks_skips_string_estimators`` records that, and the
tests below check the same contract with text input.
"""
import pickle
import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.estimator_checks import check_estimator

from conduct_nlp import LABELS, ConductClassifier


def test_parametrize_with_checks_skips_string_estimators():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_estimator(ConductClassifier())
    assert any("requires input" in str(w.message) and "string=True" in str(w.message) for w in caught)


def test_init_only_stores_parameters():
    est = ConductClassifier(C=-1, tokenizer="nope", threshold=7)  # validated in fit, not in __init__
    assert est.get_params()["C"] == -1
    assert not [k for k in vars(est) if k.endswith("_")]
    names = set(ConductClassifier.__init__.__code__.co_varnames[1:ConductClassifier.__init__.__code__.co_argcount])
    assert set(est.get_params()) == names


def test_clone_and_set_params_round_trip():
    est = ConductClassifier(C=2.0, min_df=1)
    twin = clone(est)
    assert twin is not est and twin.get_params() == est.get_params()
    assert est.set_params(C=3.0) is est and est.C == 3.0


def test_fit_returns_self_keeps_params_and_sets_underscore_attributes(mini_rows):
    X, y = [r["text"] for r in mini_rows], [r["labels"] for r in mini_rows]
    est = ConductClassifier(min_df=1, threshold=0.5)
    before = est.get_params()
    with pytest.raises(NotFittedError):
        est.predict(["x"])
    assert est.fit(X, y) is est
    assert est.get_params() == before
    assert list(est.classes_) == list(LABELS)
    for attr in ("classes_", "vectorizer_", "estimators_", "thresholds_", "training_data_"):
        assert hasattr(est, attr)
    assert est.predict([]).shape == (0, len(LABELS))
    again = pickle.loads(pickle.dumps(est))
    assert np.array_equal(again.predict_proba(X), est.predict_proba(X))
