"""Speed benchmark of the bundled model (not a unit test).

Measures, on 10,000 distinct, varied comments:

- end-to-end ``model.classify`` throughput in one process and with all cores
  (a process pool, the model loaded once per worker);
- time per stage: normalise, tokenize (underthesea + accent-stripped syllables),
  vectorise, predict;
- the reference: bare ``underthesea.word_tokenize`` over the same texts;
- cold start (a fresh interpreter: import + load + first prediction), model
  file size and peak memory.

Targets (2-core machine): single-process end-to-end ≤ 1.3 × bare tokenization;
≥ 1,500 comments/s with all cores; cold start ≤ 2 s; model ≤ 25 MB.

Usage::

    python scripts/bench_speed.py [--n 10000] [--model PATH] [--out bench_speed.json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_MODEL = None


def _init_worker(path: str) -> None:
    global _MODEL
    import conduct_nlp

    _MODEL = conduct_nlp.load(path)
    _MODEL.predict_proba(["khởi động"])


def _work(chunk: list[str]) -> int:
    return len(_MODEL.classify(chunk))


def make_texts(n: int, seed: int = 0) -> list[str]:
    """``n`` distinct comments: the corpus's comments, then real student-feedback
    sentences of UIT-VSFC when it is present (benchmark use only), then pairs of
    corpus comments joined."""
    rows = []
    for name in ("train.jsonl", "test.jsonl"):
        path = ROOT / "datasets" / "conduct_vi" / name
        if path.exists():
            rows += [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    vsfc = ROOT.parent / "shared" / "datasets" / "uit-vsfc" / "train.tsv"
    extra = []
    if vsfc.exists():
        import csv

        with vsfc.open(encoding="utf-8", newline="") as f:
            extra = [r["text"] for r in csv.DictReader(f, delimiter="\t")]
    if not rows:
        rows = [json.loads(line)["text"] for line in (ROOT / "tests" / "data" / "mini_train.jsonl").open(encoding="utf-8")]
    rng = random.Random(seed)
    seen, out = set(), []
    for t in rows + extra:
        if len(out) >= n:
            break
        if t not in seen:
            seen.add(t)
            out.append(t)
    while len(out) < n:
        t = f"{rng.choice(rows)} {rng.choice(rows)}"
        if t not in seen:
            seen.add(t)
            out.append(t)
    rng.shuffle(out)
    return out[:n]


def timed(fn, *args):
    t0 = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - t0, result


def cold_start(model_path: str) -> float:
    code = ("import time; t0 = time.perf_counter(); import conduct_nlp; "
            f"m = conduct_nlp.load({model_path!r}); m.classify('cán bộ hướng dẫn tận tình'); "
            "print(time.perf_counter() - t0)")
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        runs.append(float(out.stdout.strip().splitlines()[-1]))
    return min(runs)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--model", help="model file (default: the bundled model)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--out", default="bench_speed.json")
    args = ap.parse_args(argv)

    import conduct_nlp
    from conduct_nlp.features import _analyze_normalized
    from conduct_nlp.normalize import normalize_text
    from underthesea import word_tokenize

    model_path = str(args.model or conduct_nlp.default_model_path())
    model = conduct_nlp.load(model_path)
    texts = make_texts(args.n)
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} distinct comments, {words / len(texts):.1f} words on average; model {model_path}")

    # warm up both (underthesea loads its CRF model on first use)
    word_tokenize("khởi động")
    model.classify(texts[:20])

    res: dict = {"repeats": 3, "n": len(texts), "mean_words": round(words / len(texts), 1), "model": model_path,
                 "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                             "python": platform.python_version()}}
    # best of 3, interleaved, so a busy moment on the machine does not decide the ratio
    bare_runs, e2e_runs = [], []
    for _ in range(3):
        bare_runs.append(timed(lambda ts: [word_tokenize(t) for t in ts], texts)[0])
        t, preds = timed(model.classify, texts)
        assert len(preds) == len(texts)
        e2e_runs.append(t)
    t_bare, t_e2e = min(bare_runs), min(e2e_runs)

    # stages, the way classify runs them
    t_norm, norms = timed(lambda ts: [normalize_text(t) for t in ts], texts)
    tok = model.tokenizer
    t_tok, docs = timed(lambda ns: [_analyze_normalized(n, tok) for n in ns], norms)
    t_vec, X = timed(model.vectorizer_.transform, docs)
    t_pred, _ = timed(model._proba, model.estimators_, X)

    # all cores
    ctx = mp.get_context("spawn")
    chunks = [texts[i:i + 250] for i in range(0, len(texts), 250)]
    t0 = time.perf_counter()
    with ctx.Pool(args.jobs, initializer=_init_worker, initargs=(model_path,)) as pool:
        pool.map(_work, [["khởi động"]] * args.jobs)
        t_ready = time.perf_counter() - t0
        t_par, counts = timed(lambda cs: sum(pool.imap(_work, cs)), chunks)
    assert counts == len(texts)

    size = Path(model_path).stat().st_size
    cold = cold_start(model_path)
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    n = len(texts)
    res.update({
        "bare_word_tokenize_s": round(t_bare, 3), "bare_word_tokenize_per_s": round(n / t_bare),
        "e2e_1proc_s": round(t_e2e, 3), "e2e_1proc_per_s": round(n / t_e2e),
        "e2e_over_bare": round(t_e2e / t_bare, 3),
        "stages_s": {"normalise": round(t_norm, 3), "tokenize": round(t_tok, 3),
                     "vectorise": round(t_vec, 3), "predict": round(t_pred, 3)},
        "all_cores": {"jobs": args.jobs, "pool_start_s": round(t_ready, 2), "s": round(t_par, 3),
                      "per_s": round(n / t_par)},
        "cold_start_s": round(cold, 3), "model_mb": round(size / 1e6, 2),
        "peak_rss_mb": {"main": round(peak_self), "largest_worker": round(peak_child)},
    })
    targets = [
        ("e2e 1 process / bare tokenize", res["e2e_over_bare"], "≤ 1.3", res["e2e_over_bare"] <= 1.3),
        (f"comments/s with {args.jobs} processes", res["all_cores"]["per_s"], "≥ 1500", res["all_cores"]["per_s"] >= 1500),
        ("cold start (s)", res["cold_start_s"], "≤ 2", res["cold_start_s"] <= 2),
        ("model file (MB)", res["model_mb"], "≤ 25", res["model_mb"] <= 25),
    ]
    res["targets"] = [{"name": a, "value": b, "target": c, "met": d} for a, b, c, d in targets]

    print(f"\n{'measure':40s} {'value':>10s}")
    print(f"{'bare word_tokenize (comments/s)':40s} {res['bare_word_tokenize_per_s']:>10,}")
    print(f"{'classify, 1 process (comments/s)':40s} {res['e2e_1proc_per_s']:>10,}")
    for k, v in res["stages_s"].items():
        print(f"{'  stage ' + k + ' (s)':40s} {v:>10.3f}")
    print(f"{'classify, ' + str(args.jobs) + ' processes (comments/s)':40s} {res['all_cores']['per_s']:>10,}")
    print(f"{'cold start (s)':40s} {res['cold_start_s']:>10.3f}")
    print(f"{'model file (MB)':40s} {res['model_mb']:>10.2f}")
    print(f"{'peak RSS main / worker (MB)':40s} {res['peak_rss_mb']['main']:>5} / {res['peak_rss_mb']['largest_worker']}")
    print("\ntargets:")
    for name, value, target, met in targets:
        print(f"  {name:40s} {value!s:>10} {target:>7}  {'met' if met else 'NOT met'}")
    Path(args.out).write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
