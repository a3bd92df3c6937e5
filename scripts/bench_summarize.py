"""Benchmark: ``conduct-nlp summarize`` on a 1,000,000-row labelled file (not a unit test).

Writes a file in the format ``conduct-nlp classify`` writes (every input column, then the
labels column, one score column per label and the error column, named as
:func:`conduct_nlp.batch.rows.result_columns` names them), with **synthetic** labels: no
model is run on the million rows. Texts are corpus comments; 12 offices, 8 channels, dates
over 2025 (0.1% unreadable), 0.2% error rows, and one injected rise (every office,
``accuracy:violation`` from 8% to 14% from October) so the trend test has work to do.

Then runs the installed command as a child process::

    conduct-nlp summarize FILE --by unit --by channel --time-column date \\
        -o summary.html --csv summary.csv --json summary.json

and prints its wall time and peak resident memory (``getrusage(RUSAGE_CHILDREN).ru_maxrss``),
checking the < 500 MB target (exit 1 when it is missed).

Usage::

    python scripts/bench_summarize.py                    # 1,000,000 rows, CSV
    python scripts/bench_summarize.py --rows 200000 --format jsonl --keep
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from conduct_nlp.batch.rows import result_columns, score_column  # noqa: E402
from conduct_nlp.labels import LABELS  # noqa: E402

LIMIT_MB = 500
UNITS = [f"Đơn vị {k:02d}" for k in range(1, 13)]
CHANNELS = ["zalo", "hotline", "kiosk", "web_form", "facebook", "email", "survey", "counter_form"]


def _rows(n: int, seed: int):
    rng = random.Random(seed)
    corpus = [json.loads(line)["text"] for line in open(ROOT / "datasets" / "conduct_vi" / "train.jsonl",
                                                        encoding="utf-8") if line.strip()]
    labels_col, *score_cols, error_col = result_columns(LABELS)
    for i in range(n):
        month = 1 + rng.randrange(12)
        date = f"2025-{month:02d}-{1 + rng.randrange(28):02d}" if rng.random() > 0.001 else "không rõ"
        row = {"id": f"r{i:07d}", "text": rng.choice(corpus), "unit": rng.choice(UNITS),
               "channel": rng.choice(CHANNELS), "date": date}
        if rng.random() < 0.002:
            row.update({"text": "", labels_col: [], error_col: "empty text", **{c: None for c in score_cols}})
            yield row
            continue
        scores = {c: round(rng.random() * 0.5, 6) for c in LABELS}
        labs = []
        for c in LABELS:
            p = 0.14 if (c == "accuracy:violation" and month >= 10) else 0.08
            if rng.random() < p:
                labs.append(c)
                scores[c] = round(0.5 + rng.random() * 0.5, 6)
        row.update({labels_col: labs, **{score_column(c): scores[c] for c in LABELS}, error_col: None})
        yield row


def write_file(path: Path, n: int, fmt: str, seed: int = 0) -> None:
    """The labelled file: CSV (labels joined by ';', as classify writes them) or JSONL (a list)."""
    cols = ["id", "text", "unit", "channel", "date", *result_columns(LABELS)]
    with open(path, "w", encoding="utf-8", newline="") as f:
        if fmt == "jsonl":
            for row in _rows(n, seed):
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
            return
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\r\n")
        w.writeheader()
        for row in _rows(n, seed):
            row[cols[5]] = ";".join(row[cols[5]])
            w.writerow({k: "" if v is None else v for k, v in row.items()})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    ap.add_argument("--model", default="fast", help="model for the examples' evidence (default fast)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench_summarize_"))
    data = tmp / f"labelled.{args.format}"
    t0 = time.perf_counter()
    write_file(data, args.rows, args.format)
    print(f"wrote {data}: {args.rows:,} rows, {data.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - t0:.0f} s")
    exe = Path(sys.executable).with_name("conduct-nlp")
    cmd = [str(exe), "summarize", str(data), "--by", "unit", "--by", "channel", "--time-column", "date",
           "--model", args.model, "-o", str(tmp / "summary.html"), "--csv", str(tmp / "summary.csv"),
           "--json", str(tmp / "summary.json")]
    print("$ " + " ".join(cmd))
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    print(proc.stderr.strip())
    if proc.returncode != 0:
        print(f"summarize failed with exit status {proc.returncode}")
        return 1
    ok = peak_mb < LIMIT_MB
    print(f"rows: {args.rows:,}  wall time: {wall:.1f} s  ({args.rows / wall:,.0f} rows/s)  "
          f"peak RSS: {peak_mb:.0f} MB  (target < {LIMIT_MB} MB: {'met' if ok else 'NOT MET'})")
    if not args.keep:
        import shutil

        shutil.rmtree(tmp)
    else:
        print(f"kept {tmp}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
