"""The multi-label classifier: :class:`ConductClassifier`."""

from __future__ import annotations

import hashlib
import json
import warnings
from typing import Any, Iterable, Iterator, Mapping, Sequence, overload

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from .analysis import negators_for, without_letters
from .clauses import check_clause_weight, clause_documents, combine_clause_scores
from .cross_val import multilabel_folds, resolve_folds
from .evidence import EvidenceFinder, Explanation, readable_feature
from .exceptions import InvalidInputError, InvalidLabelError
from .features import TOKENIZERS, CompactTfidfVectorizer, Document, NgramFeatures, analyze_many
from .labels import LABELS, to_indicator
from .metrics import cv_summary
from .normalize import has_diacritics, strip_accents
from .prediction import Prediction, predictions_for
from .thresholds import best_thresholds, decide, threshold_array
from .validation import MAX_CHARS, check_texts, iter_batches, row_error

__all__ = ["ConductClassifier", "BUNDLED_PARAMS", "FAST_PARAMS", "check_texts", "data_fingerprint"]

CLASSIFIERS = ("logreg", "svm")
RARE_LABEL_MIN = 5
"""``fit`` warns about labels with fewer positive training comments than this."""

BUNDLED_PARAMS: dict[str, Any] = {
    "tokenizer": "underthesea",
    "word_ngram_range": (1, 2),
    "syllable_ngram_range": (1, 3),
    "char_ngram_range": None,
    "negation": "v2",
    "length_feature": True,
    "augment_unaccented": True,
    "min_df": 2,
    "max_features": 80_000,
    "classifier": "svm",
    "C": 1.0,
    "calibration_ensemble": False,
    "class_weight": "balanced",
    "threshold": "tune",
    "cv": "auto",
    "clause_weight": 0.4,
}
"""The configuration of the bundled default model, chosen by cross-validation in
``scripts/train_default.py``: the defaults of :class:`ConductClassifier`, of
``conduct-nlp train`` and of ``conduct-nlp data audit``."""

FAST_PARAMS: dict[str, Any] = {**BUNDLED_PARAMS, "tokenizer": "syllable", "clause_weight": 0.0}
"""The configuration of the bundled ``"fast"`` model: no word segmentation, and no clause scoring
(it would cost a third of the predictor's throughput: 4,355 instead of 6,817 comments/s in
``scripts/bench_speed.py``, below the 6,000/s target)."""


def data_fingerprint(texts: Sequence[str], Y: np.ndarray) -> str:
    """SHA-256 of a training set (texts and labels, order-sensitive)."""
    h = hashlib.sha256()
    for t, row in zip(texts, np.asarray(Y)):
        h.update(json.dumps([t, row.astype(int).tolist()], ensure_ascii=False).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


class _ConstantProba:
    """Stand-in estimator for a label that had a single class in training."""

    def __init__(self, value: float):
        self.value = float(value)

    def predict_proba(self, X):
        p = np.full(X.shape[0], self.value)
        return np.column_stack([1 - p, p])

    def decision_function(self, X):
        return np.full(X.shape[0], 20.0 if self.value else -20.0)


class _OneOfMany:
    """Column ``j`` of a shared multi-class estimator (single-label mode).

    Keeps ``estimators_`` one entry per label in both modes; the shared model
    is pickled once.
    """

    def __init__(self, model, j: int):
        self.model = model
        self.j = j

    def predict_proba(self, X):
        p = self.model.predict_proba(X)[:, self.j]
        return np.column_stack([1 - p, p])

    def decision_function(self, X):
        d = self.model.decision_function(X)
        if d.ndim == 1:  # two classes: sklearn gives the score of class 1 only
            return d if self.j == 1 else -d
        return d[:, self.j]

    @property
    def coef_(self):
        model = self.model
        if isinstance(model, CalibratedClassifierCV):
            coef = np.mean([c.estimator.coef_ for c in model.calibrated_classifiers_], axis=0)
        else:
            coef = model.coef_
        if coef.shape[0] == 1:  # two classes
            return coef if self.j == 1 else -coef
        return coef[self.j:self.j + 1]


class _LinearHeads:
    """All per-label linear models stacked into one matrix: one sparse product per batch.

    Each head is one linear scorer with a sigmoid on top: a logistic
    regression (``expit(d)``), or one fold of a calibrated linear SVM
    (``expit(-(a·d + b))``, averaged over the folds as scikit-learn does).
    The result equals the per-estimator ``predict_proba`` (same sums in the
    same order); models of any other kind are not stacked.
    """

    def __init__(self, W, intercept, a, b, starts, n_folds, constant):
        self.W, self.intercept, self.a, self.b = W, intercept, a, b
        self.starts, self.n_folds, self.constant = starts, n_folds, constant

    @classmethod
    def build(cls, ests: list) -> "_LinearHeads | None":
        cols, intercept, a, b, starts, n_folds, constant = [], [], [], [], [], [], []
        for est in ests:
            starts.append(len(cols))
            if isinstance(est, _ConstantProba):
                constant.append(est.value)
                n_folds.append(0)
                continue
            constant.append(np.nan)
            if isinstance(est, LogisticRegression) and est.coef_.shape[0] == 1:
                parts = [(est.coef_[0], est.intercept_[0], -1.0, 0.0)]
            elif isinstance(est, CalibratedClassifierCV) and est.method == "sigmoid":
                parts = []
                for cc in est.calibrated_classifiers_:
                    svm, cals = cc.estimator, cc.calibrators
                    if not (isinstance(svm, LinearSVC) and len(cals) == 1 and hasattr(cals[0], "a_")
                            and list(svm.classes_) == [0, 1]):
                        return None
                    parts.append((svm.coef_[0], svm.intercept_[0], float(cals[0].a_), float(cals[0].b_)))
            else:
                return None
            for coef, icpt, ai, bi in parts:
                cols.append(np.asarray(coef, dtype=float))
                intercept.append(float(icpt))
                a.append(ai)
                b.append(bi)
            n_folds.append(len(parts))
        if not cols:
            return None
        return cls(np.column_stack(cols), np.array(intercept), np.array(a), np.array(b),
                   starts, n_folds, constant)

    def predict_proba(self, X) -> np.ndarray:
        from scipy.special import expit

        D = X @ self.W + self.intercept
        H = expit(-(self.a * D + self.b))
        P = np.empty((X.shape[0], len(self.starts)))
        for j, (start, k, const) in enumerate(zip(self.starts, self.n_folds, self.constant)):
            if k == 0:
                P[:, j] = const
                continue
            acc = np.zeros(X.shape[0])
            for f in range(start, start + k):  # fold by fold, as scikit-learn sums them
                acc += H[:, f]
            P[:, j] = acc / k
        return P


def _without_evidence(X, docs: list[Document]) -> np.ndarray:
    """Rows that get zero scores: no feature the model knows, or no letter at all (:func:`analysis.has_letters`)."""
    return (X.getnnz(axis=1) == 0) | without_letters(docs)


class ConductClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label classifier of Vietnamese comments against the "3 không, 3 phải" norms.

    A scikit-learn estimator: TF-IDF over word n-grams (underthesea tokens),
    accent-stripped syllable n-grams and optionally character n-grams, one
    linear model per label, and per-label decision thresholds. The defaults
    are the bundled model's configuration (:data:`BUNDLED_PARAMS`).

    Parameters
    ----------
    labels : sequence of str, optional
        Label codes to learn. ``None`` (default) means the twelve codes of
        :data:`conduct_nlp.LABELS`. Any other label set (e.g. sentiment) must
        be given explicitly here.
    multilabel : bool, default=True
        ``False`` for single-label data (exactly one label per text):
        ``predict`` then returns the most probable label only.
    tokenizer : {"underthesea", "underthesea-syllable", "syllable"}, default="underthesea"
        Word segmentation with underthesea; underthesea's syllable tokenizer
        without segmentation; or bare syllables by one regex (fastest). See
        :data:`conduct_nlp.features.TOKENIZERS`. A fitted model always
        tokenizes the way it was trained (the value is saved with it).
    word_ngram_range, syllable_ngram_range, char_ngram_range : tuple or None
        n-gram ranges of the three feature views; ``None`` disables a view.
    negation : bool or {"v1", "v2"}, default="v2"
        Mark tokens in the scope of a negator ("không hề hách dịch"). The name picks the
        markers (:data:`conduct_nlp.analysis.NEGATION_SCHEMES`): ``"v2"`` adds "thiếu",
        "kém", "hổng", "hông" to the ``"v1"`` negators ("không", "chưa", "chẳng"...) and
        marks requests ("nên / mong / cần ... hơn", which the guideline reads as criticism);
        ``True`` is ``"v1"``, as models of conduct_nlp 0.1 were trained; ``False`` marks nothing.
    length_feature : bool, default=True
        Add a feature for the comment's length in syllables (see
        :class:`conduct_nlp.features.NgramFeatures`).
    augment_unaccented : bool, default=True
        Also train on an accent-stripped copy of every comment that has diacritics.
    min_df : int, default=2
        Ignore features seen in fewer training comments.
    max_features : int, optional
        Keep only the most frequent features.
    sublinear_tf : bool, default=True
        Use ``1 + log(tf)``.
    classifier : {"logreg", "svm"}, default="svm"
        Logistic regression, or a linear SVM calibrated with sigmoid (Platt) scaling.
    C : float, default=1.0
        Inverse regularisation strength.
    calibration_ensemble : bool, default=False
        With ``classifier="svm"``: ``True`` keeps one calibrated SVM per
        calibration fold and averages them (scikit-learn's
        ``CalibratedClassifierCV(ensemble=True)``); ``False`` fits one SVM on
        all the data and calibrates it on cross-validated scores: a model about
        three times smaller and faster to apply.
    class_weight : "balanced" or None, default="balanced"
        Re-weight the rare positive class of each label.
    threshold : float, sequence, mapping or "tune", default="tune"
        Decision threshold on each label's probability: one float for all,
        one per label (sequence in ``classes_`` order or ``{code: float}``),
        or ``"tune"`` to choose them by cross-validation during ``fit``.
    cv : int or "auto", default="auto"
        Folds for ``threshold="tune"`` (multi-label iterative stratification);
        ``"auto"`` uses 5 folds below 5,000 training comments and 3 above
        (out-of-fold estimates are stable there, and fitting is ~40% faster).
    max_chars : int or None, default=10000
        Longer comments are refused: ``classify`` gives them an ``error``
        ("text too long"), ``predict_proba`` zero scores, and ``fit`` refuses
        them (see :mod:`conduct_nlp.validation`). ``None`` accepts any length.
    random_state : int, default=0
        Seed of the cross-validation split and the SVM.
    n_jobs : int, optional
        Processes for tokenization and threads for the per-label fits during
        ``fit`` (``-1`` = all cores). Prediction is unaffected; results are
        identical for every value.
    clause_weight : float in [0, 1], default=0.4
        Also score every clause of a comment with the same fitted model and
        give a label ``(1 - w) * p(whole) + w * max p(clause)`` (see
        :mod:`conduct_nlp.clauses`): one short clause in a long story is not
        drowned by the rest. ``0`` scores whole comments only, as models
        before 0.2 did. Thresholds are tuned on the combined scores.

    Attributes
    ----------
    classes_ : ndarray of str
        Label codes, the column order of every output.
    vectorizer_ : TfidfVectorizer
    estimators_ : list
        One fitted binary classifier per label.
    thresholds_ : ndarray of shape (n_labels,)
    cv_report_ : dict or None
        Out-of-fold scores when the thresholds were tuned; with clause scoring,
        ``"without_clauses"`` holds the micro/macro F1 of the whole-comment scores
        of the same folds (each with its own tuned thresholds).
    training_data_ : dict
        ``{"sha256": ..., "n_comments": ...}`` of the training set.
    """

    length_feature = False  # models saved before 0.2 have no such attribute
    calibration_ensemble = True  # idem
    clause_weight = 0.0  # idem

    def __init__(self, labels=None, multilabel=True, tokenizer=BUNDLED_PARAMS["tokenizer"],
                 word_ngram_range=BUNDLED_PARAMS["word_ngram_range"],
                 syllable_ngram_range=BUNDLED_PARAMS["syllable_ngram_range"],
                 char_ngram_range=BUNDLED_PARAMS["char_ngram_range"], negation=BUNDLED_PARAMS["negation"],
                 length_feature=BUNDLED_PARAMS["length_feature"],
                 augment_unaccented=BUNDLED_PARAMS["augment_unaccented"], min_df=BUNDLED_PARAMS["min_df"],
                 max_features=BUNDLED_PARAMS["max_features"], sublinear_tf=True,
                 classifier=BUNDLED_PARAMS["classifier"],
                 C=BUNDLED_PARAMS["C"], calibration_ensemble=BUNDLED_PARAMS["calibration_ensemble"],
                 class_weight=BUNDLED_PARAMS["class_weight"],
                 threshold=BUNDLED_PARAMS["threshold"], cv=BUNDLED_PARAMS["cv"], max_chars=MAX_CHARS,
                 random_state=0, n_jobs=None, clause_weight=BUNDLED_PARAMS["clause_weight"]):
        self.labels = labels
        self.multilabel = multilabel
        self.tokenizer = tokenizer
        self.word_ngram_range = word_ngram_range
        self.syllable_ngram_range = syllable_ngram_range
        self.char_ngram_range = char_ngram_range
        self.negation = negation
        self.length_feature = length_feature
        self.augment_unaccented = augment_unaccented
        self.min_df = min_df
        self.max_features = max_features
        self.sublinear_tf = sublinear_tf
        self.classifier = classifier
        self.C = C
        self.calibration_ensemble = calibration_ensemble
        self.class_weight = class_weight
        self.threshold = threshold
        self.cv = cv
        self.max_chars = max_chars
        self.random_state = random_state
        self.n_jobs = n_jobs
        self.clause_weight = clause_weight

    # ------------------------------------------------------------------ validation
    def _classes(self) -> tuple[str, ...]:
        classes = tuple(LABELS if self.labels is None else self.labels)
        if not classes or len(set(classes)) != len(classes) or not all(isinstance(c, str) for c in classes):
            raise ValueError(f"labels must be a non-empty sequence of distinct strings, got {self.labels!r}")
        return classes

    def _check_params(self) -> None:
        if self.tokenizer not in TOKENIZERS:
            raise ValueError(f"tokenizer must be one of {TOKENIZERS}, got {self.tokenizer!r}")
        if self.classifier not in CLASSIFIERS:
            raise ValueError(f"classifier must be one of {CLASSIFIERS}, got {self.classifier!r}")
        negators_for(self.negation)  # raises a clear ValueError for an unknown scheme
        check_clause_weight(self.clause_weight)
        if not (self.word_ngram_range or self.syllable_ngram_range or self.char_ngram_range):
            raise ValueError("at least one of word_ngram_range, syllable_ngram_range, char_ngram_range must be set")
        if not (isinstance(self.C, (int, float)) and self.C > 0):
            raise ValueError(f"C must be a positive number, got {self.C!r}")
        if isinstance(self.threshold, str) and self.threshold != "tune":
            raise ValueError(f"threshold must be a float, a per-label sequence or mapping, or 'tune'; got {self.threshold!r}")
        if self.threshold == "tune":
            resolve_folds(self.cv, 10**6)  # raises a clear ValueError for a bad cv

    def _check_y(self, y: Any, n: int, classes: tuple[str, ...]) -> np.ndarray:
        if isinstance(y, np.ndarray) and y.ndim == 2 or sparse.issparse(y):
            Y = np.asarray(y.toarray() if sparse.issparse(y) else y)
            if Y.shape != (n, len(classes)):
                raise ValueError(f"indicator matrix must have shape ({n}, {len(classes)}), got {Y.shape}")
            if not np.isin(Y, (0, 1)).all():
                raise ValueError("indicator matrix must contain only 0 and 1")
            return Y.astype(np.int8)
        rows = list(y)
        if len(rows) != n:
            raise ValueError(f"got {n} texts but {len(rows)} label rows")
        if not self.multilabel and all(isinstance(r, str) for r in rows):
            rows = [[r] for r in rows]
        for i, r in enumerate(rows):
            if isinstance(r, str):
                raise ValueError(
                    f"labels[{i}] is the string {r!r}; give a list of codes per text "
                    "(or multilabel=False for one label per text)")
        try:
            Y = to_indicator(rows, classes)
        except InvalidLabelError as e:
            raise InvalidLabelError(e.label, classes) from None
        if not self.multilabel and not (Y.sum(axis=1) == 1).all():
            bad = int(np.flatnonzero(Y.sum(axis=1) != 1)[0])
            raise ValueError(f"multilabel=False needs exactly one label per text; row {bad} has {rows[bad]!r}")
        return Y

    def _check_label_counts(self, Y: np.ndarray, classes: tuple[str, ...]) -> dict[str, int]:
        """Warn about rare labels (returned, for the manifest); refuse data no threshold can be tuned on."""
        pos = Y.sum(axis=0)
        rare = {c: int(n) for c, n in zip(classes, pos) if n < RARE_LABEL_MIN}
        if rare:
            warnings.warn(
                f"labels with fewer than {RARE_LABEL_MIN} positive training comments: "
                + ", ".join(f"{c} ({n})" for c, n in rare.items())
                + "; they will rarely or never be predicted (a label with 0 never is). Label more comments "
                "with them; the list is recorded in the model's manifest (training_data.rare_labels).",
                UserWarning, stacklevel=3)
        if self.threshold == "tune" and self.multilabel:
            n = len(Y)
            usable = [(p >= 2 and n - p >= 2) for p in pos]
            if not any(usable):
                raise ValueError(
                    "threshold tuning needs, for at least one label, 2 or more training comments with it and "
                    "2 or more without it; this data has none. Label more comments, or keep fixed thresholds "
                    "(threshold=0.5; `conduct-nlp train --no-tune`).")
        return rare

    # ------------------------------------------------------------------ analysis
    def _analyze(self, texts: Sequence[str], parallel: bool = False) -> list[Document]:
        if parallel and self.n_jobs not in (None, 1) and len(texts) >= 4000:
            from joblib import Parallel, delayed

            size = 1000
            parts = Parallel(n_jobs=self.n_jobs)(
                delayed(analyze_many)(texts[i:i + size], self.tokenizer) for i in range(0, len(texts), size))
            return [d for part in parts for d in part]
        return analyze_many(texts, self.tokenizer)

    def _make_vectorizer(self) -> TfidfVectorizer:
        return CompactTfidfVectorizer(
            analyzer=NgramFeatures(self.word_ngram_range, self.syllable_ngram_range,
                                   self.char_ngram_range, self.negation, self.length_feature),
            sublinear_tf=self.sublinear_tf, min_df=self.min_df,
            max_features=self.max_features, dtype=np.float32,
        )

    def _make_base(self, n_pos: int, n_neg: int):
        if self.classifier == "logreg":
            return LogisticRegression(C=self.C, class_weight=self.class_weight,
                                      solver="liblinear", max_iter=2000)
        svm = LinearSVC(C=self.C, class_weight=self.class_weight, random_state=self.random_state)
        folds = min(3, n_pos, n_neg)
        return (CalibratedClassifierCV(svm, cv=folds, method="sigmoid", ensemble=self.calibration_ensemble)
                if folds >= 2 else svm)

    def _fit_multiclass(self, X, Y: np.ndarray) -> list:
        # single-label data: one multinomial logistic regression (or a calibrated
        # linear SVM) shared by all labels, so the scores compete and sum to 1
        y = Y.argmax(axis=1)
        if self.classifier == "logreg":
            model = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000)
        else:
            svm = LinearSVC(C=self.C, class_weight=self.class_weight, random_state=self.random_state)
            folds = min(3, int(np.bincount(y, minlength=Y.shape[1]).min()))
            model = CalibratedClassifierCV(svm, cv=folds, method="sigmoid") if folds >= 2 else None
            if model is None:
                model = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000)
        if len(np.unique(y)) != Y.shape[1]:
            missing = [j for j in range(Y.shape[1]) if not (y == j).any()]
            raise ValueError(f"single-label training needs every label at least once; "
                             f"missing: {[self._classes()[j] for j in missing]}")
        model.fit(X, y)
        return [_OneOfMany(model, j) for j in range(Y.shape[1])]

    def _fit_estimators(self, X, Y: np.ndarray) -> list:
        if not self.multilabel:
            return self._fit_multiclass(X, Y)
        from joblib import Parallel, delayed

        return Parallel(n_jobs=self.n_jobs, prefer="threads")(
            delayed(self._fit_one)(X, Y[:, j]) for j in range(Y.shape[1]))

    def _fit_one(self, X, y: np.ndarray):
        n_pos = int(y.sum())
        if n_pos == 0 or n_pos == len(y):
            return _ConstantProba(1.0 if n_pos else 0.0)
        est = self._make_base(n_pos, len(y) - n_pos)
        if isinstance(est, LinearSVC):  # too few positives to calibrate
            est = LogisticRegression(C=self.C, class_weight=self.class_weight, solver="liblinear")
        return est.fit(X, y)

    def _proba(self, ests: list, X) -> np.ndarray:
        if X.shape[0] == 0:
            return np.zeros((0, len(ests)))
        if ests and isinstance(ests[0], _OneOfMany):
            return ests[0].model.predict_proba(X)
        heads = self._heads(ests) if ests is getattr(self, "estimators_", None) else None
        if heads is not None:
            return heads.predict_proba(X)
        return np.column_stack([e.predict_proba(X)[:, 1] for e in ests])

    def _heads(self, ests: list) -> "_LinearHeads | None":
        # built once per fitted model (a cache, not a fitted attribute: not pickled)
        cached = self.__dict__.get("_heads_cache")
        if cached is None or cached[0] is not ests:
            cached = (ests, _LinearHeads.build(ests))
            self.__dict__["_heads_cache"] = cached
        return cached[1]

    def linear_heads(self) -> "_LinearHeads | None":
        """The fitted per-label models stacked as one linear map with sigmoid heads.

        ``None`` when they cannot be stacked exactly (single-label models, or
        estimators other than logistic regression and sigmoid-calibrated linear
        SVMs). Read by :func:`conduct_nlp.compiled.export_predictor`.
        """
        check_is_fitted(self, "estimators_")
        return self._heads(self.estimators_) if self.multilabel else None

    def __getstate__(self):
        state = super().__getstate__()
        if "_heads_cache" in state:
            state = {k: v for k, v in state.items() if k != "_heads_cache"}
        return state

    def _augment(self, texts: list[str], docs: list[Document], Y: np.ndarray):
        parents = list(range(len(texts)))
        if not self.augment_unaccented:
            return docs, Y, np.asarray(parents)
        idx = [i for i, t in enumerate(texts) if has_diacritics(t)]
        extra = self._analyze([strip_accents(texts[i]) for i in idx], parallel=True)
        return docs + extra, np.vstack([Y, Y[idx]]) if idx else Y, np.asarray(parents + idx)

    # ------------------------------------------------------------------ fit
    def fit(self, X, y):
        """Fit the model.

        Parameters
        ----------
        X : list of str
            Comments.
        y : list of lists of label codes, or indicator matrix of shape (n, n_labels)
            With ``multilabel=False`` a list of single codes is also accepted.

        Returns
        -------
        self
        """
        self._check_params()
        classes = self._classes()
        texts = check_texts(X, name="X")
        if len(texts) < 2:
            raise ValueError(f"need at least 2 training comments, got {len(texts)}"
                             + (" (an empty list)" if not texts else ""))
        bad = [(i, e) for i, e in ((i, row_error(t, self.max_chars)) for i, t in enumerate(texts)) if e]
        if bad:
            shown = "; ".join(f"X[{i}]: {e}" for i, e in bad[:5])
            raise ValueError(f"{len(bad)} training text(s) cannot be used ({shown}); "
                             "fix or drop them (see conduct_nlp.validation)")
        Y = self._check_y(y, len(texts), classes)
        rare = self._check_label_counts(Y, classes)
        thresholds = None if self.threshold == "tune" else threshold_array(self.threshold, classes)

        docs = self._analyze(texts, parallel=True)
        all_docs, Y_all, parents = self._augment(texts, docs, Y)
        vec = self._make_vectorizer()
        X_all = vec.fit_transform(all_docs)
        if hasattr(vec, "stop_words_"):
            del vec.stop_words_  # large, and only kept for introspection
        self.classes_ = np.array(classes, dtype=object)
        self.vectorizer_ = vec
        self.estimators_ = self._fit_estimators(X_all, Y_all)
        self.cv_report_ = None
        if thresholds is None:
            if self.multilabel:
                whole, oof = self._oof_proba(X_all, Y_all, parents, docs)
                thresholds = best_thresholds(Y, oof)
                self.cv_report_ = cv_summary(Y, decide(oof, thresholds), decide(oof, 0.5, classes=classes),
                                             classes)
                if oof is not whole:  # clause scoring: also the whole-comment scores of the same folds
                    alone = cv_summary(Y, decide(whole, best_thresholds(Y, whole)),
                                       decide(whole, 0.5, classes=classes), classes)
                    self.cv_report_["without_clauses"] = {k: alone[k] for k in ("micro_f1", "macro_f1")}
            else:
                thresholds = np.full(len(classes), 0.5)
        self.thresholds_ = thresholds
        self.training_data_ = {"sha256": data_fingerprint(texts, Y), "n_comments": len(texts),
                               "rare_labels": rare}
        return self

    def _oof_proba(self, X_all, Y_all: np.ndarray, parents: np.ndarray, docs: list[Document]
                   ) -> tuple[np.ndarray, np.ndarray]:
        """Out-of-fold probabilities of the training comments: whole comments, and with clause scoring.

        The two are the same array when ``clause_weight`` is 0.
        """
        n = len(docs)
        Y = Y_all[:n]
        oof = np.zeros(Y.shape, dtype=float)
        folds = []
        for train_idx, test_idx in multilabel_folds(Y, resolve_folds(self.cv, n), self.random_state):
            in_train = np.zeros(n, dtype=bool)
            in_train[train_idx] = True
            rows = np.flatnonzero(in_train[parents])
            folds.append((X_all[rows], Y_all[rows], test_idx))
        if self.multilabel:
            # every (fold, label) fit is one task, so all cores stay busy
            from joblib import Parallel, delayed

            L = Y.shape[1]
            fitted = Parallel(n_jobs=self.n_jobs, prefer="threads")(
                delayed(self._fit_one)(Xf, Yf[:, j]) for Xf, Yf, _ in folds for j in range(L))
            fold_ests = [fitted[k * L:(k + 1) * L] for k in range(len(folds))]
        else:
            fold_ests = [self._fit_estimators(Xf, Yf) for Xf, Yf, _ in folds]
        for ests, (_, _, test_idx) in zip(fold_ests, folds):
            oof[test_idx] = self._proba(ests, X_all[test_idx])
        if self.clause_weight:
            return oof, self._oof_with_clauses(oof, docs, fold_ests, [f[2] for f in folds])
        return oof, oof

    def _oof_with_clauses(self, oof: np.ndarray, docs: list[Document], fold_ests: list,
                          fold_rows: list[np.ndarray]) -> np.ndarray:
        """Out-of-fold scores with clause scoring: each clause scored by its comment's held-out fold model."""
        cdocs, owner = clause_documents(docs, self.tokenizer)
        if not cdocs:
            return oof
        Xc = self.vectorizer_.transform(cdocs)
        fold_of = np.empty(len(docs), dtype=np.int64)
        for k, rows in enumerate(fold_rows):
            fold_of[rows] = k
        Pc = np.zeros((len(cdocs), oof.shape[1]))
        for k, ests in enumerate(fold_ests):
            sel = np.flatnonzero(fold_of[owner] == k)
            if len(sel):
                Pc[sel] = self._proba(ests, Xc[sel])
        Pc[_without_evidence(Xc, cdocs)] = 0.0
        return combine_clause_scores(oof, Pc, owner, float(self.clause_weight))

    # ------------------------------------------------------------------ predict
    def _transform(self, texts: list[str]):
        docs = self._analyze(texts)
        return self.vectorizer_.transform(docs)

    def predict_proba(self, X) -> np.ndarray:
        """Probability of every label, shape ``(n, n_labels)`` in ``classes_`` order.

        A comment with no feature the model knows, one with no letter at all (only
        emoji, emoticons, digits or punctuation: :func:`conduct_nlp.analysis.has_letters`),
        or one the input policy refuses (empty, too long: :mod:`conduct_nlp.validation`),
        gets 0 for every label: there is no evidence for any.
        """
        check_is_fitted(self, "estimators_")
        texts = check_texts(X, name="X")
        return self._proba_checked(texts, [row_error(t, self.max_chars) for t in texts])

    def _proba_checked(self, texts: Sequence[str], errors: Sequence[str | None]) -> np.ndarray:
        P = np.zeros((len(texts), len(self.classes_)))
        good = [i for i, e in enumerate(errors) if e is None]
        if good:
            docs = self._analyze([texts[i] for i in good])
            P[good] = self._docs_proba(docs)
        return P

    def _docs_proba(self, docs: list[Document]) -> np.ndarray:
        """Label probabilities of analysed comments, with clause scoring when ``clause_weight`` > 0."""
        P = self._whole_proba(docs)
        if self.clause_weight and len(docs):
            cdocs, owner = clause_documents(docs, self.tokenizer)
            if cdocs:
                P = combine_clause_scores(P, self._whole_proba(cdocs), owner, float(self.clause_weight))
        return P

    def _whole_proba(self, docs: list[Document]) -> np.ndarray:
        """Label probabilities of analysed texts as they are (0 for a text with no known feature or no letter)."""
        X = self.vectorizer_.transform(docs)
        P = self._proba(self.estimators_, X)
        P[_without_evidence(X, docs)] = 0.0
        return P

    def _has_decision_function(self) -> bool:
        return self.classifier == "logreg"

    @available_if(_has_decision_function)
    def decision_function(self, X) -> np.ndarray:
        """Linear scores (log-odds) of every label for the whole comment, shape ``(n, n_labels)``.

        Without clause scoring: with ``clause_weight > 0`` the probabilities of
        :meth:`predict_proba` also read the clauses.
        """
        check_is_fitted(self, "estimators_")
        texts = check_texts(X, name="X")
        if not texts:
            return np.zeros((0, len(self.classes_)))
        Xv = self._transform(texts)
        return np.column_stack([e.decision_function(Xv) for e in self.estimators_])

    def predict(self, X) -> np.ndarray:
        """Indicator matrix of the labels over threshold, shape ``(n, n_labels)``."""
        return decide(self.predict_proba(X), self.thresholds_, self.multilabel)

    # ------------------------------------------------------------------ friendly API
    @overload
    def classify(self, texts: str, threshold=None) -> Prediction: ...
    @overload
    def classify(self, texts: Sequence[str], threshold=None) -> list[Prediction]: ...

    def classify(self, texts, threshold=None):
        """Classify one comment or a list of comments.

        Parameters
        ----------
        texts : str or list of str
            One ``str`` gives one :class:`Prediction`; a list gives a list of the
            same length and order (``[]`` gives ``[]``).
        threshold : float, sequence or mapping, optional
            Override the model's thresholds for this call.

        Returns
        -------
        Prediction or list of Prediction
            A text the input policy refuses (empty, too long, invalid Unicode:
            :mod:`conduct_nlp.validation`) gets no labels, zero scores and an
            ``error``.

        Raises
        ------
        InvalidInputError
            ``texts`` is not a ``str`` or a list of ``str``.
        """
        check_is_fitted(self, "estimators_")
        single = isinstance(texts, str)
        preds = self.classify_batch(check_texts(texts), threshold)
        return preds[0] if single else preds

    def classify_batch(self, items: Sequence[Any], threshold=None) -> list[Prediction]:
        """One :class:`Prediction` per item, in order; never raises for a bad item.

        Items that are not usable text (``None``, not a ``str``, empty, too long,
        invalid Unicode) get no labels, zero scores and an ``error``
        (:func:`conduct_nlp.validation.row_error`). The building block of
        :meth:`classify`, :meth:`classify_iter`, batch files, pandas and Dask.
        """
        check_is_fitted(self, "estimators_")
        return predictions_for(items, self._proba_checked, self.classes_,
                               self.thresholds_ if threshold is None else threshold, self.multilabel, self.max_chars)

    def classify_iter(self, texts: Iterable[Any], batch_size: int = 512, threshold=None) -> Iterator[Prediction]:
        """Classify an iterable lazily, in order, ``batch_size`` comments at a time.

        Items that are not usable text give a :class:`Prediction` with no
        labels, zero scores and an ``error`` (as :meth:`classify_batch`); they
        never stop the stream. A single ``str`` is one comment, not an
        iterable of characters.
        """
        check_is_fitted(self, "estimators_")
        return iter_batches(self.classify_batch, texts, batch_size, threshold)

    # ------------------------------------------------------------------ explain
    def _label_coefs(self, j: int) -> np.ndarray:
        est = self.estimators_[j]
        n = len(self.vectorizer_.vocabulary_)
        if isinstance(est, _ConstantProba):
            return np.zeros(n)
        if isinstance(est, CalibratedClassifierCV):
            return np.mean([c.estimator.coef_.ravel() for c in est.calibrated_classifiers_], axis=0)
        return np.asarray(est.coef_).ravel()

    def explain(self, text: str, top: int = 5, labels: Sequence[str] | None = None, *, spans: bool = False,
                raw: bool = False, fallback: int = 2) -> Explanation:
        """Show which phrases of ``text`` pushed each label.

        Parameters
        ----------
        text : str
            One comment.
        top : int, default=5
            How many phrases (features with ``raw=True``) to list per label.
        labels : list of str, optional
            Labels to explain; default the labels predicted for ``text`` or,
            when none is, the ``fallback`` top-scoring labels (listed in
            ``.below_threshold`` of the result).
        spans : bool, default=False
            Give :class:`~conduct_nlp.evidence.Evidence` items (phrase, weight,
            character spans in ``text``, negated, merged features) instead of
            ``(phrase, weight)`` pairs.
        raw : bool, default=False
            List the model's features one by one, as before 0.2: ``"hách dịch"``
            (words), ``"hach dich (no accents)"`` (accent-stripped syllables),
            ``"not: hách dịch"`` (inside a negation), ``"chars: 'ach '"``.
        fallback : int, default=2
            How many top-scoring labels to explain when none is predicted.

        Returns
        -------
        Explanation
            A dict: label code → list of ``(phrase, weight)``, strongest first.
            A phrase is written as in the comment, merges an n-gram with its
            accent-stripped twin (weights summed), and filler (numbers,
            placeholders, punctuation, stop-words) is not shown (see
            :mod:`conduct_nlp.evidence`). The weight is the contribution to
            the label's log-odds in the whole comment (with clause scoring,
            ``scores`` also read the clauses, whose phrases are the same
            n-grams with other tf-idf weights). Attributes ``predicted``,
            ``below_threshold`` and ``scores`` say which labels are predicted
            and which explained labels are below their threshold.
        """
        check_is_fitted(self, "estimators_")
        if not isinstance(text, str):
            raise InvalidInputError(f"text must be str, got {type(text).__name__}")
        if not isinstance(top, int) or isinstance(top, bool) or top < 1:
            raise ValueError(f"top must be a positive int, got {top!r}")
        if not isinstance(fallback, int) or isinstance(fallback, bool) or fallback < 0:
            raise ValueError(f"fallback must be an int >= 0, got {fallback!r}")
        classes = list(self.classes_)
        pred = self.classify(text)
        if labels is None:
            labels = list(pred.labels)
            if not labels and fallback:
                ranked = sorted(classes, key=lambda c: (-pred.scores.get(c, 0.0), classes.index(c)))
                labels = [c for c in ranked[:fallback] if pred.scores.get(c, 0.0) > 0]
        labels = list(labels)
        for code in labels:
            if code not in classes:
                raise InvalidLabelError(code, tuple(classes))
        below = [c for c in labels if c not in pred.labels]
        out = Explanation(predicted=pred.labels, below_threshold=below,
                          scores={c: pred.scores.get(c, 0.0) for c in labels})
        if pred.error is not None:
            out.update({code: [] for code in labels})
            return out
        x = self._transform([text]).tocsr()
        names = self.vectorizer_.get_feature_names_out()
        feats = [str(names[i]) for i in x.indices]
        finder = None if raw else EvidenceFinder(text)
        for code in labels:
            coef = self._label_coefs(classes.index(code))
            contrib = x.data * coef[x.indices]
            if raw:
                order = np.argsort(-contrib, kind="stable")
                out[code] = [(readable_feature(feats[k]), round(float(contrib[k]), 4))
                             for k in order[:top] if contrib[k] > 0]
                continue
            found = finder.phrases(zip(feats, contrib.tolist()), top=top)
            out[code] = list(found) if spans else [(e.phrase, e.weight) for e in found]
        return out

    def evidence(self, text: str, top: int = 5, labels: Sequence[str] | None = None,
                 fallback: int = 2) -> Explanation:
        """``explain(text, top, labels, spans=True)``: phrases with weights and character spans in ``text``."""
        return self.explain(text, top, labels, spans=True, fallback=fallback)

    # ------------------------------------------------------------------ persistence
    def save(self, path, *, metrics: Mapping[str, Any] | None = None,
             data_files: Sequence[Mapping[str, Any]] | None = None) -> dict:
        """Save the fitted model and its JSON manifest (see :func:`conduct_nlp.save_model`)."""
        from .persistence import save_model

        return save_model(self, path, metrics=metrics, data_files=data_files)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.target_tags.multi_output = True
        return tags


def _readable(feature: str) -> str:
    """Kept for code that imported it; use :func:`conduct_nlp.evidence.readable_feature`."""
    return readable_feature(feature)
