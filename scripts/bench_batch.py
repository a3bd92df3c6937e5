"""Batch benchmark: `conduct-nlp classify` end to end on a large CSV (not a unit test).

Builds N distinct comments (each row joins two corpus comments, so no two rows are
identical and the per-batch de-duplication cannot flatter the numbers), then times
the installed command with ``--jobs 1``, ``--jobs 2`` and the Dask engine (a local
cluster), sampling the resident memory of the whole process tree every 0.1 s.

Usage::

    python scripts/bench_batch.py                      # 200,000 rows, the three engines
    python scripts/bench_batch.py --rows 1000000 --runs jobs1   # the memory check
    python scripts/bench_batch.py --rows 1000000 --single --model fast --runs jobs1,jobs2
        # the fast model's targets: <= 4 minutes with --jobs 2, peak memory < 500 MB,
        # output byte-identical between --jobs 1 and --jobs 2

Writes a table to stdout and JSON to ``--out`` (default bench_batch.json).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RUNS = {
    "jobs1": ["--jobs", "1"],
    "jobs2": ["--jobs", "2"],
    "dask": ["--engine", "dask", "--jobs", "2"],
}


def build_input(path: Path, n: int, seed: int = 0, single: bool = False) -> None:
    texts = []
    for name in ("train.jsonl", "test.jsonl"):
        p = ROOT / "datasets" / "conduct_vi" / name
        if p.exists():
            texts += [json.loads(line)["text"] for line in p.open(encoding="utf-8") if line.strip()]
    if not texts:
        texts = [json.loads(line)["text"] for line in (ROOT / "tests" / "data" / "mini_train.jsonl").open(encoding="utf-8")]
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "channel", "text"])
        for i in range(n):
            text = f"{rng.choice(texts)} (#{i})" if single else f"{rng.choice(texts)} {rng.choice(texts)} (#{i})"
            w.writerow([i, rng.choice(["kiosk", "zalo", "hotline", "web"]), text])


def tree_rss(proc) -> tuple[int, int]:
    import psutil

    try:
        p = psutil.Process(proc.pid)
        main = p.memory_info().rss
        total = main + sum(c.memory_info().rss for c in p.children(recursive=True))
        return main, total
    except psutil.Error:
        return 0, 0


def run(cmd: list[str]) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak_main = peak_tree = 0
    while proc.poll() is None:
        m, t = tree_rss(proc)
        peak_main, peak_tree = max(peak_main, m), max(peak_tree, t)
        time.sleep(0.1)
    secs = time.perf_counter() - t0
    err = proc.stderr.read()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    return {"seconds": round(secs, 1), "peak_rss_main_mb": round(peak_main / 2**20),
            "peak_rss_tree_mb": round(peak_tree / 2**20)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--runs", default="jobs1,jobs2,dask", help=f"comma-separated subset of {list(RUNS)}")
    ap.add_argument("--model", help="bundled model name ('default', 'fast') or model file (default: 'default')")
    ap.add_argument("--chunk-size", type=int, default=2000)
    ap.add_argument("--single", action="store_true",
                    help="one corpus comment per row (shorter rows) instead of two joined")
    ap.add_argument("--out", default="bench_batch.json")
    args = ap.parse_args(argv)
    exe = shutil.which("conduct-nlp") or str(Path(sys.executable).with_name("conduct-nlp"))
    import conduct_nlp

    from conduct_nlp.persistence import model_location

    model = str(model_location(args.model))
    work = Path(tempfile.mkdtemp(prefix="bench_batch_"))
    src = work / "in.csv"
    t0 = time.perf_counter()
    build_input(src, args.rows, single=args.single)
    print(f"input: {args.rows:,} rows, {src.stat().st_size / 1e6:.0f} MB, built in {time.perf_counter() - t0:.0f} s; "
          f"model {model}; {os.cpu_count()} cores")
    results = {}
    outputs = {}
    for name in [r.strip() for r in args.runs.split(",") if r.strip()]:
        out = work / f"out_{name}.csv"
        cmd = [exe, "classify", str(src), "-o", str(out), "--model", model, "-q", "--allow-errors",
               "--chunk-size", str(args.chunk_size), *RUNS[name]]
        r = run(cmd)
        r["rows_per_second"] = round(args.rows / r["seconds"])
        results[name] = r
        outputs[name] = out
        print(f"  {name:6s} {r['seconds']:8.1f} s  {r['rows_per_second']:>7,} rows/s  "
              f"peak RSS main {r['peak_rss_main_mb']} MB, whole tree {r['peak_rss_tree_mb']} MB", flush=True)
    names = list(outputs)
    same = all(outputs[n].read_bytes() == outputs[names[0]].read_bytes() for n in names[1:])
    print(f"outputs byte-identical across runs: {same}")
    Path(args.out).write_text(json.dumps({"rows": args.rows, "single": args.single, "cores": os.cpu_count(), "model": model,
                                          "results": results, "identical_outputs": same}, indent=2) + "\n")
    shutil.rmtree(work, ignore_errors=True)
    print(f"written {args.out}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
