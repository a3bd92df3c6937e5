"""Compare model variants on the same features by cross-validation on train (not a unit test).

The experiments behind the README's "Not met" paragraph: can another model of the bundled
features read test v2 better than the per-label calibrated linear SVM? All variants use the
``fast`` model's features (regex syllables 1-2 + accent-stripped syllables 1-3 + length, negation
"v2", 80,000 n-grams, accent-stripped copies of accented training comments), 3-fold multi-label
cross-validation on train with per-label thresholds tuned on the out-of-fold scores, and are then
fitted on all of train and scored on test v2 with those thresholds.

Usage::

    python scripts/experiment_models.py svm            # the baseline (about 3 min on 2 cores)
    python scripts/experiment_models.py mlp            # one hidden layer of 256 (about 20 min)
    python scripts/experiment_models.py char           # + character 2-5-grams, 150k features
    python scripts/experiment_models.py nonorm         # tf-idf without L2 normalisation, C=0.03
    python scripts/experiment_models.py stack          # second stage over the 12 label scores
    python scripts/experiment_models.py negdrop        # no bare negator unigrams ("không" alone; its bigrams stay)
    python scripts/experiment_models.py nb             # NB-SVM: features scaled by each label's log-count ratio
    python scripts/experiment_models.py clause         # clause scoring (conduct_nlp.clauses), weights 0.2-0.5
    python scripts/experiment_models.py quote          # + syllables inside quotation marks as "q:" uni/bigrams
    python scripts/experiment_models.py noaccent       # no accented "w:" n-grams: accent-stripped syllables only
    python scripts/experiment_models.py copy2          # each accent-stripped training copy counted twice
    python scripts/experiment_models.py sreq           # request scopes ("nên", "mong", "cần" ...) marked in the s: view too

Every variant also prints its cross-validated accent gap: the out-of-fold micro-F1 of the held-out
comments that have diacritics, as written and accent-stripped (same thresholds), the train-side
estimate of the accent-stripped test v2 gap.

The README's figures were measured on the train split of commit bec2eb6 (21,073 comments)::

    git show bec2eb6:datasets/conduct_vi/train.jsonl > /tmp/train_r8.jsonl
    python scripts/experiment_models.py --train /tmp/train_r8.jsonl svm

The ``nb`` and ``stack`` figures of the README (and its second baseline, svm 0.797) are from the
31,572 comments of round 15 (commit 21b1c56), about 7 minutes each; ``negdrop`` (and svm 0.800)
from the 34,593 comments of rounds 16-17; ``quote`` (and its own svm baseline) from those 34,593 and
from the 36,094 of round 18; ``noaccent``, ``copy2`` and the accent gaps (and svm 0.8017) from the
37,544 comments of round 19 (commit 2b89d90); ``sreq`` (and svm 0.8047) from the 42,098 of rounds
20-22 (commit 12aa023).
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.svm import LinearSVC

from conduct_nlp import LABELS, read_labelled, strip_accents
from conduct_nlp.analysis import (NEGATION_SCHEMES, analyze_many, length_bucket, marked_words, ngram_features,
                                  ngrams, syllable_tokenize, syllable_view, word_view)
from conduct_nlp.clauses import clause_documents, combine_clause_scores
from conduct_nlp.cross_val import multilabel_folds
from conduct_nlp.evaluation import score_predictions
from conduct_nlp.labels import to_indicator
from conduct_nlp.normalize import has_diacritics
from conduct_nlp.thresholds import best_thresholds, decide

DATA = Path(__file__).resolve().parent.parent / "datasets" / "conduct_vi"
TOKENIZER = "syllable"


def read(path: Path) -> tuple[list[str], np.ndarray]:
    data = read_labelled([path])
    return list(data.texts), to_indicator(data.labels, LABELS)


def features(texts: list[str], char: bool = False) -> list[list[str]]:
    return doc_features(analyze_many(texts, TOKENIZER), char)


NEGATOR_UNIGRAMS = frozenset({"w:" + t for t in NEGATION_SCHEMES["v2"].words}
                             | {"s:" + t for t in NEGATION_SCHEMES["v2"].syllables})
DROP_NEGATORS = False  # the ``negdrop`` variant: no bare negator unigrams ("không" alone)


NO_ACCENTED_WORDS = False  # the ``noaccent`` variant: drop the accented "w:" n-grams
REQUEST_SYLLABLES = False  # the ``sreq`` variant: the word view's request scopes also mark the s: view


def request_marked_features(doc) -> list[str]:
    """The ``fast`` features with the s: syllables inside a request scope (found on the accented
    words, aligned one to one with the syllables under the syllable tokenizer) prefixed ``req_``."""
    sv = list(syllable_view(doc.syllables, "v2"))
    mw = marked_words(doc.words, NEGATION_SCHEMES["v2"])
    if len(mw) == len(sv):
        sv = ["req_" + s if w.startswith("req_") and not s.startswith("neg_") else s for w, s in zip(mw, sv)]
    return (ngrams(word_view(doc.words, "v2"), 1, 2, "w:") + ngrams(sv, 1, 3, "s:")
            + [length_bucket(len(doc.syllables))])


QUOTE_FEATURES = False  # the ``quote`` variant: syllables inside quotation marks also as "q:" uni- and bigrams
_QUOTED = re.compile(r"[\"“”‘’']([^\"“”‘’']{1,300})[\"“”‘’']")


def quoted_features(doc) -> list[str]:
    """``q:`` + the accent-stripped syllables (and their bigrams) inside quotation marks."""
    out = []
    for m in _QUOTED.finditer(doc.stripped):
        syl = syllable_tokenize(m.group(1))
        out += ["q:" + t for t in syl] + ["q:" + a + " " + b for a, b in zip(syl, syl[1:])]
    return out


def doc_features(docs, char: bool = False) -> list[list[str]]:
    if REQUEST_SYLLABLES:
        return [request_marked_features(d) for d in docs]
    feats = [ngram_features(d, (1, 2), (1, 3), (2, 5) if char else None, "v2", True) for d in docs]
    if DROP_NEGATORS:
        feats = [[f for f in fs if f not in NEGATOR_UNIGRAMS] for fs in feats]
    if NO_ACCENTED_WORDS:
        feats = [[f for f in fs if not f.startswith("w:")] for fs in feats]
    if QUOTE_FEATURES:
        feats = [fs + quoted_features(d) for fs, d in zip(feats, docs)]
    return feats


def identity(x):
    return x


class Variant:
    """fit(F, Y) then scores(F) -> (n, 12) probabilities."""

    def __init__(self, kind: str):
        self.kind = kind

    def _vectorizer(self) -> TfidfVectorizer:
        return TfidfVectorizer(analyzer=identity, sublinear_tf=True, min_df=2, dtype=np.float32,
                               max_features=150_000 if self.kind == "char" else 80_000,
                               norm=None if self.kind == "nonorm" else "l2")

    def fit(self, F, Y):
        self.vec_ = self._vectorizer()
        X = self._scale(self.vec_.fit_transform(F))
        if self.kind == "mlp":
            self.mlp_ = MLPClassifier(hidden_layer_sizes=(256,), batch_size=128, max_iter=8, random_state=0).fit(X, Y)
            return self
        C = 0.03 if self.kind == "nonorm" else 1.0
        self.ratios_ = [self._nb_ratio(X, Y[:, j]) for j in range(Y.shape[1])] if self.kind == "nb" else None
        self.heads_ = [CalibratedClassifierCV(LinearSVC(C=C, class_weight="balanced"), cv=3, method="sigmoid",
                                              ensemble=False).fit(self._head_input(X, j), Y[:, j])
                       for j in range(Y.shape[1])]
        return self

    @staticmethod
    def _nb_ratio(X, y) -> np.ndarray:
        """Naive-Bayes log-count ratio of each feature for label y (Wang & Manning 2012), on binarised X."""
        B = (X > 0).astype(np.float32)
        p = np.asarray(B[y == 1].sum(axis=0)).ravel() + 1.0
        q = np.asarray(B[y == 0].sum(axis=0)).ravel() + 1.0
        return np.log((p / p.sum()) / (q / q.sum())).astype(np.float32)

    def _head_input(self, X, j: int):
        if self.ratios_ is None:
            return X
        return X.multiply(self.ratios_[j]).tocsr()

    def _scale(self, X):
        return X * np.float32(1.0 / self.vec_.idf_.max()) if self.kind == "nonorm" else X

    def scores(self, F):
        X = self._scale(self.vec_.transform(F))
        if self.kind == "mlp":
            return self.mlp_.predict_proba(X)
        return np.column_stack([h.predict_proba(self._head_input(X, j))[:, 1] for j, h in enumerate(self.heads_)])


def with_copies(F, Y, idx, copy_of: dict[int, int], times: int = 1):
    """Rows idx of train plus the features of their accent-stripped copies (as the classifier does).

    ``copy_of`` maps a train row with diacritics to the index of its copy's features in ``F``;
    ``times`` is how often each copy is added.
    """
    acc = [i for i in idx if i in copy_of] * times
    return [F[i] for i in idx] + [F[copy_of[i]] for i in acc], np.vstack([Y[idx], Y[acc]])


def accent_gap(name: str, Y, oof, oof_stripped, acc: list[int]) -> None:
    """Out-of-fold micro-F1 of the accented comments as written and accent-stripped, same thresholds."""
    th = best_thresholds(Y, oof)
    plain = score_predictions(Y[acc], decide(oof[acc], th), LABELS)["micro"]["f1"]
    stripped = score_predictions(Y[acc], decide(oof_stripped[acc], th), LABELS)["micro"]["f1"]
    print(f"{name:10s} CV accent gap: {len(acc):,} accented comments micro {plain:.4f}, accent-stripped "
          f"{stripped:.4f}, gap {plain - stripped:.4f}", flush=True)


def clause_scores(model: Variant, texts: list[str], char: bool) -> tuple[np.ndarray, np.ndarray]:
    """Scores of every clause (conduct_nlp.clauses, as the classifier cuts them) and their comment."""
    parts, owner = clause_documents(analyze_many(texts, TOKENIZER), TOKENIZER)
    if not parts:
        return np.zeros((0, len(LABELS))), owner
    return model.scores(doc_features(parts, char)), owner


def report(name: str, Y, oof, Yt, S, t0):
    th = best_thresholds(Y, oof)
    cv = score_predictions(Y, decide(oof, th), LABELS)
    te = score_predictions(Yt, decide(S, th), LABELS)
    print(f"{name:10s} CV micro {cv['micro']['f1']:.4f} macro {cv['macro']['f1']:.4f} | test v2 micro "
          f"{te['micro']['f1']:.4f} macro {te['macro']['f1']:.4f} ({time.perf_counter() - t0:.0f} s)", flush=True)


def stack(Y, oof, S):
    def design(P):
        P = np.clip(P, 1e-4, 1 - 1e-4)
        return np.hstack([np.log(P / (1 - P)), P])
    oof2 = np.zeros_like(oof)
    for tr, te in multilabel_folds(Y, 3, 1):
        for j in range(Y.shape[1]):
            oof2[te, j] = LogisticRegression(max_iter=2000).fit(design(oof[tr]), Y[tr, j]).predict_proba(
                design(oof[te]))[:, 1]
    S2 = np.column_stack([LogisticRegression(max_iter=2000).fit(design(oof), Y[:, j]).predict_proba(design(S))[:, 1]
                          for j in range(Y.shape[1])])
    return oof2, S2


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("variant", choices=["svm", "mlp", "char", "nonorm", "stack", "clause", "nb", "negdrop", "quote",
                                       "noaccent", "copy2", "sreq"])
    ap.add_argument("--train", type=Path, default=DATA / "train.jsonl")
    ap.add_argument("--test", type=Path, default=DATA / "test.jsonl")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    texts, Y = read(args.train)
    test_texts, Yt = read(args.test)
    char = args.variant == "char"
    global DROP_NEGATORS, QUOTE_FEATURES, NO_ACCENTED_WORDS, REQUEST_SYLLABLES
    DROP_NEGATORS = args.variant == "negdrop"
    QUOTE_FEATURES = args.variant == "quote"
    NO_ACCENTED_WORDS = args.variant == "noaccent"
    REQUEST_SYLLABLES = args.variant == "sreq"
    times = 2 if args.variant == "copy2" else 1
    acc = [i for i, t in enumerate(texts) if has_diacritics(t)]
    copy_of = {i: len(texts) + k for k, i in enumerate(acc)}
    F = features(texts + [strip_accents(texts[i]) for i in acc], char)
    Ft = features(test_texts, char)
    kind = args.variant if args.variant in ("mlp", "char", "nonorm", "nb") else "svm"
    oof = np.zeros(Y.shape)
    oof_stripped = np.zeros(Y.shape)
    clause_parts = []  # (scores, owner row in train) of each fold's clauses
    for tr, te in multilabel_folds(Y, 3, 0):
        model = Variant(kind).fit(*with_copies(F, Y, tr, copy_of, times))
        oof[te] = model.scores([F[i] for i in te])
        held_acc = [i for i in te if i in copy_of]
        oof_stripped[held_acc] = model.scores([F[copy_of[i]] for i in held_acc])
        if args.variant == "clause":
            sc, owner = clause_scores(model, [texts[i] for i in te], char)
            clause_parts.append((sc, te[owner]))
    model = Variant(kind).fit(*with_copies(F, Y, range(len(texts)), copy_of, times))
    S = model.scores(Ft)
    accent_gap(args.variant, Y, oof, oof_stripped, acc)
    if args.variant == "stack":
        oof, S = stack(Y, oof, S)
    if args.variant == "clause":
        report("whole", Y, oof, Yt, S, t0)
        oof_c = np.vstack([p[0] for p in clause_parts])
        owner = np.concatenate([p[1] for p in clause_parts])
        S_c, owner_t = clause_scores(model, test_texts, char)
        for w in (0.2, 0.3, 0.4, 0.5):
            report(f"clause {w}", Y, combine_clause_scores(oof, oof_c, owner, w), Yt,
                   combine_clause_scores(S, S_c, owner_t, w), t0)
        return 0
    report(args.variant, Y, oof, Yt, S, t0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
