"""Score a model on real text written by other people: ``vsfc-conduct-dev``.

``../shared/datasets/vsfc-conduct-dev/dev.jsonl`` holds 500 real sentences by
university students about lecturers, programmes and facilities (from UIT-VSFC),
labelled by the annotation guideline. It is for **evaluation only**: never train,
tune thresholds on, or ship a model fitted on it, and never copy it into this
repository. It is not shipped; when the folder is absent this script says so and
exits 0 without a score.

Reported, as written and on an accent-stripped copy: micro- and macro-F1 (labels
with support), per-label F1 for the labels with at least 15 examples (below that
F1 is noise), and the false-alarm rate (share of no-label sentences that get any
label).

    python scripts/bench_transfer.py                      # both bundled models
    python scripts/bench_transfer.py --model fast --model path/to/model.skops
    python scripts/bench_transfer.py --json
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "datasets" / "vsfc-conduct-dev" / "dev.jsonl"
MIN_SUPPORT = 15

TARGETS = {"micro_f1": 0.80, "min_label_f1": 0.60, "false_alarm_rate": 0.10}


def read_dev(path: Path = DEV) -> tuple[list[str], list[list[str]]] | None:
    """Texts and labels of the real-text dev set, or ``None`` when it is not here."""
    if not path.exists():
        return None
    texts, labels = [], []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                texts.append(row["text"])
                labels.append(list(row["labels"]))
    return texts, labels


def _score(model, texts: list[str], labels: list[list[str]]) -> dict:
    from conduct_nlp import score_predictions
    from conduct_nlp.labels import to_indicator

    classes = list(model.classes_)
    Y = to_indicator(labels, classes)
    pred = model.predict(texts)
    rep = score_predictions(Y, pred, classes)
    none = Y.sum(axis=1) == 0
    frequent = {c: rep["per_label"][c]["f1"] for c in classes if rep["per_label"][c]["support"] >= MIN_SUPPORT}
    return {
        "n": len(texts),
        "micro_f1": rep["micro"]["f1"],
        "macro_f1": rep["macro"]["f1"],
        "per_label_f1": frequent,
        "min_label_f1": min(frequent.values()) if frequent else None,
        "false_alarm_rate": round(float(pred[none].any(axis=1).mean()) if none.any() else 0.0, 4),
        "n_no_label": int(none.sum()),
    }


def score_real_text(model, path: Path = DEV) -> dict | None:
    """Scores of ``model`` on the real-text dev set, as written and accent-stripped; ``None`` if absent."""
    from conduct_nlp import strip_accents

    data = read_dev(path)
    if data is None:
        return None
    texts, labels = data
    out = _score(model, texts, labels)
    out["no_diacritics"] = _score(model, [strip_accents(t) for t in texts], labels)
    return out


def format_scores(name: str, s: dict) -> str:
    lines = [f"{name}: real text, other writers (vsfc-conduct-dev, n={s['n']})",
             f"  micro-F1 {s['micro_f1']:.3f}   macro-F1 {s['macro_f1']:.3f}   "
             f"false alarms on no-label sentences {s['false_alarm_rate']:.1%} (of {s['n_no_label']})",
             f"  accent-stripped: micro-F1 {s['no_diacritics']['micro_f1']:.3f}   "
             f"false alarms {s['no_diacritics']['false_alarm_rate']:.1%}"]
    for c, f in s["per_label_f1"].items():
        lines.append(f"  {c:26s} F1 {f:.3f}")
    ok = [s["micro_f1"] >= TARGETS["micro_f1"],
          s["min_label_f1"] is not None and s["min_label_f1"] >= TARGETS["min_label_f1"],
          s["false_alarm_rate"] <= TARGETS["false_alarm_rate"]]
    lines.append(f"  targets (micro >= 0.80, every label with >= {MIN_SUPPORT} examples >= 0.60, "
                 f"false alarms <= 10%): {'met' if all(ok) else 'not met'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", action="append", help="bundled name or model file (repeatable; default: both bundled)")
    ap.add_argument("--dev", default=str(DEV), help="the dev set's JSONL (default: %(default)s)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    dev = Path(args.dev)
    if not dev.exists():
        print(f"skipped: the real-text dev set is not here ({dev}); it is evaluation-only data "
              "kept outside the repository", file=sys.stderr)
        return 0
    import conduct_nlp

    names = args.model or list(conduct_nlp.BUNDLED_MODELS)
    results = {}
    for name in names:
        try:
            model = conduct_nlp.load(name)
        except conduct_nlp.ModelNotFoundError as e:
            print(f"{name}: skipped: {e}", file=sys.stderr)
            continue
        results[name] = score_real_text(model, dev)
        if not args.json:
            print(format_scores(name, results[name]))
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main())
