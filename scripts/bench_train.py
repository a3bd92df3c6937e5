"""Retraining benchmark: time to train on 10,000 labelled comments (not a unit test).

The corpus has ~3,000 comments, so 10,000 distinct training comments are made by
joining two labelled comments and taking the union of their labels (a benchmark
input only; never shipped or used for a model). Trains the bundled configuration
(`conduct-nlp train` defaults: calibrated linear SVM, accent-stripping
augmentation, thresholds tuned by cross-validation with ``cv="auto"``: 3 folds at this size) and reports seconds per stage.

Target: under a minute on 2 cores.

Usage::

    python scripts/bench_train.py [--n 10000] [--out bench_train.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_data(n: int, seed: int = 0) -> tuple[list[str], list[list[str]]]:
    rows = [json.loads(line) for line in (ROOT / "datasets" / "conduct_vi" / "train.jsonl").open(encoding="utf-8")]
    rng = random.Random(seed)
    texts, labels = [r["text"] for r in rows], [r["labels"] for r in rows]
    seen = set(texts)
    while len(texts) < n:
        a, b = rng.choice(rows), rng.choice(rows)
        t = f"{a['text']} {b['text']}"
        if t in seen:
            continue
        seen.add(t)
        texts.append(t)
        labels.append(sorted(set(a["labels"]) | set(b["labels"])))
    return texts[:n], labels[:n]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--out", default="bench_train.json")
    args = ap.parse_args(argv)

    import conduct_nlp
    from conduct_nlp.features import analyze_many

    texts, labels = make_data(args.n)
    words = sum(len(t.split()) for t in texts) / len(texts)
    t0 = time.perf_counter()
    analyze_many(texts)
    t_analyze = time.perf_counter() - t0
    # the `conduct-nlp train` defaults
    model = conduct_nlp.ConductClassifier(classifier="svm", C=0.5, threshold="tune", cv="auto", n_jobs=-1)
    t0 = time.perf_counter()
    model.fit(texts, labels)
    t_fit = time.perf_counter() - t0
    res = {"n": len(texts), "mean_words": round(words, 1), "cores": os.cpu_count(),
           "analyse_once_s": round(t_analyze, 1), "fit_total_s": round(t_fit, 1),
           "cv_micro_f1": model.cv_report_["micro_f1"], "target_s": 60, "met": t_fit < 60}
    print(f"{res['n']:,} comments ({words:.0f} words on average), {os.cpu_count()} cores")
    print(f"  analysis (normalise + tokenize) of the comments once: {t_analyze:6.1f} s")
    print(f"  full fit (analysis of comments + unaccented copies, vectorise, 12 calibrated SVMs,"
          f" 3-fold threshold tuning): {t_fit:6.1f} s  -> target < 60 s {'met' if res['met'] else 'NOT met'}")
    Path(args.out).write_text(json.dumps(res, indent=2) + "\n")
    return 0 if res["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
