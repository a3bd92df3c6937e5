"""``conduct_nlp.summarize`` and ``conduct-nlp summarize``: figures, tests, problems, outputs, the bundled sample."""

from __future__ import annotations

import csv
import json
import math
import tracemalloc

import pytest

import conduct_nlp
from conduct_nlp.labels import LABELS
from conduct_nlp.periods import parse_date, period_of
from conduct_nlp.proportions import compare_rates, holm_adjust, wilson_interval
from conduct_nlp.summary import CSV_COLUMNS, summary_html


def labelled(n, *, unit="A", month=1, label=None, every=10, start=0, error=None, date=None, names="pred"):
    """``n`` rows in classify's output format; every ``every``-th row has ``label``."""
    lab, err = ("pred_labels", "pred_error") if names == "pred" else ("labels", "error")
    out = []
    for i in range(start, start + n):
        labels = [label] if label and i % every == 0 else []
        out.append({"id": f"r{i}", "text": f"bình luận số {i}", "unit": unit,
                    "date": date if date is not None else f"2025-{month:02d}-{1 + i % 28:02d}",
                    lab: ";".join(labels), err: error or ""})
    return out


def rows_of(result, table, **match):
    return [r for r in result.tables[table] if all(r.get(k) == v for k, v in match.items())]


# ---------------------------------------------------------------- statistics
def test_wilson_interval_matches_newcombe_1998():
    # Newcombe (1998), Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score)
    for (k, n), (low, high) in {(81, 263): (0.2553, 0.3662), (15, 148): (0.0624, 0.1605),
                                (0, 20): (0.0, 0.1611), (1, 29): (0.0061, 0.1718)}.items():
        got = wilson_interval(k, n)
        assert got == pytest.approx((low, high), abs=5e-5), (k, n, got)
    assert all(math.isnan(x) for x in wilson_interval(0, 0))
    with pytest.raises(ValueError, match="count <= n"):
        wilson_interval(5, 3)


def test_rate_comparison_and_holm_correction():
    p, test = compare_rates(10, 100, 30, 100)
    assert test == "z" and p == pytest.approx(0.000407, rel=1e-2)
    assert compare_rates(1, 40, 6, 40).test == "fisher"  # expected count < 5: the exact test
    assert compare_rates(0, 50, 0, 60) == (1.0, "fisher")
    assert holm_adjust([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.03, 0.06, 0.06, 0.02])


def test_dates_and_iso_periods():
    assert parse_date("2026-03-14T09:30:00+07:00").isoformat() == "2026-03-14"
    assert parse_date("14/03/2026").isoformat() == "2026-03-14"
    assert parse_date("2026-02-30") is None and parse_date("không rõ") is None and parse_date(None) is None
    d = parse_date("2026-03-16")
    assert (period_of(d, "month"), period_of(d, "week"), period_of(d, "quarter")) == ("2026-03", "2026-W12", "2026-Q1")
    assert period_of(parse_date("2027-01-01"), "week") == "2026-W53"  # ISO week-numbering year


# ---------------------------------------------------------------- figures
def test_trend_flags_a_constructed_change_and_not_a_constant_series():
    code = "accuracy:violation"
    constant = [r for m in range(1, 7) for r in labelled(200, month=m, label=code, every=10, start=1000 * m)]
    result = conduct_nlp.summarize(constant, time_column="date", examples=0)
    series = rows_of(result, "trend", group="(all)", label=code)
    assert [r["per_100"] for r in series] == pytest.approx([10.0] * 6)
    assert not any(r["significant"] for r in result.tables["trend"])

    changed = [r for m in range(1, 7)
               for r in labelled(200, month=m, label=code, every=3 if m == 4 else 10, start=1000 * m)]
    result = conduct_nlp.summarize(changed, time_column="date", examples=0)
    flagged = [(r["period"], r["label"]) for r in result.tables["trend"] if r["significant"]]
    assert flagged == [("2025-04", code), ("2025-05", code)]  # the rise and the fall, nothing else
    rise = rows_of(result, "trend", group="(all)", label=code, period="2025-04")[0]
    assert rise["prev_period"] == "2025-03" and rise["test"] == "z" and rise["change_per_100"] > 20
    assert rise["p_adjusted"] >= rise["p_value"]  # Holm never makes a p-value smaller
    assert result.info["trend_test"].startswith("two-sided two-proportion z-test")


def test_groups_rates_and_min_count_marking():
    code = "harassment:violation"
    rows = labelled(50, unit="big", label=code, every=5) + labelled(10, unit="tiny", label=code, every=1, start=100)
    result = conduct_nlp.summarize(rows, by="unit", min_count=30, examples=0)
    big = rows_of(result, "groups", group="big", label=code)[0]
    tiny = rows_of(result, "groups", group="tiny", label=code)[0]
    assert (big["n"], big["count"], big["rate"], big["small_group"]) == (50, 10, 0.2, False)
    assert (big["ci_low"], big["ci_high"]) == pytest.approx(wilson_interval(10, 50))
    assert (tiny["n"], tiny["rate"], tiny["small_group"]) == (10, 1.0, True)
    ranked = rows_of(result, "top", label=code)
    assert [r["group"] for r in ranked] == ["big"]  # the small group has the highest rate and is not ranked
    overall = rows_of(result, "groups", group_by="(all)", label=code)[0]
    assert (overall["n"], overall["count"]) == (60, 20)
    # periods below min_count are not tested
    result = conduct_nlp.summarize(labelled(20, month=1) + labelled(20, month=2, start=50), time_column="date",
                                   examples=0)
    assert all(r["p_value"] is None and r["small_group"] for r in result.tables["trend"])


def test_error_rows_are_counted_and_reported_never_dropped(tmp_path):
    rows = (labelled(40, label="courtesy:violation", every=4)
            + labelled(3, error="empty text", start=100) + labelled(2, error="line 7: invalid JSON (x)", start=200))
    for names in ("pred", "legacy"):
        data = [{("labels" if k == "pred_labels" else "error" if k == "pred_error" else k): v for k, v in r.items()}
                for r in rows] if names == "legacy" else rows
        result = conduct_nlp.summarize(data, by="unit", examples=0)
        assert (result.info["rows_read"], result.info["rows_counted"], result.info["error_rows"]) == (45, 40, 5)
        kinds = {(e["problem"], e["kind"]): e["count"] for e in result.tables["errors"]}
        assert kinds == {("error row", "empty text"): 3, ("error row", "invalid JSON"): 2}
        assert rows_of(result, "groups", group="A", label="courtesy:violation")[0]["errors"] == 5
        assert rows_of(result, "groups", group="A", label="courtesy:violation")[0]["n"] == 40
    result.to_csv(tmp_path / "s.csv")
    with open(tmp_path / "s.csv", encoding="utf-8") as f:
        problems = [r for r in csv.DictReader(f) if r["table"] == "errors"]
    assert {(r["kind"], r["count"]) for r in problems} == {("empty text", "3"), ("invalid JSON", "2")}
    assert json.loads(result.to_json())["info"]["error_rows"] == 5
    assert "empty text" in summary_html(result)


def test_bad_dates_are_counted_in_groups_and_left_out_of_the_trend():
    rows = (labelled(30, month=1) + labelled(2, date="", start=100) + labelled(3, date="không rõ", start=200)
            + labelled(1, date="31/01/2025", start=300))
    result = conduct_nlp.summarize(rows, time_column="date", examples=0, min_count=1)
    assert result.info["date_problems"] == 5
    assert {(e["kind"], e["count"], e["effect"]) for e in result.tables["errors"]} == {
        ("missing date", 2, "counted in groups, left out of the trend"),
        ("unparseable date", 3, "counted in groups, left out of the trend")}
    bad = [e for e in result.tables["errors"] if e["kind"] == "unparseable date"][0]
    assert bad["example_rows"] == [33, 34, 35]  # where to look, as 1-based row numbers
    assert rows_of(result, "groups", group_by="(all)")[0]["n"] == 36
    assert [r["n"] for r in rows_of(result, "trend", label=LABELS[0])] == [31]  # 30 + the day-first date


def test_streaming_input_holds_bounded_memory():
    consumed = []

    def rows(n):
        for i in range(n):
            consumed.append(i) if i % 10000 == 0 else None
            yield {"text": f"bình luận rất dài số {i} " * 5, "unit": f"u{i % 7}", "date": f"2025-{1 + i % 12:02d}-01",
                   "pred_labels": LABELS[i % 12] if i % 3 else "", "pred_error": ""}

    gen = rows(60_000)
    tracemalloc.start()
    try:
        result = conduct_nlp.summarize(gen, by="unit", time_column="date", examples=0)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.info["rows_counted"] == 60_000 and consumed[-1] == 50_000
    assert peak < 8e6, f"peak {peak / 1e6:.1f} MB: rows are being kept (60,000 rows of ~130 characters)"


def test_dataframe_input_and_frames():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(labelled(40, label="enthusiasm:compliance", every=2, names="legacy"))
    df["labels"] = df["labels"].map(lambda s: s.split(";") if s else [])  # as add_predictions gives them
    df["error"] = None
    result = conduct_nlp.summarize(df, by=["unit"], examples=0)
    groups = result.groups
    assert list(groups.columns) == result.columns("groups")
    got = groups[(groups.group == "A") & (groups.label == "enthusiasm:compliance")].iloc[0]
    assert (got["n"], got["count"]) == (40, 20)
    assert list(result.errors.columns) == ["problem", "kind", "count", "example_rows", "effect"]
    assert result.trend.empty and list(result.examples.columns)[-1] == "unit"


def test_summarize_refuses_input_without_labels_and_unknown_columns():
    with pytest.raises(ValueError, match="'pred_labels'.*conduct-nlp classify"):
        conduct_nlp.summarize([{"text": "chị ấy quát", "unit": "A"}], examples=0)
    with pytest.raises(KeyError, match="office"):
        conduct_nlp.summarize(labelled(5), by="office", examples=0)
    with pytest.raises(ValueError, match="period"):
        conduct_nlp.summarize(labelled(5), time_column="date", period="day")


def test_examples_are_deterministic_with_evidence_spans():
    texts = ["Chị ở quầy 3 quát tháo người già, hách dịch lắm", "cán bộ hách dịch, nói trống không",
             "Anh cán bộ hướng dẫn tận tình", "nhân viên quát tháo dân"]
    rows = [{"text": t, "pred_labels": "arrogance:violation", "pred_error": "",
             "pred_score_arrogance:violation": s} for t, s in zip(texts * 2, [0.9, 0.6, 0.1, 0.95] * 2)]
    first = conduct_nlp.summarize(rows, examples=2, model="fast")
    again = conduct_nlp.summarize(list(rows), examples=2, model="fast")
    ex = rows_of(first, "examples", label="arrogance:violation")
    assert [e["text"] for e in ex] == [texts[3], texts[0]]  # highest score first, no text twice
    assert [e["row"] for e in ex] == [4, 1]
    assert [(e["text"], e["evidence"]) for e in ex] == [(e["text"], e["evidence"]) for e in
                                                        rows_of(again, "examples", label="arrogance:violation")]
    for e in ex:
        assert e["evidence"] and e["spans"]
        assert all(0 <= a < b <= len(e["text"]) for a, b in e["spans"])
    assert "<mark>" in summary_html(first, lang="en")


# ---------------------------------------------------------------- command line and outputs
def _write_labelled(tmp_path):
    """The same rows as a CSV with the older column names and as JSONL with the new ones."""
    rows = (labelled(60, unit="A", month=1, label="accuracy:violation", every=6)
            + labelled(60, unit="A", month=2, label="accuracy:violation", every=2, start=100)
            + labelled(12, unit="B", month=2, start=300) + labelled(2, unit="B", error="empty text", start=400)
            + labelled(1, unit="B", date="??", start=500))
    path_csv = tmp_path / "labelled.csv"
    with open(path_csv, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "text", "unit", "date", "labels", "error"])
        w.writeheader()
        for r in rows:
            w.writerow({"id": r["id"], "text": r["text"], "unit": r["unit"], "date": r["date"],
                        "labels": r["pred_labels"], "error": r["pred_error"]})
    path_jsonl = tmp_path / "labelled.jsonl"
    with open(path_jsonl, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({**r, "pred_labels": [c for c in r["pred_labels"].split(";") if c],
                                "pred_error": r["pred_error"] or None}, ensure_ascii=False) + "\n")
    return path_csv, path_jsonl


def test_cli_summarize_csv_and_jsonl_inputs_give_the_same_figures(run_cli, tmp_path):
    path_csv, path_jsonl = _write_labelled(tmp_path)
    docs = []
    for src in (path_csv, path_jsonl):
        out = tmp_path / f"summary_{src.suffix[1:]}"
        proc = run_cli("summarize", src, "--by", "unit", "--time-column", "date", "--examples", "0",
                       "--csv", f"{out}.csv", "--json", f"{out}.json")
        assert proc.returncode == 0
        assert "135 rows read, 133 counted, 2 error rows left out, 1 rows without a readable date" in proc.stderr
        with open(f"{out}.csv", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            assert reader.fieldnames == CSV_COLUMNS
            table = list(reader)
        flagged = [r for r in table if r["table"] == "trend" and r["significant"] == "True"]
        assert [(r["group"], r["period"], r["label"]) for r in flagged] == [
            ("(all)", "2025-02", "accuracy:violation"), ("A", "2025-02", "accuracy:violation")]
        small = {r["group"]: r["small_group"] for r in table if r["table"] == "groups"}
        assert small == {"(all)": "False", "A": "False", "B": "True"}
        doc = json.loads(open(f"{out}.json", encoding="utf-8").read())
        docs.append({k: doc[k] for k in ("groups", "trend", "top", "errors")})
    # rows are named by their line in the file: the CSV's header is line 1
    assert [e["example_rows"] for e in docs[0]["errors"]] == [[136], [134, 135]]
    assert [e["example_rows"] for e in docs[1]["errors"]] == [[135], [133, 134]]
    for doc in docs:
        for e in doc["errors"]:
            e.pop("example_rows")
    assert docs[0] == docs[1]


def test_cli_summarize_prints_text_and_reports_bad_usage(run_cli, tmp_path):
    path_csv, _ = _write_labelled(tmp_path)
    proc = run_cli("summarize", path_csv, "--by", "unit", "--examples", "0")
    assert proc.returncode == 0 and "error row: empty text: 2" in proc.stdout and "accuracy:violation" in proc.stdout
    raw = tmp_path / "comments.csv"
    raw.write_text("id,text,unit\n1,chị ấy quát,A\n", encoding="utf-8")
    proc = run_cli("summarize", raw, "--examples", "0", check=False)
    assert proc.returncode == 2
    assert "'pred_labels'" in proc.stderr and "'labels'" in proc.stderr and "conduct-nlp classify" in proc.stderr
    proc = run_cli("summarize", path_csv, "--by", "office", "--examples", "0", check=False)
    assert proc.returncode == 2 and "office" in proc.stderr
    proc = run_cli("summarize", path_csv, "--period", "week", check=False)
    assert proc.returncode == 2 and "--time-column" in proc.stderr
    proc = run_cli("summarize", tmp_path / "missing.csv", check=False)
    assert proc.returncode == 2
    proc = run_cli("summarize", path_csv, "--csv", path_csv, check=False)  # never overwrite the input
    assert proc.returncode == 2 and "input" in proc.stderr
    assert path_csv.read_text(encoding="utf-8").startswith("id,text,unit,date,labels,error")


def test_excel_workbook_round_trip(run_cli, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path_csv, _ = _write_labelled(tmp_path)
    run_cli("summarize", path_csv, "--by", "unit", "--time-column", "date", "--examples", "0", "--lang", "en",
            "--xlsx", tmp_path / "s.xlsx")
    result = conduct_nlp.summarize(path_csv, by="unit", time_column="date", examples=0)
    wb = openpyxl.load_workbook(tmp_path / "s.xlsx", read_only=True)
    assert wb.sheetnames == ["about", "groups", "trend", "top", "examples", "errors"]
    sheet = list(wb["groups"].iter_rows(values_only=True))
    header = sheet[0]
    assert header[:4] == ("group_by", "group", "label", "label_name")
    assert len(sheet) - 1 == len(result.tables["groups"])
    first = dict(zip(header, sheet[1]))
    assert first["label_name"] == conduct_nlp.label_name(first["label"], "en")
    expected = result.tables["groups"][0]
    assert (first["n"], first["count"], first["small_group"]) == (expected["n"], expected["count"], False)
    assert first["ci_low"] == pytest.approx(expected["ci_low"], abs=1e-6)
    about = {r[0]: r[1] if len(r) > 1 else None for r in wb["about"].iter_rows(values_only=True)}
    assert about["error_rows"] == 2 and about["date_problems"] == 1


def test_bundled_sample_classified_and_summarized_end_to_end(run_cli, tmp_path):
    sample = conduct_nlp.sample_comments_path()
    with open(sample, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert 3000 <= len(rows) <= 5000 and list(rows[0]) == ["id", "text", "unit", "channel", "date"]
    assert len({r["unit"] for r in rows}) == 12
    part = tmp_path / "part.csv"
    with open(part, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows[::10])  # 400 rows over the whole year
    run_cli("classify", part, "-o", tmp_path / "labelled.csv", "--model", "fast", "--jobs", "1", "-q")
    out = tmp_path / "summary.html"
    proc = run_cli("summarize", tmp_path / "labelled.csv", "--by", "unit", "--by", "channel", "--time-column", "date",
                   "--model", "fast", "-o", out, "--json", tmp_path / "s.json")
    assert proc.returncode == 0
    page = out.read_text(encoding="utf-8")
    assert '<html lang="vi">' in page and "Tổng hợp bình luận đã phân loại" in page
    assert str(tmp_path / "labelled.csv") in page and "400" in page  # input file and its row count
    assert "<mark>" in page and "<svg" in page and "<script" not in page
    assert conduct_nlp.label_name("accuracy:violation", "vi") in page
    doc = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert doc["info"]["rows_read"] == 400 and doc["info"]["evidence_model"] == "fast"
    assert len({r["period"] for r in doc["trend"]}) == 12


def test_parquet_input_gives_the_same_figures(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    pa = pytest.importorskip("pyarrow")
    _, path_jsonl = _write_labelled(tmp_path)
    records = [json.loads(line) for line in path_jsonl.read_text(encoding="utf-8").splitlines()]
    pq.write_table(pa.Table.from_pylist(records), tmp_path / "labelled.parquet")
    a = conduct_nlp.summarize(path_jsonl, by="unit", time_column="date", examples=0)
    b = conduct_nlp.summarize(tmp_path / "labelled.parquet", by="unit", time_column="date", examples=0)
    for table in ("groups", "trend", "top"):
        assert a.tables[table] == b.tables[table]
    assert b.info["error_rows"] == 2 and b.info["date_problems"] == 1


def test_excel_without_openpyxl_names_the_extra(run_cli, tmp_path, monkeypatch):
    import sys

    path_csv, _ = _write_labelled(tmp_path)
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # `import openpyxl` now raises ImportError
    proc = run_cli("summarize", path_csv, "--examples", "0", "--xlsx", tmp_path / "s.xlsx", check=False)
    assert proc.returncode == 2 and "conduct-nlp[excel]" in proc.stderr
    assert not (tmp_path / "s.xlsx").exists()


def test_page_in_english_and_without_a_model(tmp_path):
    path_csv, _ = _write_labelled(tmp_path)
    result = conduct_nlp.summarize(path_csv, by="unit", time_column="date", examples=0)
    assert result.model is None and result.info["evidence_model"] is None
    page = result.to_html(tmp_path / "s.html", lang="en")
    assert page == (tmp_path / "s.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Summary of classified comments: labelled.csv" in page
    assert conduct_nlp.label_name("accuracy:violation", "en") in page and "Changes beyond chance" in page
    assert "small" in page  # unit B has 13 comments
    with pytest.raises(ValueError, match="lang"):
        summary_html(result, lang="fr")


def test_bundled_sample_shows_its_injected_trends(run_cli, tmp_path):
    """The three trends scripts/make_sample.py injects are found after classifying the whole sample."""
    run_cli("classify", conduct_nlp.sample_comments_path(), "-o", tmp_path / "labelled.csv", "--model", "fast",
            "--jobs", "1", "-q")
    monthly = conduct_nlp.summarize(tmp_path / "labelled.csv", time_column="date", examples=0)
    flags = {(r["period"], r["label"], r["change_per_100"] > 0) for r in monthly.tables["trend"] if r["significant"]}
    assert {("2025-09", "accuracy:violation", True), ("2025-10", "accuracy:violation", False)} <= flags
    assert monthly.info["date_problems"] == 8 and monthly.info["error_rows"] == 0
    quarterly = conduct_nlp.summarize(tmp_path / "labelled.csv", by="unit", time_column="date", period="quarter",
                                      examples=0)
    flags = {(r["group"], r["period"], r["label"], r["change_per_100"] > 0)
             for r in quarterly.tables["trend"] if r["significant"]}
    assert ("UBND phường An Hòa", "2025-Q4", "harassment:violation", True) in flags
    assert ("Văn phòng đăng ký đất đai chi nhánh Ninh Kiều", "2025-Q4", "accuracy:violation", False) in flags
    small = {r["group"] for r in quarterly.tables["groups"] if r["small_group"]}
    assert small == {"Trạm y tế xã Tân Phú"}


def test_cli_path_needs_no_pandas(run_cli, tmp_path, monkeypatch):
    import sys

    path_csv, _ = _write_labelled(tmp_path)
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now raises ImportError
    run_cli("summarize", path_csv, "--by", "unit", "--time-column", "date", "--examples", "0",
            "--csv", tmp_path / "s.csv", "--json", tmp_path / "s.json", "-o", tmp_path / "s.html")
    assert (tmp_path / "s.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = conduct_nlp.summarize(path_csv, examples=0)
    with pytest.raises(ImportError, match=r"conduct-nlp\[pandas\]"):
        result.groups
