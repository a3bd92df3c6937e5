"""Build ``conduct_nlp/resources/sample_comments.csv``: a demo file for ``conduct-nlp summarize``.

**Generated, not real data.** The texts are comments of the project's own training
corpus (``datasets/conduct_vi/train.jsonl``, itself written for the project, see
``datasets/README.md``); the offices, dates and the trends below are made up by
this script with a fixed seed. Nothing in the file says anything about a real office.

How a row is made:

- ``unit``: one of 12 invented offices of a made-up district; each office draws its
  texts from the corpus comments whose ``unit`` type matches it (a hospital comment
  goes to the hospital, a tax comment to the tax office), without replacement, so
  no text appears twice. Offices get different shares of the rows; one (the commune
  health station) gets fewer than 30, to show how small groups are marked.
- ``channel``: the corpus comment's own ``source`` (zalo, hotline, kiosk, …).
- ``date``: a uniform random day of 2025; about 10% written day-first
  (``14/03/2025``) as Vietnamese spreadsheets often do, and 8 rows with a missing or
  unreadable date (``""``, ``"không rõ"``), which ``summarize`` counts and reports.
- ``id``: ``s0001`` … in date order.

Injected trends (so the trend test has something to find):

1. ``UBND phường An Hòa``, October–December 2025: 45% of its comments are drawn from
   comments labelled ``harassment:violation`` (the other months: the corpus mix).
2. Every office, September 2025: 30% of comments drawn from comments labelled
   ``accuracy:violation`` (a made-up outage of the document system), back to the
   usual mix in October — a rise and a fall, month on month.
3. ``Văn phòng đăng ký đất đai chi nhánh Ninh Kiều``, June–August 2025: 55% drawn from
   ``accuracy:violation`` comments (a made-up backlog).

Usage::

    python scripts/make_sample.py                 # writes conduct_nlp/resources/sample_comments.csv
    python scripts/make_sample.py --rows 5000 --seed 15 -o other.csv
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "datasets" / "conduct_vi" / "train.jsonl"
OUT = ROOT / "conduct_nlp" / "resources" / "sample_comments.csv"

# invented office → (share of rows, corpus unit types its comments come from)
OFFICES: dict[str, tuple[float, tuple[str, ...]]] = {
    "Bộ phận một cửa quận Ninh Kiều": (0.15, ("one_stop",)),
    "UBND phường An Hòa": (0.12, ("ward_committee",)),
    "UBND xã Tân Phú": (0.09, ("commune_committee",)),
    "Chi cục Thuế khu vực Ninh Kiều": (0.10, ("tax",)),
    "BHXH huyện Phong Điền": (0.09, ("social_insurance", "health_insurance")),
    "Văn phòng đăng ký đất đai chi nhánh Ninh Kiều": (0.09, ("land_registry", "construction_permit")),
    "Công an phường An Hòa": (0.10, ("police_residence", "police_id", "police_commune")),
    "Phòng CSGT - Đội đăng ký xe": (0.08, ("police_vehicle", "traffic_police", "vehicle_inspection")),
    "Bệnh viện đa khoa quận Ninh Kiều": (0.10, ("hospital",)),
    "Phòng Tư pháp quận Ninh Kiều": (0.05, ("justice_civil",)),
    "Phòng LĐ-TB&XH huyện Phong Điền": (0.025, ("social_welfare", "labour_employment")),
    "Trạm y tế xã Tân Phú": (0.005, ("commune_health_station",)),
}
# (office or None for every office, months, label, share of comments drawn from that label)
TRENDS = [
    ("UBND phường An Hòa", (10, 11, 12), "harassment:violation", 0.45),
    (None, (9,), "accuracy:violation", 0.30),
    ("Văn phòng đăng ký đất đai chi nhánh Ninh Kiều", (6, 7, 8), "accuracy:violation", 0.55),
]
BAD_DATES = ["", "", "", "", "không rõ", "không rõ", "32/13/2025", "hôm qua"]


def _boost(office: str, month: int) -> tuple[str, float] | None:
    for who, months, label, share in TRENDS:
        if (who is None or who == office) and month in months:
            return label, share
    return None


def _office_rows(rng: random.Random, office: str, n: int, pool: list[dict]) -> list[dict]:
    """``n`` rows of one office: random dates, texts from its pool, trends injected."""
    rng.shuffle(pool)
    start = dt.date(2025, 1, 1)
    dates = sorted(start + dt.timedelta(days=rng.randrange(365)) for _ in range(n))
    rows = []
    for date in dates:
        boost = _boost(office, date.month)
        pick = None
        if boost and rng.random() < boost[1]:
            pick = next((k for k, r in enumerate(pool) if boost[0] in r["labels"]), None)
        elif boost:  # keep the boosted label out of the rest, so the share is what was asked
            pick = next((k for k, r in enumerate(pool) if boost[0] not in r["labels"]), None)
        r = pool.pop(pick if pick is not None else 0)
        rows.append({"text": r["text"], "unit": office, "channel": r.get("source") or "web_form", "date": date})
    return rows


def build(n_rows: int, seed: int) -> list[dict]:
    """The sample's rows, in date order, with ids."""
    rng = random.Random(seed)
    corpus = [json.loads(line) for line in CORPUS.open(encoding="utf-8") if line.strip()]
    rows = []
    for office, (share, units) in OFFICES.items():
        pool = [r for r in corpus if r.get("unit") in units and 15 <= len(r["text"]) <= 400]
        n = max(1, round(n_rows * share))
        if n > len(pool):
            raise SystemExit(f"{office}: {n} rows asked, {len(pool)} comments of type {units}")
        rows.extend(_office_rows(rng, office, n, pool))
    rows.sort(key=lambda r: (r["date"], r["unit"], r["text"]))
    bad = set(rng.sample(range(len(rows)), len(BAD_DATES)))
    bad_values = iter(BAD_DATES)
    for i, r in enumerate(rows, 1):
        r["id"] = f"s{i:04d}"
        d = r["date"]
        if i - 1 in bad:
            r["date"] = next(bad_values)
        elif rng.random() < 0.10:
            r["date"] = f"{d.day:02d}/{d.month:02d}/{d.year}"
        else:
            r["date"] = d.isoformat()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("-o", "--output", default=str(OUT))
    args = ap.parse_args()
    rows = build(args.rows, args.seed)
    with open(args.output, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "text", "unit", "channel", "date"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {args.output}: {len(rows)} rows, {len(OFFICES)} offices")


if __name__ == "__main__":
    main()
