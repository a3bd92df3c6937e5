"""Validate a batch of hand-written comments and append it to a raw corpus file.

Used by the people (and helper sessions) who write corpus comments: write a batch of
JSON lines to a scratch file, then

    python scripts/append_comments.py datasets/conduct_vi/raw/VOICE.jsonl < batch.jsonl

Every line must be a JSON object with ``id``, ``text``, ``labels`` (list of the 12 label
codes, possibly empty), ``voice``, ``source``, ``unit`` and ``kind``. Text is NFC-normalised.
Nothing is appended unless the whole batch is valid; problems are printed with their line
numbers. Exact duplicate texts (already in the file or within the batch) are refused.
"""
from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

from conduct_nlp import LABELS as _LABELS, NORM_CODES as NORMS

LABELS = set(_LABELS)
KINDS = {
    "", "sarcasm", "hypothetical", "own_conduct", "non_official", "not_conduct",
    "contentless", "thanks_specific", "thanks_bare",
}
SOURCES = {"counter_form", "hotline", "kiosk", "zalo", "web_form", "facebook", "email", "survey"}
FIELDS = ("id", "text", "labels", "voice", "source", "unit", "kind")


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def check_batch(lines: list[str], seen_ids: set[str], seen_texts: set[str]) -> tuple[list[dict], list[str]]:
    rows: list[dict] = []
    problems: list[str] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {n}: not JSON ({exc})")
            continue
        if not isinstance(row, dict):
            problems.append(f"line {n}: not a JSON object")
            continue
        missing = [f for f in FIELDS if f not in row]
        if missing:
            problems.append(f"line {n}: missing fields {missing}")
            continue
        text = row["text"]
        if not isinstance(text, str) or not text.strip():
            problems.append(f"line {n}: empty text")
            continue
        row["text"] = unicodedata.normalize("NFC", text.strip())
        bad = [lab for lab in row["labels"] if lab not in LABELS] if isinstance(row["labels"], list) else ["<not a list>"]
        if bad:
            problems.append(f"line {n}: unknown labels {bad}; valid: {sorted(LABELS)}")
        if row["kind"] not in KINDS:
            problems.append(f"line {n}: kind {row['kind']!r} not in {sorted(KINDS)}")
        if row["source"] not in SOURCES:
            problems.append(f"line {n}: source {row['source']!r} not in {sorted(SOURCES)}")
        if row["id"] in seen_ids:
            problems.append(f"line {n}: duplicate id {row['id']}")
        if _key(row["text"]) in seen_texts:
            problems.append(f"line {n}: duplicate text {row['text'][:60]!r}")
        seen_ids.add(row["id"])
        seen_texts.add(_key(row["text"]))
        if bad:
            continue
        row["labels"] = sorted(set(row["labels"]), key=lambda c: (NORMS.index(c.split(":")[0]), c))
        rows.append({f: row[f] for f in FIELDS})
    return rows, problems


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: append_comments.py OUT.jsonl < batch.jsonl", file=sys.stderr)
        return 2
    out = Path(argv[0])
    seen_ids: set[str] = set()
    seen_texts: set[str] = set()
    if out.exists():
        for line in out.read_text(encoding="utf-8").splitlines():
            if line.strip():
                old = json.loads(line)
                seen_ids.add(old["id"])
                seen_texts.add(_key(old["text"]))
    before = len(seen_ids)
    rows, problems = check_batch(sys.stdin.read().splitlines(), seen_ids, seen_texts)
    if problems:
        print("NOT appended; fix these and send the whole batch again:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("a", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"appended {len(rows)}; {out} now has {before + len(rows)} comments")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
