"""Inter-annotator agreement study on a random sample of corpus v2.

    python scripts/agreement.py                 # agreement table + disagreements.jsonl
    python scripts/agreement.py --apply         # also write the adjudicated labels to raw/fixes.jsonl
    python scripts/agreement.py --full [--apply] # the second pass over the whole corpus (full/)

Files in ``datasets/conduct_vi/agreement/``:

- ``sample.jsonl``: 400 random train and 300 random test-v2 comments (seed 2026), id, split, text.
- ``annotator2.jsonl``: labels by a second annotator who saw only the texts and the guideline.
- ``disagreements.jsonl``: comments whose two label sets differ (written by this script).
- ``adjudicated.jsonl``: the third reading of every disagreement: final labels, reason, guideline point.
- ``full/``: the same over every other comment of train and test v2 (a label check of the whole
  corpus): ``part_K.jsonl`` (id, text), ``labels_K.jsonl`` (second annotator, who saw the labelling
  notes of the study), ``disagreements_K.jsonl``, ``adjudicated_K.jsonl``; ``pending.jsonl`` the
  disagreements no adjudication covers yet (parts added later, e.g. the round-3 voices in parts 9+).

Annotator A is the comment's writer (the corpus labels before adjudication, kept in
``labels_a.jsonl`` the first time the script runs); annotator B the second annotator.
Per label: F1 of B against A and Cohen's kappa; micro-F1 over all labels.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import cohen_kappa_score

from conduct_nlp import LABELS
from conduct_nlp.labels import to_indicator
from conduct_nlp.metrics import f1_from_counts

ROOT = Path(__file__).resolve().parent.parent
DIR = ROOT / "datasets" / "conduct_vi" / "agreement"
RAW = ROOT / "datasets" / "conduct_vi" / "raw"


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def table(A: np.ndarray, B: np.ndarray) -> dict:
    out = {}
    for j, c in enumerate(LABELS):
        a, b = A[:, j].astype(bool), B[:, j].astype(bool)
        out[c] = {"support_a": int(a.sum()), "support_b": int(b.sum()),
                  "f1": round(float(f1_from_counts((a & b).sum(), (~a & b).sum(), (a & ~b).sum())), 3),
                  "kappa": round(float(cohen_kappa_score(a, b)), 3)}
    Ab, Bb = A.astype(bool), B.astype(bool)
    out["micro"] = {"f1": round(float(f1_from_counts((Ab & Bb).sum(), (~Ab & Bb).sum(), (Ab & ~Bb).sum())), 3),
                    "exact_match": round(float((Ab == Bb).all(axis=1).mean()), 3)}
    return out


def corpus_labels() -> dict[str, list[str]]:
    labels = {}
    for path in sorted(RAW.glob("*.jsonl")):
        if path.name != "fixes.jsonl":
            for r in read(path):
                labels[r["id"]] = r["labels"]
    for name in ("v1/train.jsonl", "v1/test.jsonl"):
        for r in read(ROOT / "datasets" / "conduct_vi" / name):
            labels[r["id"]] = r["labels"]
    return labels


def write_fixes(final: dict[str, list[str]], a: dict[str, list[str]], reasons: dict[str, str]) -> None:
    fixes_path = RAW / "fixes.jsonl"
    fixes = {r["id"]: r for r in read(fixes_path)} if fixes_path.exists() else {}
    for i, labels in final.items():
        if sorted(labels) != sorted(a[i]):
            fixes[i] = {"id": i, "labels": labels, "reason": reasons.get(i, "")}
    with fixes_path.open("w", encoding="utf-8") as fh:
        for r in fixes.values():
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{fixes_path}: {len(fixes)} fix(es)")


def full_pass(apply: bool, chunks: int) -> int:
    full = DIR / "full"
    ref = corpus_labels()
    fixes_path = RAW / "fixes.jsonl"
    # annotator A of the second pass: the writers' labels with the study's corrections only (not the
    # pass's own, so that rerunning after --apply gives the same figures)
    fixed = ({r["id"]: r["labels"] for r in read(fixes_path) if r["reason"].startswith("agreement study")}
             if fixes_path.exists() else {})
    a_all, b_all, dis = [], [], []
    for part in sorted(full.glob("part_*.jsonl")):
        k = part.stem.split("_")[1]
        labels_file = full / f"labels_{k}.jsonl"
        done = read(labels_file) if labels_file.exists() else []
        texts = {r["id"]: r["text"] for r in read(part)}
        for r in done:
            a = fixed.get(r["id"], ref[r["id"]])
            a_all.append(a)
            b_all.append(r["labels"])
            if sorted(a) != sorted(r["labels"]):
                dis.append({"id": r["id"], "text": texts[r["id"]], "labels_a": a, "labels_b": r["labels"]})
    A, B = to_indicator(a_all, LABELS), to_indicator(b_all, LABELS)
    res = {"n": len(a_all), **table(A, B)}
    (full / "agreement.json").write_text(json.dumps(res, indent=1) + "\n", "utf-8")
    print(f"second pass: {res['n']} comments, micro-F1 {res['micro']['f1']:.3f}, exact match "
          f"{res['micro']['exact_match']:.3f}, {len(dis)} disagreement(s)")
    for c in LABELS:
        print(f"  {c:26s} F1 {res[c]['f1']:.3f} kappa {res[c]['kappa']:.3f}")
    size = -(-len(dis) // chunks) if dis else 0
    for j in range(chunks):
        with (full / f"disagreements_{j + 1}.jsonl").open("w", encoding="utf-8") as fh:
            for d in dis[j * size:(j + 1) * size]:
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    adj = {}
    for path in sorted(full.glob("adjudicated_*.jsonl")):
        adj.update({r["id"]: r for r in read(path)})
    pending = [d for d in dis if d["id"] not in adj]
    with (full / "pending.jsonl").open("w", encoding="utf-8") as fh:
        for d in pending:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    print(f"{len(pending)} disagreement(s) not adjudicated yet: {full / 'pending.jsonl'}")
    if adj:
        final = {d["id"]: adj[d["id"]]["labels"] for d in dis if d["id"] in adj}
        kept_a = sum(sorted(final[d["id"]]) == sorted(d["labels_a"]) for d in dis if d["id"] in final)
        print(f"adjudicated {len(final)} of {len(dis)}: writer's labels kept {kept_a}, changed {len(final) - kept_a}")
        if apply:
            a_map = {d["id"]: d["labels_a"] for d in dis}
            write_fixes(final, a_map, {i: "second pass: " + adj[i].get("reason", "") for i in final})
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--apply", action="store_true", help="write adjudicated labels into raw/fixes.jsonl")
    ap.add_argument("--full", action="store_true", help="the second pass over the whole corpus")
    ap.add_argument("--chunks", type=int, default=6, help="split the full pass's disagreements in this many files")
    args = ap.parse_args(argv)
    if args.full:
        return full_pass(args.apply, args.chunks)
    sample = read(DIR / "sample.jsonl")
    la_path = DIR / "labels_a.jsonl"
    if not la_path.exists():
        ref = corpus_labels()
        with la_path.open("w", encoding="utf-8") as fh:
            for s in sample:
                fh.write(json.dumps({"id": s["id"], "labels": ref[s["id"]]}, ensure_ascii=False) + "\n")
    a = {r["id"]: r["labels"] for r in read(la_path)}
    b = {r["id"]: r["labels"] for r in read(DIR / "annotator2.jsonl")}
    result = {}
    for split in ("train", "test", "all"):
        rows = [s for s in sample if split == "all" or s["split"] == split]
        A = to_indicator([a[s["id"]] for s in rows], LABELS)
        B = to_indicator([b[s["id"]] for s in rows], LABELS)
        result[split] = {"n": len(rows), **table(A, B)}
    print(f"{'label':26s} {'n A':>5s} {'n B':>5s} {'F1':>6s} {'kappa':>6s}   (all {result['all']['n']} comments)")
    for c in LABELS:
        r = result["all"][c]
        print(f"{c:26s} {r['support_a']:5d} {r['support_b']:5d} {r['f1']:6.3f} {r['kappa']:6.3f}")
    for split in ("train", "test", "all"):
        m = result[split]["micro"]
        print(f"{split:5s} n={result[split]['n']}: micro-F1 {m['f1']:.3f}, exact match {m['exact_match']:.3f}")
    dis = [{"id": s["id"], "split": s["split"], "text": s["text"], "labels_a": a[s["id"]], "labels_b": b[s["id"]]}
           for s in sample if sorted(a[s["id"]]) != sorted(b[s["id"]])]
    with (DIR / "disagreements.jsonl").open("w", encoding="utf-8") as fh:
        for d in dis:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    print(f"{len(dis)} disagreement(s) written to {DIR / 'disagreements.jsonl'}")
    (DIR / "agreement.json").write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    adj_path = DIR / "adjudicated.jsonl"
    if adj_path.exists():
        adj = {r["id"]: r for r in read(adj_path)}
        missing = [d["id"] for d in dis if d["id"] not in adj]
        final = {d["id"]: adj[d["id"]]["labels"] for d in dis if d["id"] in adj}
        kept_a = sum(sorted(final[i]) == sorted(a[i]) for i in final)
        kept_b = sum(sorted(final[i]) == sorted(b[i]) for i in final)
        print(f"adjudicated {len(final)} of {len(dis)} ({len(missing)} missing): writer's labels kept {kept_a}, "
              f"second annotator's {kept_b}, other {len(final) - kept_a - kept_b}")
        if args.apply:
            write_fixes(final, a, {i: "agreement study: " + adj[i].get("reason", "") for i in final})
    return 0


if __name__ == "__main__":
    sys.exit(main())
