"""Command-line interface: ``conduct-nlp SUBCOMMAND ...``.

Each job is one subcommand; ``main(argv)`` returns the exit code (0 success,
1 the job ran but found problems, 2 bad usage or input).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Sequence

from ._version import __version__
from .exceptions import ConductNLPError

__all__ = ["main", "build_parser"]


def _eprint(*args) -> None:
    print(*args, file=sys.stderr)


def _load(model: str | None):
    """A model from ``--model``: nothing (the default), a bundled name, or a path."""
    from .persistence import resolve_model

    return resolve_model(model)


def _model_file(model: str | None) -> str:
    from .persistence import model_location

    return str(model_location(model))


def _label_set(args) -> list[str] | None:
    if not getattr(args, "labels", None):
        return None
    return [c.strip() for c in args.labels.split(",") if c.strip()]


# ---------------------------------------------------------------- train
def cmd_train(args) -> int:
    from .classifier import ConductClassifier
    from .data import read_labelled
    from .evaluation import evaluate, format_report
    from .labels import LABELS

    classes = _label_set(args) or list(LABELS)
    paths = list(args.data)
    if getattr(args, "with_default_data", False):
        from .datasets import default_train_path
        # the bundled corpus first, so with --on-conflict last the new labels win
        paths.insert(0, str(default_train_path()))
    data = read_labelled(paths, classes, text_column=args.text_column, on_conflict=args.on_conflict)
    # held-out files are read (and validated) before the minutes of fitting, not after
    tests = [(t, read_labelled(t, classes, text_column=args.text_column)) for t in args.test or []]
    for msg in data.conflicts:
        _eprint(f"conflict: {msg}")
    if data.dropped_duplicates:
        _eprint(f"merged {data.dropped_duplicates} exact duplicate comment(s)")
    for f in data.files:
        _eprint(f"  {f['path']}: {f['rows']} comments, sha256 {f['sha256'][:16]}…")
    model = ConductClassifier(
        labels=None if classes == list(LABELS) else classes,
        multilabel=not args.single_label, tokenizer=args.tokenizer, classifier=args.classifier,
        C=args.C, threshold="tune" if (args.tune and not args.single_label) else 0.5, cv=args.cv,
        random_state=args.seed, n_jobs=args.jobs, clause_weight=args.clause_weight,
    )
    t0 = time.perf_counter()
    _eprint(f"training on {len(data)} comments from {len(paths)} file(s)...")
    model.fit(data.texts, data.labels)
    seconds = time.perf_counter() - t0
    metrics: dict = {"train_seconds": round(seconds, 1)}
    print(f"trained on {len(data)} comments in {seconds:.1f} s")
    if model.cv_report_:
        cvr = model.cv_report_
        from .cross_val import resolve_folds

        folds = resolve_folds(model.cv, len(data))
        print(f"cross-validated ({folds} folds): micro-F1 {cvr['micro_f1']:.3f}, macro-F1 {cvr['macro_f1']:.3f}")
        print("tuned thresholds: " + ", ".join(f"{c}={t:.2f}" for c, t in zip(model.classes_, model.thresholds_)))
    for test_path, test in tests:
        report = evaluate(model, test.texts, test.labels)
        metrics[f"test:{Path(test_path).name}"] = report
        print(format_report(report, title=f"\nheld-out evaluation on {test_path}"))
    manifest = model.save(args.output, metrics=metrics, data_files=data.files)
    print(f"saved {args.output} (sha256 {manifest['artifact']['sha256'][:16]}…)")
    return 0


# ---------------------------------------------------------------- evaluate
def cmd_evaluate(args) -> int:
    from .data import read_labelled
    from .evaluation import evaluate, format_report

    model = _load(args.model)
    data = read_labelled(args.data, list(model.classes_), text_column=args.text_column)
    report = evaluate(model, data.texts, data.labels)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(format_report(report, title=f"evaluation on {', '.join(args.data)} ({len(data)} comments)"))
    return 0


# ---------------------------------------------------------------- classify
def cmd_classify(args) -> int:
    import os

    from .batch import classify_file
    from .persistence import load_predictor

    model = load_predictor(args.model)  # inference-only when the model has a predictor: same output, faster start
    model_path = _model_file(args.model)
    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    summary = classify_file(
        model, args.input, args.output, text_column=args.text_column, threshold=args.threshold,
        chunk_size=args.chunk_size, jobs=jobs, model_path=model_path, resume=args.resume,
        overwrite=args.overwrite, progress=False if args.quiet else None, engine=args.engine,
        scheduler=args.scheduler, in_format=args.format, excel_escape=args.excel_escape)
    if not args.quiet or (summary["errors"] and not args.allow_errors):
        _eprint(summary.format())
    if summary["errors"] and not args.allow_errors:
        _eprint(f"conduct-nlp classify: {summary['errors']} row(s) could not be classified (error rows written, "
                "see the 'error' column); exit status 1. Use --allow-errors to accept them.")
        return 1
    return 0


# ---------------------------------------------------------------- compare
def cmd_compare(args) -> int:
    from .compare import compare_models, format_comparison
    from .data import read_labelled
    if not args.model or len(args.model) > 2:
        raise ValueError("give one --model (compared with the bundled model) or two")
    path_a = args.model[0]
    path_b = args.model[1] if len(args.model) == 2 else "default"
    a, b = _load(path_a), _load(path_b)
    data = read_labelled(args.data, list(a.classes_), text_column=args.text_column)
    result = compare_models(a, b, data.texts, data.labels, ids=data.ids, n_boot=args.n_boot, seed=args.seed)
    result["model_a"], result["model_b"] = path_a, path_b
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(format_comparison(result, name_a=path_a, name_b=path_b, show=args.show))
    return 0


# ---------------------------------------------------------------- suggest
def cmd_suggest(args) -> int:
    from .records import META_KEYS, read_rows
    from .validation import row_error
    from .suggest import suggest

    model = _load(args.model)
    columns, rows = read_rows(args.input)
    if columns is not None and args.text_column not in columns:
        raise KeyError(f"{args.input} has no column {args.text_column!r}; columns are {columns}")
    texts, records, skipped = [], [], 0
    for k, r in enumerate(rows, 1):
        text = None if r.get("_error") else r.get(args.text_column)
        err = r.get("_error") or row_error(text, model.max_chars)
        if err:
            skipped += 1
            _eprint(f"{args.input}: row {k} skipped: {err}")
            continue
        rec = {key: v for key, v in r.items() if key != args.text_column and key not in META_KEYS}
        records.append(rec)
        texts.append(text)
    picked = suggest(model, texts, n=args.n, records=records)
    out = sys.stdout if args.output == "-" else None
    lines = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in picked)
    if out is None:
        from .files import atomic_write_bytes

        atomic_write_bytes(args.output, lambda f: f.write(lines.encode("utf-8")))
    else:
        out.write(lines)
    spread = {}
    for p in picked:
        spread[p["uncertain_label"]] = spread.get(p["uncertain_label"], 0) + 1
    _eprint(f"{len(picked)} of {len(texts)} comment(s) suggested for labelling ({skipped} row(s) skipped); "
            "by most uncertain label: " + ", ".join(f"{c} {n}" for c, n in sorted(spread.items())))
    return 0


# ---------------------------------------------------------------- data audit
def cmd_data_audit(args) -> int:
    from .audit import audit_labels
    from .classifier import ConductClassifier
    from .data import read_labelled

    data = read_labelled(args.files, text_column=args.text_column)
    est = _load(args.model) if args.model else ConductClassifier()  # the bundled configuration
    _eprint(f"scoring {len(data)} comments with {args.cv}-fold cross-validation...")
    found = audit_labels(est, data.texts, data.labels, ids=data.ids, where=data.where, cv=args.cv,
                         min_suspicion=args.min_suspicion)
    if args.json:
        print(json.dumps(found[:args.top], ensure_ascii=False, indent=2))
        return 0
    print(f"{len(found)} comment(s) with labels the cross-validated model strongly disagrees with "
          f"(suspicion >= {args.min_suspicion}); most suspicious first:")
    for r in found[:args.top]:
        issues = "; ".join(f"{'given' if d['given'] else 'missing'} {d['label']}, model {d['model']:.2f}"
                           for d in r["issues"])
        print(f"\n{r['where']} [{r['id']}] suspicion {r['suspicion']:.2f}\n  {r['text'][:160]!r}\n"
              f"  labels {r['labels']}\n  {issues}")
    return 0


# ---------------------------------------------------------------- report
def cmd_report(args) -> int:
    from .data import read_labelled
    from .files import atomic_write_bytes
    from .report import build_report

    model = _load(args.model)
    data = read_labelled(args.data, list(model.classes_), text_column=args.text_column)
    page = build_report(model, data.texts, data.labels, ids=data.ids, worst=args.worst, lang=args.lang,
                        model_ref=args.model, input_path=[str(p) for p in args.data])
    atomic_write_bytes(args.output, lambda f: f.write(page.encode("utf-8")))
    print(f"written {args.output} ({len(page) // 1024} KB)")
    return 0


# ---------------------------------------------------------------- info
def cmd_info(args) -> int:
    from .persistence import verify_model

    path = _model_file(args.model)
    manifest = verify_model(path)  # size and SHA-256 checked: a corrupted file exits 2
    tok = manifest.get("tokenizer") or {"name": manifest.get("params", {}).get("tokenizer")}
    print(json.dumps({"path": str(path), "tokenizer": tok, **manifest}, ensure_ascii=False, indent=2))
    return 0


# ---------------------------------------------------------------- models
def cmd_models(args) -> int:
    from .persistence import BUNDLED_MODELS, bundled_model_path, read_manifest

    rows = []
    for name in BUNDLED_MODELS:
        try:
            path = bundled_model_path(name)
            m = read_manifest(path)
        except ConductNLPError as e:
            rows.append({"name": name, "error": str(e)})
            continue
        metrics = m.get("metrics", {})
        rows.append({
            "name": name, "file": path.name, "size_mb": round(m["artifact"]["size"] / 1e6, 1),
            "tokenizer": (m.get("tokenizer") or {}).get("name") or m.get("params", {}).get("tokenizer"),
            "test_micro_f1": metrics.get("test", {}).get("micro_f1"),
            "real_text_micro_f1": metrics.get("real_text", {}).get("micro_f1"),
            "path": str(path),
        })
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print(f"{'name':8s} {'size':>8s}  {'tokenizer':22s} {'test micro-F1':>13s} {'real-text micro-F1':>18s}")
    for r in rows:
        if "error" in r:
            print(f"{r['name']:8s} unavailable: {r['error']}")
            continue
        fmt = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
        print(f"{r['name']:8s} {r['size_mb']:>5.1f} MB  {str(r['tokenizer']):22s} "
              f"{fmt(r['test_micro_f1']):>13s} {fmt(r['real_text_micro_f1']):>18s}")
    print("\nuse with: conduct_nlp.load(NAME), conduct_nlp.classify(text, model=NAME), --model NAME")
    return 0


# ---------------------------------------------------------------- data
def cmd_data_check(args) -> int:
    from .data import check_files

    problems = check_files(args.files)
    for p in problems:
        print(p)
    if problems:
        _eprint(f"{len(problems)} problem(s) in {len(args.files)} file(s)")
        return 1
    print(f"ok: {len(args.files)} file(s), no problems")
    return 0


def cmd_data_stats(args) -> int:
    from .data import dataset_stats, format_stats, read_labelled

    out = {}
    for f in args.files:
        stats = dataset_stats(read_labelled(f, dedupe=False))
        out[f] = stats
        if not args.json:
            print(format_stats(stats, name=f))
            print()
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


# ---------------------------------------------------------------- summarize
def cmd_summarize(args) -> int:
    from .summary import summarize
    from .summary.text import format_summary

    if args.period and not args.time_column:
        raise ValueError("--period needs --time-column (the column of dates)")
    outputs = [p for p in (args.output, args.csv, args.xlsx, args.json) if p and p != "-"]
    for out in outputs:
        if Path(out).resolve() == Path(args.input).resolve():
            raise ValueError(f"the output {out} is the input file; choose another name")
    if len(set(map(str, outputs))) < len(outputs):
        raise ValueError(f"two outputs have the same name: {outputs}")
    if args.xlsx:  # fail before the pass over the file, not after it
        from .summary.writers import check_excel

        check_excel()
    result = summarize(args.input, by=args.by or [], time_column=args.time_column, period=args.period or "month",
                       min_count=args.min_count, examples=args.examples, top=args.top,
                       text_column=args.text_column, model=args.model, fmt=args.format)
    written = []
    for path, write in ((args.csv, lambda p: result.to_csv(p, lang=args.lang)), (args.json, result.to_json),
                        (args.xlsx, lambda p: result.to_excel(p, lang=args.lang)),
                        (args.output, lambda p: result.to_html(p, lang=args.lang))):
        if path:
            write(path)
            written.append(path)
    if not written:
        print(format_summary(result))
    elif not args.quiet:
        info = result.info
        _eprint(f"{info['rows_read']} rows read, {info['rows_counted']} counted, {info['error_rows']} error rows "
                f"left out" + (f", {info['date_problems']} rows without a readable date left out of the trend"
                               if args.time_column else ""))
        _eprint("written " + ", ".join(p for p in written if p != "-"))
    return 0


# ---------------------------------------------------------------- parser
def _int_at_least(value: str, low: int, what: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = low - 1
    if n < low:
        raise argparse.ArgumentTypeError(f"expected {what}, got {value!r}")
    return n


def _cv_arg(value: str):
    return value if value == "auto" else _int_at_least(value, 2, "'auto' or an integer >= 2")


def _positive_int(value: str) -> int:
    return _int_at_least(value, 1, "a positive integer")


def _threshold_arg(value: str) -> float:
    try:
        t = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"threshold must be a number in (0, 1), got {value!r}") from None
    if not 0 < t < 1:
        raise argparse.ArgumentTypeError(f"threshold must be in (0, 1), got {t}")
    return t


def _clause_weight_arg(value: str) -> float:
    from .clauses import check_clause_weight

    try:
        return check_clause_weight(float(value))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"clause weight must be in [0, 1] (0 turns clause scoring off), got {value!r}") from None


MODEL_HELP = "bundled model name ('default', 'fast'; see `conduct-nlp models`) or model file (default: 'default')"


def _add_train(sub) -> None:
    """``conduct-nlp train``."""
    from .classifier import BUNDLED_PARAMS
    from .features import TOKENIZERS

    t = sub.add_parser("train", help="train a model on labelled JSONL/CSV files")
    t.add_argument("data", nargs="+", help="labelled JSONL or CSV files")
    t.add_argument("-o", "--output", required=True, help="model file to write (.skops; .joblib writes the legacy pickle format)")
    t.add_argument("--test", action="append", help="held-out labelled file to evaluate on (repeatable)")
    t.add_argument("--with-default-data", action="store_true",
                   help="also train on the bundled corpus (datasets/conduct_vi/train.jsonl)")
    t.add_argument("--labels", help="comma-separated label set other than the 12 conduct codes (e.g. sentiment)")
    t.add_argument("--single-label", action="store_true", help="exactly one label per comment (multi-class)")
    t.add_argument("--text-column", default="text")
    t.add_argument("--tokenizer", choices=list(TOKENIZERS), default=BUNDLED_PARAMS["tokenizer"],
                   help="word segmentation, underthesea's syllable tokenizer, or regex syllables (fastest); "
                        "default: as the bundled model (%(default)s)")
    t.add_argument("--classifier", choices=["logreg", "svm"], default=BUNDLED_PARAMS["classifier"],
                   help="calibrated linear SVM or logistic regression (default: as the bundled model, %(default)s)")
    t.add_argument("--C", type=float, default=BUNDLED_PARAMS["C"],
                   help="inverse regularisation strength (default: as the bundled model, %(default)s)")
    t.add_argument("--clause-weight", type=_clause_weight_arg, default=BUNDLED_PARAMS["clause_weight"],
                   help="weight of a comment's best clause in its scores, 0 = whole comments only "
                        "(default: %(default)s; see conduct_nlp.clauses)")
    t.add_argument("--on-conflict", choices=["error", "last", "drop"], default="error",
                   help="same text with different labels: stop (default), keep the later file's labels, or drop")
    t.add_argument("--cv", type=_cv_arg, default="auto",
                   help="folds for threshold tuning: a number, or 'auto' (default: 5 below 5,000 comments, 3 above)")
    t.add_argument("--no-tune", dest="tune", action="store_false", help="keep 0.5 thresholds")
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("-j", "--jobs", type=int, default=-1,
                   help="processes/threads used while fitting (default -1: all cores); same model for any value")
    t.set_defaults(func=cmd_train)



def _add_model_commands(sub) -> None:
    """``evaluate``, ``classify``, ``compare``, ``suggest``, ``report``, ``info``, ``models``."""
    e = sub.add_parser("evaluate", help="score a model on labelled data")
    e.add_argument("data", nargs="+")
    e.add_argument("--model", help=MODEL_HELP)
    e.add_argument("--text-column", default="text")
    e.add_argument("--json", action="store_true", help="machine-readable output")
    e.set_defaults(func=cmd_evaluate)

    c = sub.add_parser("classify", help="classify a CSV/JSONL file (- for stdin)")
    c.add_argument("input", help="CSV, TSV, JSONL or Parquet file, or - for stdin (JSONL unless --format)")
    c.add_argument("-o", "--output", default="-", help="output file (.csv or .jsonl; default: stdout)")
    c.add_argument("--text-column", default="text")
    c.add_argument("--model", help=MODEL_HELP)
    c.add_argument("--threshold", type=_threshold_arg, help="one threshold for every label")
    c.add_argument("-j", "--jobs", type=_positive_int, default=None,
                   help="processes for tokenization (default: all cores); output is identical for any value")
    c.add_argument("--chunk-size", type=_positive_int, default=2000,
                   help="rows per chunk: unit of parallel work and of checkpointing (default 2000)")
    c.add_argument("--resume", action="store_true",
                   help="continue an interrupted run from OUTPUT.checkpoint.json")
    c.add_argument("--overwrite", action="store_true", help="discard an earlier interrupted run and start again")
    c.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="'dask' sends chunks to a Dask cluster (needs the dask extra)")
    c.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a local cluster)")
    c.add_argument("--format", choices=["csv", "tsv", "jsonl", "parquet"],
                   help="input format (default: from the file name; stdin '-' is JSONL unless given)")
    c.add_argument("--allow-errors", action="store_true",
                   help="exit 0 even when some rows got an error (they are always written, never dropped)")
    c.add_argument("--no-excel-escape", dest="excel_escape", action="store_false",
                   help="write text cells starting with = + - @ as they are (default: a leading ' "
                        "so Excel shows them as text, not formulas; CSV/TSV output only)")
    c.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary on stderr")
    c.set_defaults(func=cmd_classify)

    cm = sub.add_parser("compare", help="compare two models on the same labelled data")
    cm.add_argument("data", nargs="+", help="labelled JSONL/CSV files")
    cm.add_argument("--model", action="append", help="model A (bundled name or file); a second --model is B (default: the bundled default model)")
    cm.add_argument("--text-column", default="text")
    cm.add_argument("--n-boot", type=_positive_int, default=1000, help="paired bootstrap resamples (default 1000)")
    cm.add_argument("--seed", type=int, default=0)
    cm.add_argument("--show", type=int, default=15, help="changed comments to list (all with --json)")
    cm.add_argument("--json", action="store_true")
    cm.set_defaults(func=cmd_compare)

    sg = sub.add_parser("suggest", help="pick unlabelled comments worth labelling next")
    sg.add_argument("input", help="CSV, JSONL or Parquet with a text column (- for JSONL on stdin)")
    sg.add_argument("-n", type=_positive_int, default=100, help="how many (default 100)")
    sg.add_argument("-o", "--output", default="-", help="JSONL to write, ready to label (default stdout)")
    sg.add_argument("--model", help=MODEL_HELP)
    sg.add_argument("--text-column", default="text")
    sg.set_defaults(func=cmd_suggest)

    rp = sub.add_parser("report", help="self-contained HTML report of a model on labelled data")
    rp.add_argument("data", nargs="+")
    rp.add_argument("-o", "--output", required=True, help="HTML file to write")
    rp.add_argument("--model", help=MODEL_HELP)
    rp.add_argument("--text-column", default="text")
    rp.add_argument("--worst", type=int, default=15, help="worst errors to explain (default 15)")
    rp.add_argument("--lang", choices=["vi", "en"], default="vi", help="language of the page (default vi)")
    rp.set_defaults(func=cmd_report)

    i = sub.add_parser("info", help="print a model's manifest")
    i.add_argument("--model", help=MODEL_HELP)
    i.set_defaults(func=cmd_info)

    ms = sub.add_parser("models", help="list the bundled models (name, size, tokenizer, scores)")
    ms.add_argument("--json", action="store_true")
    ms.set_defaults(func=cmd_models)


def _add_data(sub) -> None:
    """``conduct-nlp data check|stats|audit``."""
    d = sub.add_parser("data", help="check or describe labelled data files")
    dsub = d.add_subparsers(dest="data_command", metavar="ACTION")
    dsub.required = True
    dc = dsub.add_parser("check", help="validate files (schema, codes, NFC, duplicates, near-duplicates)")
    dc.add_argument("files", nargs="+")
    dc.set_defaults(func=cmd_data_check)
    ds = dsub.add_parser("stats", help="print label counts and kinds of text")
    ds.add_argument("files", nargs="+")
    ds.add_argument("--json", action="store_true")
    ds.set_defaults(func=cmd_data_stats)
    da = dsub.add_parser("audit", help="list comments whose labels cross-validated predictions disagree with")
    da.add_argument("files", nargs="+")
    da.add_argument("--model", help="use this model's configuration (default: the bundled configuration)")
    da.add_argument("--cv", type=_positive_int, default=5)
    da.add_argument("--top", type=_positive_int, default=30)
    da.add_argument("--min-suspicion", type=float, default=0.8,
                    help="1 = the model is as sure of the opposite as of a typical correct label (default 0.8)")
    da.add_argument("--text-column", default="text")
    da.add_argument("--json", action="store_true")
    da.set_defaults(func=cmd_data_audit)


def _add_summarize(sub) -> None:
    """``conduct-nlp summarize``."""
    sm = sub.add_parser("summarize", help="counts, rates and trends of classified comments per office and period")
    sm.add_argument("input", help="the output of `conduct-nlp classify` (CSV, TSV, JSONL or Parquet), read as a stream")
    sm.add_argument("--by", action="append", metavar="COLUMN",
                    help="group by this column (repeatable, e.g. --by unit --by channel)")
    sm.add_argument("--time-column", metavar="COLUMN", help="column of dates (2026-03-14, 14/03/2026) for the trend")
    sm.add_argument("--period", choices=["month", "week", "quarter"],
                    help="trend period: ISO month 2026-03, week 2026-W12 or quarter 2026-Q1 (default month)")
    sm.add_argument("--min-count", type=_positive_int, default=30,
                    help="groups and periods with fewer comments are marked, not ranked or tested (default 30)")
    sm.add_argument("-o", "--output", metavar="HTML", help="self-contained HTML page to write")
    sm.add_argument("--csv", metavar="FILE", help="tidy long-format CSV to write (- for stdout)")
    sm.add_argument("--xlsx", metavar="FILE", help="Excel workbook to write (needs the excel extra: openpyxl)")
    sm.add_argument("--json", metavar="FILE", help="JSON document to write (- for stdout)")
    sm.add_argument("--lang", choices=["vi", "en"], default="vi",
                    help="language of the page and of label names (default vi)")
    sm.add_argument("--model", help="model whose evidence phrases the examples show; " + MODEL_HELP)
    sm.add_argument("--examples", type=int, default=3, metavar="N",
                    help="example comments per label (default 3; 0: none, and no model is loaded)")
    sm.add_argument("--top", type=_positive_int, default=10, help="groups ranked per norm (default 10)")
    sm.add_argument("--text-column", default="text")
    sm.add_argument("--format", choices=["csv", "tsv", "jsonl", "parquet"],
                    help="input format (default: from the file name)")
    sm.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    sm.set_defaults(func=cmd_summarize)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="conduct-nlp",
        description="Classify Vietnamese citizen comments against the '3 không, 3 phải' norms.")
    p.add_argument("--version", action="version", version=f"conduct-nlp {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    _add_train(sub)
    _add_model_commands(sub)
    _add_data(sub)
    _add_summarize(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        _eprint(f"conduct-nlp {args.command}: interrupted"
                + ("; run the same command with --resume to continue" if args.command == "classify" else ""))
        return 130
    except (ConductNLPError, FileNotFoundError, FileExistsError, UnicodeError, KeyError, ValueError,
            ImportError) as e:
        msg = e.args[0] if isinstance(e, KeyError) and e.args else e
        _eprint(f"conduct-nlp {args.command}: error: {msg}")
        return 2
    except BrokenPipeError:  # e.g. `conduct-nlp classify x.csv | head` (an OSError: caught first)
        return 0
    except OSError as e:  # disk full, no permission, a folder given as a file, ...
        where = f" {e.filename}" if getattr(e, "filename", None) else ""
        _eprint(f"conduct-nlp {args.command}: error:{where}: {e.strerror or e}"
                + ("; the partial output and its checkpoint are kept: fix the cause and rerun with --resume"
                   if args.command == "classify" else ""))
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
