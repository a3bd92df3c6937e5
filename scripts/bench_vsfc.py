"""External check of the text pipeline on real data: UIT-VSFC (students' feedback).

Trains the *same* ConductClassifier pipeline through the public API, with the
corpus's own label sets (single-label sentiment and topic), on train.tsv and
scores dev.tsv. The corpus is for benchmarking only: nothing trained here is
saved or shipped.

Usage::

    python scripts/bench_vsfc.py [--corpus ../shared/datasets/uit-vsfc] [--json bench_vsfc.json]

Exits 0 with a message when the corpus is absent.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

from conduct_nlp import ConductClassifier
from conduct_nlp.evaluation import score_predictions
from conduct_nlp.labels import to_indicator

PUBLISHED = {
    "sentiment": {"MaxEnt (KSE 2018)": 87.94, "Bi-LSTM (NICS 2018)": 92.0},
    "topic": {"MaxEnt (KSE 2018)": 84.03, "Bi-LSTM (NICS 2018)": 89.6},
}
TARGETS = {"sentiment": {"weighted_f1": 0.92, "macro_f1": 0.80}, "topic": {"weighted_f1": 0.89}}
# UIT-VSFC replaces emoticons by words; map them back so our normaliser sees emoji.
_EMOTICON_WORDS = {"colonsmile": "🙂", "colonsad": "🙁", "colonlove": "❤", "dotdotdot": "…",
                   "colonsmallsmile": "🙂", "coloncontemn": "😒", "colonbigsmile": "😄",
                   "coloncc": "😢", "colonsurprise": "😮", "colonhihi": "😄", "colonlaugh": "😆",
                   "colondoublesurprise": "😮", "colonsurprised": "😮", "colonsmallsad": "🙁"}


def read_tsv(path: Path, column: str) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            text = " ".join(_EMOTICON_WORDS.get(w, w) for w in row["text"].split())
            texts.append(text)
            labels.append(row[column])
    return texts, labels


def run(corpus: Path, task: str, **params) -> dict:
    Xtr, ytr = read_tsv(corpus / "train.tsv", task)
    Xdev, ydev = read_tsv(corpus / "dev.tsv", task)
    classes = sorted(set(ytr))
    model = ConductClassifier(labels=classes, multilabel=False, augment_unaccented=False, **params)
    t0 = time.perf_counter()
    model.fit(Xtr, ytr)
    fit_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    pred = model.predict(Xdev)
    pred_s = time.perf_counter() - t0
    rep = score_predictions(to_indicator([[y] for y in ydev], classes), pred, classes)
    return {
        "task": task, "train_rows": len(Xtr), "dev_rows": len(Xdev), "classes": classes,
        "accuracy": rep["accuracy"], "weighted_f1": rep["weighted_f1"], "macro_f1": rep["macro"]["f1"],
        "per_label_f1": {c: float(rep["per_label"][c]["f1"]) for c in classes},
        "fit_seconds": round(fit_s, 1), "dev_comments_per_second": round(len(Xdev) / pred_s),
        "params": params,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "datasets" / "uit-vsfc"))
    ap.add_argument("--json", default="bench_vsfc.json", help="where to write the results")
    ap.add_argument("--classifier", choices=["logreg", "svm"], default="svm",
                    help="calibrated linear SVM (default) or multinomial logistic regression")
    ap.add_argument("--C", type=float, default=2.0)
    ap.add_argument("--no-char", dest="char", action="store_false", help="drop the character 2-5-grams")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not (corpus / "train.tsv").exists() or not (corpus / "dev.tsv").exists():
        print(f"UIT-VSFC not found at {corpus} (train.tsv, dev.tsv); skipping the benchmark.")
        return 0
    results = []
    for task in ("sentiment", "topic"):
        r = run(corpus, task, classifier=args.classifier, C=args.C, class_weight="balanced",
                word_ngram_range=(1, 3), syllable_ngram_range=(1, 3), min_df=1,
                char_ngram_range=(2, 5) if args.char else None)
        results.append(r)
    print(f"UIT-VSFC dev split, pipeline = conduct_nlp.ConductClassifier (single-label), corpus {corpus}")
    print(f"{'task':10} {'accuracy':>9} {'weighted F1':>12} {'macro F1':>9}  targets            published (test split, F1)")
    ok = True
    for r in results:
        tg = TARGETS[r["task"]]
        met = all(r[k] >= v for k, v in tg.items())
        ok &= met
        tg_s = ", ".join(f"{k.replace('_f1', '')}≥{v}" for k, v in tg.items())
        pub = ", ".join(f"{k} {v}" for k, v in PUBLISHED[r["task"]].items())
        print(f"{r['task']:10} {r['accuracy']:9.4f} {r['weighted_f1']:12.4f} {r['macro_f1']:9.4f}  "
              f"{tg_s:18} {'met' if met else 'NOT met'}; {pub}")
    for r in results:
        print(f"  {r['task']}: per-label F1 {r['per_label_f1']}; fit {r['fit_seconds']} s; "
              f"{r['dev_comments_per_second']} comments/s")
    Path(args.json).write_text(json.dumps({"results": results, "published": PUBLISHED, "targets": TARGETS},
                                          ensure_ascii=False, indent=2), "utf-8")
    print(f"written {args.json}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
