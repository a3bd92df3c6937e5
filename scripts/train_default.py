"""Train the two bundled models, ``default`` and ``fast``, from ``datasets/conduct_vi/train.jsonl``.

Steps (all seeded, so the same data gives the same models and predictions):

1. **Model selection** by 3-fold cross-validation on the *training split only* (multi-label
   iterative stratification; inside each fold the per-label thresholds are tuned by an inner
   3-fold CV, exactly as the final model does). Candidates vary the tokenizer (underthesea word
   segmentation, underthesea's syllable tokenizer, a regex syllable split), n-gram ranges, a
   length feature, class weights, LR vs calibrated linear SVM, tuned vs 0.5 thresholds, and clause
   scoring (:mod:`conduct_nlp.clauses`; not eligible for ``fast``, whose speed it would cost).
   ``default`` is the best cross-validated macro-F1 (within 0.005, the faster) among the candidates
   with underthesea word segmentation; ``fast`` the same among the candidates that skip it. Each candidate is also fitted on all of
   train and scored on the real-text dev set (``scripts/bench_transfer.py``; evaluation only,
   **never used to choose**), so the card shows both numbers side by side.
2. **Final fits** of the two chosen configurations on all of train, saved to
   ``models/conduct_vi.skops`` and ``models/conduct_vi_fast.skops`` with their manifests.
3. **Evaluation** on ``test.jsonl`` (test v2: writers who wrote no train comment), ``test_v1.jsonl``,
   an accent-stripped copy of test v2, the real-text dev set and ``tests/data/out_of_scope.txt``.
4. **Model card** ``models/README.md`` and ``models/selection.json``.

Usage::

    python scripts/train_default.py                # selection + both final models + card
    python scripts/train_default.py --no-select    # reuse models/selection.json's choices
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed

from conduct_nlp import ConductClassifier, LABELS, read_labelled, strip_accents
from conduct_nlp.classifier import BUNDLED_PARAMS
from conduct_nlp.cross_val import multilabel_folds
from conduct_nlp.data import dataset_stats
from conduct_nlp.evaluation import score_predictions
from conduct_nlp.labels import to_indicator

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_transfer import score_real_text  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "datasets" / "conduct_vi"
MODELS = ROOT / "models"
OUT_OF_SCOPE = ROOT / "tests" / "data" / "out_of_scope.txt"
SEED = 0
FAST_TOKENIZERS = ("syllable", "underthesea-syllable")

_W = dict(tokenizer="underthesea")
_S = dict(tokenizer="syllable")
_US = dict(tokenizer="underthesea-syllable")
_SVM = dict(classifier="svm", C=0.5)
_LR = dict(classifier="logreg", C=4.0)
# name -> (description, parameters: overrides of the defaults below)
BASE = dict(word_ngram_range=(1, 2), syllable_ngram_range=(1, 3), char_ngram_range=None, negation="v2",
            length_feature=False, augment_unaccented=True, min_df=2, max_features=None, class_weight="balanced",
            calibration_ensemble=True, threshold="tune", cv=3, clause_weight=0.0)
_LEAN = dict(length_feature=True, calibration_ensemble=False, max_features=80_000)
CANDIDATES: dict[str, tuple[str, dict]] = {
    "word+syl/svm": ("underthesea words 1-2 + stripped syllables 1-3, calibrated SVM C=0.5, all n-grams with "
                     "min_df 2, one SVM per calibration fold (the v1 choice)", {**_W, **_SVM}),
    "word+syl+len/svm-lean150k": ("same + length feature, one SVM calibrated on CV scores, 150k most frequent "
                                  "n-grams", {**_W, **_SVM, **_LEAN, "max_features": 150_000}),
    "word+syl+len/svm-lean": ("same, 80k n-grams", {**_W, **_SVM, **_LEAN}),
    "word+syl+len/svm-lean,C1": ("same as word+syl+len/svm-lean, C=1", {**_W, **_SVM, **_LEAN, "C": 1.0}),
    "word+syl+len/svm-lean,C1,clause": ("same as word+syl+len/svm-lean,C1, with clause scoring (0.6 whole + "
                                        "0.4 best clause)", {**_W, **_SVM, **_LEAN, "C": 1.0, "clause_weight": 0.4}),
    "syl+syl+len/svm-lean": ("regex syllables 1-2 + stripped syllables 1-3 + length, lean SVM, 80k n-grams",
                             {**_S, **_SVM, **_LEAN}),
    "syl+syl+len/svm-lean40k": ("same, 40k n-grams", {**_S, **_SVM, **_LEAN, "max_features": 40_000}),
    "syl+syl+len/svm-lean,C1": ("same as syl+syl+len/svm-lean, C=1", {**_S, **_SVM, **_LEAN, "C": 1.0}),
    "syl+syl+len/svm-lean,C1,clause": ("same as syl+syl+len/svm-lean,C1, with clause scoring (0.6 whole + 0.4 "
                                       "best clause; not eligible for `fast`: it costs a third of the predictor's "
                                       "throughput)", {**_S, **_SVM, **_LEAN, "C": 1.0, "clause_weight": 0.4}),
    "syl+syl+len/svm-lean,neg-v1": ("same as syl+syl+len/svm-lean, negation v1 (the 0.1 negators: no "
                                    "thiếu/kém/hổng/hông, no request marking)",
                                    {**_S, **_SVM, **_LEAN, "negation": True}),
    "syl+syl+len/svm-lean@0.5": ("same as syl+syl+len/svm-lean, thresholds 0.5 (not tuned)",
                                 {**_S, **_SVM, **_LEAN, "threshold": 0.5}),
    "syl+syl+len/svm-lean,unweighted": ("same as syl+syl+len/svm-lean, no class weights",
                                        {**_S, **_SVM, **_LEAN, "class_weight": None}),
    "syl+syl+len/lr": ("same features, logistic regression C=4", {**_S, **_LR, **_LEAN}),
    "usyl+syl+len/svm-lean": ("underthesea syllable tokenizer 1-2 + stripped syllables 1-3 + length, lean SVM",
                              {**_US, **_SVM, **_LEAN}),
}


def params_of(name: str) -> dict:
    return {**BASE, **CANDIDATES[name][1]}


def base_model(params: dict) -> ConductClassifier:
    return ConductClassifier(random_state=SEED, **params)


def _fold(params: dict, texts: list[str], Y: np.ndarray, train_idx, test_idx):
    model = base_model(params)
    model.fit([texts[i] for i in train_idx], Y[train_idx])
    held = [texts[i] for i in test_idx]
    t0 = time.perf_counter()
    pred = model.predict(held)
    secs = time.perf_counter() - t0
    return test_idx, pred, len(held), secs


def _full_fit_transfer(params: dict, texts: list[str], Y: np.ndarray):
    model = base_model(params).fit(texts, Y)
    return score_real_text(model)


def select(texts: list[str], Y: np.ndarray, folds: int, jobs: int) -> dict:
    splits = multilabel_folds(Y, folds, SEED)
    table = {}
    for name, (desc, _) in CANDIDATES.items():
        params = params_of(name)
        t0 = time.perf_counter()
        outs = Parallel(n_jobs=jobs)([delayed(_fold)(params, texts, Y, tr, te) for tr, te in splits]
                                     + [delayed(_full_fit_transfer)(params, texts, Y)])
        transfer = outs.pop()
        pred = np.zeros_like(Y)
        n_pred = secs = 0.0
        for idx, p, n, s in outs:
            pred[idx] = p
            n_pred += n
            secs += s
        rep = score_predictions(Y, pred, LABELS)
        table[name] = {
            "description": desc, "params": params,
            "micro_f1": rep["micro"]["f1"], "macro_f1": rep["macro"]["f1"],
            "min_label_f1": min(v["f1"] for v in rep["per_label"].values()),
            "comments_per_second": round(n_pred / secs),
            "real_text": None if transfer is None else {
                k: transfer[k] for k in ("micro_f1", "macro_f1", "min_label_f1", "false_alarm_rate")},
            "wall_seconds": round(time.perf_counter() - t0, 1),
        }
        r = table[name]
        rt = r["real_text"] or {}
        print(f"  {name:30s} CV micro {r['micro_f1']:.4f} macro {r['macro_f1']:.4f} min {r['min_label_f1']:.3f} "
              f"{r['comments_per_second']:>6}/s | real text micro {rt.get('micro_f1', float('nan')):.3f} "
              f"false alarms {rt.get('false_alarm_rate', float('nan')):.3f}  ({r['wall_seconds']} s)", flush=True)
    return table


def choose(table: dict, names: list[str]) -> str:
    best = max(table[n]["macro_f1"] for n in names)
    close = [n for n in names if table[n]["macro_f1"] >= best - 0.005]
    return max(close, key=lambda n: table[n]["comments_per_second"])


def choose_bundled(table: dict) -> dict[str, str]:
    """``default``: the best word-segmentation candidate; ``fast``: the best without word segmentation.

    Clause scoring is not eligible for ``fast``: it costs its predictor a third of its throughput
    (4,355 instead of 6,817 comments/s in ``scripts/bench_speed.py``, below the 6,000/s target).
    """
    names = list(table)
    fast = [n for n in names if table[n]["params"]["tokenizer"] in FAST_TOKENIZERS
            and not table[n]["params"].get("clause_weight")]
    return {"default": choose(table, [n for n in names if table[n]["params"]["tokenizer"] == "underthesea"]),
            "fast": choose(table, fast)}


def _fmt_table(table: dict, chosen: dict[str, str]) -> str:
    lines = ["| configuration | CV micro-F1 | CV macro-F1 | CV worst label | comments/s | real text micro-F1 | "
             "real text false alarms |", "|---|---|---|---|---|---|---|"]
    for name, r in table.items():
        marks = [f"**{k}**" for k, v in chosen.items() if v == name]
        rt = r.get("real_text") or {}
        fmt = (lambda v: "—" if v is None else f"{v:.3f}")  # noqa: E731
        lines.append(f"| `{name}`{' ← ' + ', '.join(marks) if marks else ''} — {r['description']} | "
                     f"{r['micro_f1']:.3f} | {r['macro_f1']:.3f} | {r['min_label_f1']:.3f} | "
                     f"{r['comments_per_second']:,} | {fmt(rt.get('micro_f1'))} | {fmt(rt.get('false_alarm_rate'))} |")
    return "\n".join(lines)


def _fmt_labels(cv: dict, test: dict, test_plain: dict) -> str:
    lines = ["| label | CV F1 (train) | test v2 P | test v2 R | test v2 F1 | support | F1, no diacritics |",
             "|---|---|---|---|---|---|---|"]
    for c in LABELS:
        t = test["per_label"][c]
        lines.append(f"| `{c}` | {cv['per_label_f1'][c]:.3f} | {t['precision']:.3f} | {t['recall']:.3f} | "
                     f"{t['f1']:.3f} | {t['support']} | {test_plain['per_label'][c]['f1']:.3f} |")
    lines.append(f"| **micro** | {cv['micro_f1']:.3f} | {test['micro']['precision']:.3f} | "
                 f"{test['micro']['recall']:.3f} | {test['micro']['f1']:.3f} | | {test_plain['micro']['f1']:.3f} |")
    lines.append(f"| **macro** | {cv['macro_f1']:.3f} | {test['macro']['precision']:.3f} | "
                 f"{test['macro']['recall']:.3f} | {test['macro']['f1']:.3f} | | {test_plain['macro']['f1']:.3f} |")
    return "\n".join(lines)


def read_out_of_scope(path: Path = OUT_OF_SCOPE) -> list[str]:
    lines = path.read_text("utf-8").splitlines()
    return [ln for ln in lines if ln.strip() and not ln.startswith("# ")]


# Hand-picked cases for the model card's "Limits": (comment, labels by the guideline).
# Chosen to show typical behaviour, including known errors; not used for any choice.
PROBES = [
    ("Cán bộ một cửa hách dịch, trễ hẹn hai tuần mới trả kết quả",
     ["arrogance:violation", "accuracy:violation"]),
    ("Chưa bao giờ trễ hẹn", ["accuracy:compliance"]),
    ("Nhiệt tình lắm, hỏi 5 câu trả lời được 1 câu 🙂", ["enthusiasm:violation"]),
    ("Không ai xin lỗi dù chính họ làm sai.", ["accuracy:violation", "courtesy:violation"]),
    ("can bo xa than thien, ko hach dich", ["arrogance:compliance", "enthusiasm:compliance"]),
    ("Cán bộ ở đây ăn nói cộc cằn quá.", ["courtesy:violation"]),
    ("Thầy giáo dạy hay, dễ hiểu", []),
    ("Phòng chờ nóng quá, không có quạt.", []),
    ("Bắt tôi đứng chờ cả tiếng như đi xin, còn anh ta quay đi pha trà uống",
     ["indifference:violation", "arrogance:violation"]),
    ("Lần nào ký giấy anh ấy cũng nhắc 'gửi anh em ly cà phê'", ["harassment:violation"]),
    ("nhiệt tình quá cơ… hỏi thì chỉ tay rồi đi thẳng 🙂", ["enthusiasm:violation"]),
    ("Nếu cán bộ hách dịch thì tôi sẽ phản ánh", []),
    ("Dân ở đây hay hách dịch với cán bộ", []),
    ("chị", []),
    ("cảm ơn", []),
]


def run_probes(model) -> list[dict]:
    """Classify :data:`PROBES` with ``model``; each row keeps the probabilities of the labels involved."""
    rows = []
    for (text, gold), pred in zip(PROBES, model.classify([t for t, _ in PROBES])):
        got = list(pred.labels)
        involved = sorted(set(gold) | set(got), key=LABELS.index)
        rows.append({"text": text, "gold": gold, "predicted": got,
                     "proba": {c: round(float(pred.scores[c]), 2) for c in involved}})
    return rows


def _fmt_probes(probes: list[dict]) -> str:
    lines = ["| comment | guideline | model (probability) | |", "|---|---|---|---|"]
    for r in probes:
        gold = ", ".join(f"`{c}`" for c in r["gold"]) or "none"
        got = ", ".join(f"`{c}` ({r['proba'][c]:.2f})" for c in r["predicted"]) or "none"
        missed = [f"`{c}` ({r['proba'][c]:.2f})" for c in r["gold"] if c not in r["predicted"]]
        extra = [c for c in r["predicted"] if c not in r["gold"]]
        verdict = "right" if not missed and not extra else "; ".join(
            (["misses " + ", ".join(missed)] if missed else []) + (["extra label"] if extra else []))
        lines.append(f"| {r['text']} | {gold} | {got} | {verdict} |")
    return "\n".join(lines)


def evaluate_model(model, train, test, test_v1, oos: list[str]) -> dict:
    """Every number the card and the manifest report for one fitted model."""
    out = {}
    for name, data in (("test", test), ("test_v1", test_v1)):
        Yt = to_indicator(data.labels, LABELS)
        out[name] = score_predictions(Yt, model.predict(data.texts), LABELS)
        if name == "test":
            out["test_no_diacritics"] = score_predictions(
                Yt, model.predict([strip_accents(t) for t in data.texts]), LABELS)
    out["real_text"] = score_real_text(model)
    got = model.classify(oos)
    out["out_of_scope"] = {"n": len(oos), "no_label": sum(not p.labels for p in got),
                           "labelled": [{"text": p.text, "labels": list(p.labels)} for p in got if p.labels]}
    t0 = time.perf_counter()
    model.classify(train.texts[:2000])
    out["comments_per_second"] = round(2000 / (time.perf_counter() - t0))
    return out


def manifest_metrics(model, ev: dict, chosen: str, table: dict) -> dict:
    def short(rep):
        return {"micro_f1": rep["micro"]["f1"], "macro_f1": rep["macro"]["f1"],
                "per_label_f1": {c: rep["per_label"][c]["f1"] for c in LABELS}}
    rt = ev["real_text"]
    return {
        "cv_train": {k: model.cv_report_[k] for k in ("micro_f1", "macro_f1", "per_label_f1")},
        "test": {**short(ev["test"]), "exact_match": ev["test"]["exact_match"]},
        "test_no_diacritics": short(ev["test_no_diacritics"]),
        "test_v1": short(ev["test_v1"]),
        "real_text": None if rt is None else {k: rt[k] for k in ("micro_f1", "macro_f1", "per_label_f1",
                                                                "false_alarm_rate")},
        "out_of_scope_no_label": round(ev["out_of_scope"]["no_label"] / ev["out_of_scope"]["n"], 4),
        "selection": {"chosen": chosen, "cv_macro_f1": table[chosen]["macro_f1"]},
    }


def _targets(ev: dict, cv: dict) -> list[tuple[str, float, bool]]:
    test, plain, rt = ev["test"], ev["test_no_diacritics"], ev["real_text"]
    oos = ev["out_of_scope"]["no_label"] / ev["out_of_scope"]["n"]
    rows = [
        ("test v2 micro-F1 ≥ 0.85", test["micro"]["f1"], test["micro"]["f1"] >= 0.85),
        ("test v2 macro-F1 ≥ 0.82", test["macro"]["f1"], test["macro"]["f1"] >= 0.82),
        ("test v2 micro-F1 − CV micro-F1 on train ≤ 0.03", test["micro"]["f1"] - cv["micro_f1"],
         test["micro"]["f1"] - cv["micro_f1"] <= 0.03),
        ("accent-stripped test v2 within 0.02 micro-F1", test["micro"]["f1"] - plain["micro"]["f1"],
         test["micro"]["f1"] - plain["micro"]["f1"] <= 0.02),
        ("out-of-scope list: ≥ 95% no label", oos, oos >= 0.95),
    ]
    if rt is not None:
        rows += [("real text micro-F1 ≥ 0.80", rt["micro_f1"], rt["micro_f1"] >= 0.80),
                 ("real text: every label with ≥ 15 examples ≥ 0.60", rt["min_label_f1"], rt["min_label_f1"] >= 0.60),
                 ("real text: false alarms on no-label sentences ≤ 10%", rt["false_alarm_rate"],
                  rt["false_alarm_rate"] <= 0.10)]
    return rows


def _predictor_line(manifest: dict) -> str:
    """The card's line on the inference-only export written beside the model (``load_predictor``)."""
    pred = manifest.get("predictor") or {}
    if not pred.get("file"):
        return ""
    return (f"- **Predictor**: `models/{pred['file']}` ({pred['size'] / 1e6:.1f} MB, numpy arrays only, "
            f"SHA-256 `{pred['sha256'][:16]}…` in the manifest): what `conduct_nlp.load_predictor()`, "
            "`classify()` and `conduct-nlp classify` run, without scikit-learn; the same outputs as the model.\n")


def _clause_line(cv: dict) -> str:
    alone = cv.get("without_clauses")
    if not alone:
        return ""
    return (f"| same folds, whole comments only (no clause scoring) | micro-F1 {alone['micro_f1']:.3f} | "
            f"macro-F1 {alone['macro_f1']:.3f} | |\n")


def has_clause_candidates(table: dict) -> bool:
    """Whether the selection table compared clause scoring (tables made before it existed did not)."""
    return any(r["params"].get("clause_weight") for r in table.values())


def final_params(role: str, name: str, table: dict, jobs: int) -> dict:
    """Parameters of the final fit of ``role`` (``"default"`` or ``"fast"``), candidate ``name``.

    A selection table made before clause scoring existed has no clause candidate; ``default`` is
    then fitted with the library's clause weight, and :func:`fit_final` keeps it only if the
    fit's own cross-validation shows the selection's margin (see :data:`CLAUSE_MIN_GAIN`).
    """
    params = {**params_of(name), "cv": "auto", "n_jobs": jobs}
    if role == "default" and not has_clause_candidates(table):
        params["clause_weight"] = BUNDLED_PARAMS["clause_weight"]
    return params


def check_bundled_params(model: ConductClassifier) -> None:
    """Say when ``BUNDLED_PARAMS`` (the library's defaults) differ from the ``default`` model just fitted."""
    got = model.get_params()
    diff = {k: got[k] for k, v in BUNDLED_PARAMS.items()
            if (tuple(got[k]) if isinstance(got[k], list) else got[k]) != v}
    if diff:
        print(f"NOTE: update BUNDLED_PARAMS in conduct_nlp/classifier.py with {diff}")


CLAUSE_MIN_GAIN = 0.005
"""Cross-validated macro-F1 that clause scoring must add to be kept: the selection's tolerance
(within 0.005, the faster configuration wins)."""


def fit_final(params: dict, texts: list[str], Y: np.ndarray) -> tuple[ConductClassifier, float]:
    """Fit on all of train; drop clause scoring when its out-of-fold gain is below :data:`CLAUSE_MIN_GAIN`."""
    t0 = time.perf_counter()
    model = base_model(params).fit(texts, Y)
    alone = (model.cv_report_ or {}).get("without_clauses")
    if alone is not None:
        gain = model.cv_report_["macro_f1"] - alone["macro_f1"]
        print(f"  clause scoring: CV macro-F1 {model.cv_report_['macro_f1']:.4f} vs {alone['macro_f1']:.4f} "
              f"whole comments only (gain {gain:+.4f}; kept if >= {CLAUSE_MIN_GAIN})", flush=True)
        if gain < CLAUSE_MIN_GAIN:
            model = base_model({**params, "clause_weight": 0.0}).fit(texts, Y)
    return model, time.perf_counter() - t0


def _model_section(title: str, file: str, manifest: dict, ev: dict, cv: dict, fit_seconds: float,
                   probes: list[dict]) -> str:
    rt = ev["real_text"]
    rt_lines = "(the real-text dev set was not available when this card was made)"
    if rt is not None:
        rt_lines = "\n".join(
            [f"| real text, other writers (vsfc-conduct-dev, n={rt['n']}) | micro-F1 {rt['micro_f1']:.3f} | "
             f"macro-F1 {rt['macro_f1']:.3f} | false alarms {rt['false_alarm_rate']:.1%} of {rt['n_no_label']} "
             f"no-label sentences |",
             f"| same, accent-stripped | micro-F1 {rt['no_diacritics']['micro_f1']:.3f} | | "
             f"false alarms {rt['no_diacritics']['false_alarm_rate']:.1%} |"]
            + [f"| real text `{c}` (≥ 15 examples) | F1 {f:.3f} | | |" for c, f in rt["per_label_f1"].items()])
    tgt = "\n".join(f"| {name} | {value:.3f} | {'met' if ok else '**not met**'} |"
                    for name, value, ok in _targets(ev, cv))
    oos = ev["out_of_scope"]
    params = {k: v for k, v in manifest["params"].items() if k not in ("labels", "n_jobs")}
    return f"""## {title}

- **File**: `models/{file}` ({manifest['artifact']['size'] / 1e6:.1f} MB) + manifest
  (SHA-256 `{manifest['artifact']['sha256'][:16]}…`, verified on every load); tokenizer
  `{manifest['tokenizer']['name']}` (recorded in the manifest: the model always tokenizes the way it
  was trained). Trained in {fit_seconds:.0f} s. About {ev['comments_per_second']:,} comments/s in
  one process (`classify` on 2,000 train comments; see `scripts/bench_speed.py` for the benchmark).
{_predictor_line(manifest)}- **Parameters**: `{json.dumps(params, ensure_ascii=False)}`

| evaluation | | | |
|---|---|---|---|
| test v2 (`test.jsonl`, {ev['test']['n']} comments, writers who wrote no train comment) | micro-F1 {ev['test']['micro']['f1']:.3f} | macro-F1 {ev['test']['macro']['f1']:.3f} | exact match {ev['test']['exact_match']:.3f} |
| test v2 accent-stripped | micro-F1 {ev['test_no_diacritics']['micro']['f1']:.3f} | macro-F1 {ev['test_no_diacritics']['macro']['f1']:.3f} | |
| test v1 (`test_v1.jsonl`, {ev['test_v1']['n']} comments, the v1 writer) | micro-F1 {ev['test_v1']['micro']['f1']:.3f} | macro-F1 {ev['test_v1']['macro']['f1']:.3f} | |
| cross-validated on train (out-of-fold) | micro-F1 {cv['micro_f1']:.3f} | macro-F1 {cv['macro_f1']:.3f} | |
{_clause_line(cv)}{rt_lines}
| out-of-scope list (`tests/data/out_of_scope.txt`) | {oos['no_label']} of {oos['n']} get no label ({oos['no_label'] / oos['n']:.1%}) | | |

Per label (test v2 and cross-validated on train):

{_fmt_labels(cv, ev['test'], ev['test_no_diacritics'])}

| target | measured | |
|---|---|---|
{tgt}

Out-of-scope inputs that still get a label: {', '.join(f"`{r['text']}` → {', '.join(r['labels'])}" for r in oos['labelled']) or 'none'}.

Hand-picked cases (labels by the guideline; an illustration, not a measurement):

{_fmt_probes(probes)}
"""


def _which_model(evs: dict) -> str:
    d, f = evs["default"], evs["fast"]
    dt, ft = d["test"]["micro"]["f1"], f["test"]["micro"]["f1"]
    rows = [f"test v2 micro-F1 {ft:.3f} vs {dt:.3f} ({ft - dt:+.3f})"]
    same = abs(ft - dt) <= 0.01
    if d["real_text"] and f["real_text"]:
        dr, fr = d["real_text"]["micro_f1"], f["real_text"]["micro_f1"]
        rows.append(f"real text micro-F1 {fr:.3f} vs {dr:.3f} ({fr - dr:+.3f})")
        same = same and fr - dr >= -0.01
    verdict = ("**as good as `default` on both** (within 0.01 micro-F1)" if same
               else "**not** as good as `default` on both")
    return (f"`fast` against `default`: {'; '.join(rows)} — `fast` is {verdict}, at a fraction of the cost "
            f"(`scripts/bench_speed.py`). `load()` still returns `default`: it is the model with underthesea "
            f"word segmentation that earlier releases shipped, and switching what `load()` returns would change "
            f"every caller's results without notice; batch users who want speed choose `--model fast`.")


def _clause_note(table: dict) -> str:
    if has_clause_candidates(table):
        return ""
    return ("\nThis table predates clause scoring (`clause_weight`, `conduct_nlp.clauses`). `default` was "
            "therefore fitted with the library's clause weight and kept it only if its own out-of-fold "
            f"macro-F1 beat the whole-comment scores of the same folds by at least {CLAUSE_MIN_GAIN} (the "
            "table's tolerance; both figures in its section below). `fast` has none: it would cost a third "
            "of its predictor's throughput.\n")


def write_card(path: Path, *, chosen: dict[str, str], table: dict, sections: list[str], train_stats: dict,
               test_stats: dict, train_sha: str, evs: dict, selection_rows: int) -> None:
    same = selection_rows == train_stats["n"]
    corpus_note = ("" if same else
                   f" The comparison was run on the {selection_rows:,} training comments of that time (the "
                   f"corpus has grown since; the chosen configurations were refitted on all {train_stats['n']:,}), "
                   "so its figures are not comparable with the sections below.")
    text = f"""# Model card: the bundled models `default` and `fast`

Generated by `python scripts/train_default.py` — do not edit by hand; rerun the script.

`conduct_nlp.load()` and `conduct_nlp.load("default")` return **`default`** (underthesea word
segmentation); `conduct_nlp.load("fast")` returns **`fast`** (no word segmentation, several times
faster). `conduct-nlp models` lists both with their scores.

{_which_model(evs)}

## Intended use

Sorting and counting citizen comments about public offices by the "3 không, 3 phải" norms they
report broken or kept, to route complaints and follow trends. Not for judging individual civil
servants: a label is evidence to read, not a verdict. Always read `explain()` and the comment.

## Data

`datasets/conduct_vi/train.jsonl`: {train_stats['n']} comments (SHA-256 of the training set
`{train_sha[:16]}…`), authored for this project by writers playing {len(train_stats.get('voices', {})) - 1}
different people ("voices", see `datasets/README.md`) plus the v1 corpus, labelled by the project's annotation guide
(`docs/annotation-guide.md`, the shared guideline in the project's words). None of it is collected
from real citizens. The test split v2 (`test.jsonl`, {test_stats['n']} comments) was written by voices
that wrote **no** training comment and was used for nothing but the numbers below.

**Real text, other writers**: `vsfc-conduct-dev` (500 real student sentences about lecturers from
UIT-VSFC, labelled by the guideline, kept outside the repository) measures transfer to wording
nobody on the project wrote. It is used for evaluation only: no configuration, threshold or
training example was chosen with it.

## Configuration

Every candidate scored by 3-fold cross-validation on train (thresholds tuned inside each fold by
an inner 3-fold CV; comments/s = `predict` on the held-out fold, one process), and — for
information only, never for the choice — fitted on all of train and scored on the real-text dev set.{corpus_note}

{_fmt_table(table, {'default': chosen['default'], 'fast': chosen['fast']})}

`default` = the best cross-validated macro-F1 (within 0.005, the faster) among the candidates with
underthesea word segmentation: `{chosen['default']}`. `fast` = the same rule among the candidates
without word segmentation: `{chosen['fast']}`.
{_clause_note(table)}
{chr(10).join(sections)}
## Limits

- The corpus is authored, not sampled from real traffic; real comments will contain topics,
  slang and mixtures it does not cover. Re-evaluate with `conduct-nlp evaluate` on a labelled
  sample of your own comments before relying on it.
- A bag-of-n-grams model: long comments mixing several staff members, sarcasm without cues, and
  negation far from its word are the typical errors.
- Rarer labels (the compliance side of the 3 không, the violation side of the 3 phải) have fewer
  examples and noisier scores.
- Model files are skops files loaded with an allow-list of the library's own types (loading
  cannot run code); the SHA-256 in the manifest catches corruption, and `load(path, sha256=...)`
  pins the exact file.
"""
    path.write_text(text, "utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", default=str(DATA / "train.jsonl"))
    ap.add_argument("--test", default=str(DATA / "test.jsonl"))
    ap.add_argument("--test-v1", default=str(DATA / "test_v1.jsonl"))
    ap.add_argument("--out", default=str(MODELS))
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--no-select", dest="select", action="store_false",
                    help="skip the comparison and reuse the choices recorded in selection.json")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    train, test, test_v1 = read_labelled([args.train]), read_labelled([args.test]), read_labelled([args.test_v1])
    oos = read_out_of_scope()
    print(f"train {len(train)} comments, test v2 {len(test)}, test v1 {len(test_v1)}, out-of-scope {len(oos)}")
    Y = to_indicator(train.labels, LABELS)

    sel_path = out / "selection.json"
    if args.select:
        print(f"model selection, {args.folds}-fold CV on train:")
        table = select(train.texts, Y, args.folds, args.jobs)
        sel_rows = len(train.texts)
    else:
        old = json.loads(sel_path.read_text("utf-8"))
        table = old["table"]
        # selection.json files written before the size was recorded come from the 10,605-comment corpus v2
        sel_rows = old.get("train_comments", 10_605)
    chosen = choose_bundled(table)
    sel_path.write_text(json.dumps({"chosen": chosen, "train_comments": sel_rows, "table": table},
                                   ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"chosen: {chosen}")

    sections, evs = [], {}
    for name, file, title in (("default", "conduct_vi.skops", "`default` (`conduct_vi.skops`)"),
                              ("fast", "conduct_vi_fast.skops", "`fast` (`conduct_vi_fast.skops`)")):
        model, fit_seconds = fit_final(final_params(name, chosen[name], table, args.jobs), train.texts, Y)
        if name == "default":
            check_bundled_params(model)
        ev = evs[name] = evaluate_model(model, train, test, test_v1, oos)
        manifest = model.save(out / file, metrics=manifest_metrics(model, ev, chosen[name], table),
                              data_files=train.files)
        sections.append(_model_section(title, file, manifest, ev, model.cv_report_, fit_seconds, run_probes(model)))
        rt = ev["real_text"] or {}
        print(f"{name}: saved {file} ({manifest['artifact']['size'] / 1e6:.1f} MB); test v2 micro "
              f"{ev['test']['micro']['f1']:.4f} macro {ev['test']['macro']['f1']:.4f}; no-diacritics micro "
              f"{ev['test_no_diacritics']['micro']['f1']:.4f}; test v1 micro {ev['test_v1']['micro']['f1']:.4f}; "
              f"CV micro {model.cv_report_['micro_f1']:.4f}; real text micro {rt.get('micro_f1', float('nan')):.4f} "
              f"false alarms {rt.get('false_alarm_rate', float('nan')):.3f}; out-of-scope no label "
              f"{ev['out_of_scope']['no_label']}/{ev['out_of_scope']['n']}")
        sha = model.training_data_["sha256"]
    stats = dataset_stats(train)
    stats["voices"] = sorted({r.get("voice") for r in train.records if r.get("voice")})
    write_card(out / "README.md", chosen=chosen, table=table, sections=sections, train_stats=stats,
               test_stats=dataset_stats(test), train_sha=sha, evs=evs, selection_rows=sel_rows)
    print(f"written {out / 'README.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
