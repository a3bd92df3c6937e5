"""The conduct-nlp command, run as the installed console script in a subprocess."""

import csv
from pathlib import Path
import json

import pytest


import conduct_nlp

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def trained(run_cli, tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    model = d / "m.skops"
    out = run_cli("train", DATA / "mini_train.jsonl", "-o", model, "--test", DATA / "mini_train.jsonl", "--cv", "2")
    return model, out


# the installed command, end to end (most other CLI tests run cli.main in-process)
def test_version_and_help(run_installed):
    assert conduct_nlp.__version__ in run_installed("--version").stdout
    out = run_installed("--help").stdout
    for cmd in ("train", "evaluate", "classify", "info", "data"):
        assert cmd in out


def test_train_prints_report_and_saves(trained):
    model, out = trained
    assert model.exists() and model.with_name("m.manifest.json").exists()
    assert "cross-validated" in out.stdout and "tuned thresholds" in out.stdout
    assert "micro avg" in out.stdout and "arrogance:violation" in out.stdout
    manifest = json.loads(model.with_name("m.manifest.json").read_text("utf-8"))
    assert manifest["training_data"]["files"][0]["rows"] == 40
    assert "test:mini_train.jsonl" in manifest["metrics"]


def test_train_clause_weight_option(run_cli, trained, tmp_path):
    manifest = json.loads(trained[0].with_name("m.manifest.json").read_text("utf-8"))
    assert manifest["params"]["clause_weight"] == conduct_nlp.ConductClassifier().clause_weight
    model = tmp_path / "whole.skops"
    run_cli("train", DATA / "mini_train.jsonl", "-o", model, "--cv", "2", "--clause-weight", "0")
    assert json.loads(model.with_name("whole.manifest.json").read_text("utf-8"))["params"]["clause_weight"] == 0
    bad = run_cli("train", DATA / "mini_train.jsonl", "-o", tmp_path / "x.skops", "--clause-weight", "1.5",
                  check=False)
    assert bad.returncode == 2 and "clause weight must be in [0, 1]" in bad.stderr
    assert not (tmp_path / "x.skops").exists()


def test_info(run_cli, trained):
    model, _ = trained
    info = json.loads(run_cli("info", "--model", model).stdout)
    assert info["format"] == "conduct_nlp.model" and info["labels"] == list(conduct_nlp.LABELS)


def test_evaluate_text_and_json(run_cli, trained):
    model, _ = trained
    text = run_cli("evaluate", DATA / "mini_train.jsonl", "--model", model).stdout
    assert "exact match" in text and "norm (both verdicts)" in text
    rep = json.loads(run_cli("evaluate", DATA / "mini_train.jsonl", "--model", model, "--json").stdout)
    assert set(rep) >= {"per_label", "micro", "macro", "exact_match", "per_norm"}
    assert rep["per_label"]["arrogance:violation"]["support"] == 6
    assert 0 <= rep["micro"]["f1"] <= 1


def test_classify_csv_keeps_rows_columns_and_order(run_cli, trained, tmp_path):
    model, _ = trained
    src = tmp_path / "in.csv"
    src.write_text("id,comment,unit\n1,Cán bộ hách dịch quát tháo,ubnd\n2,,police\n3,\"chị nhiệt tình, vui vẻ\",tax\n",
                   encoding="utf-8-sig")
    out = tmp_path / "out.csv"
    proc = run_cli("classify", "--allow-errors", src, "-o", out, "--text-column", "comment", "--model", model)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert list(rows[0])[:3] == ["id", "comment", "unit"]
    assert "labels" in rows[0] and "score_arrogance:violation" in rows[0] and "error" in rows[0]
    assert "arrogance:violation" in rows[0]["labels"].split(";")
    assert rows[1]["error"] == "empty text" and rows[1]["labels"] == ""
    assert rows[2]["unit"] == "tax" and rows[0]["error"] == ""
    assert "rows read: 3" in proc.stderr and "errors: 1" in proc.stderr


def test_classify_jsonl_stdin_to_stdout(run_installed, trained):
    model, _ = trained
    lines = [json.dumps({"text": "Cán bộ hách dịch, quát tháo", "k": 1}, ensure_ascii=False),
             json.dumps({"text": None, "k": 2}), "not json", json.dumps({"text": 5, "k": 4})]
    proc = run_installed("classify", "--allow-errors", "-", "--model", model, "-q", input="\n".join(lines) + "\n")
    out = [json.loads(x) for x in proc.stdout.splitlines()]
    assert len(out) == 4 and out[0]["k"] == 1 and out[1]["k"] == 2
    assert "arrogance:violation" in out[0]["labels"] and out[0]["error"] is None
    assert out[1]["error"] == "missing text" and "invalid JSON" in out[2]["error"]
    assert "not a string" in out[3]["error"]
    assert proc.stderr == ""


def test_classify_missing_column_is_a_clear_error(run_cli, trained, tmp_path):
    model, _ = trained
    src = tmp_path / "in.csv"
    src.write_text("id,comment\n1,abc\n", encoding="utf-8")
    proc = run_cli("classify", "--allow-errors", src, "--model", model, check=False)
    assert proc.returncode == 2
    assert "no column 'text'" in proc.stderr and "Traceback" not in proc.stderr


def test_classify_non_utf8_csv_gives_hint(run_cli, trained, tmp_path):
    model, _ = trained
    src = tmp_path / "in.csv"
    src.write_bytes("text\nCán bộ hách dịch\n".encode("utf-16"))
    proc = run_cli("classify", "--allow-errors", src, "--model", model, check=False)
    assert proc.returncode == 2 and "UTF-8" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_model_file_is_a_clear_error(run_installed, tmp_path):
    proc = run_installed("info", "--model", tmp_path / "nope.skops", check=False)
    assert proc.returncode == 2 and "no model file" in proc.stderr


def test_train_on_invalid_data_reports_lines(run_cli, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "text": "abc", "labels": ["rude:violation"]}\n', encoding="utf-8")
    proc = run_cli("train", bad, "-o", tmp_path / "m.skops", check=False)
    assert proc.returncode == 2 and f"{bad}:1:" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "m.skops").exists()


def test_data_check_and_stats(run_cli, tmp_path):
    ok = run_cli("data", "check", DATA / "mini_train.jsonl")
    assert "no problems" in ok.stdout
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "text": "abc", "labels": ["nope"]}\n', encoding="utf-8")
    proc = run_cli("data", "check", bad, check=False)
    assert proc.returncode == 1 and f"{bad}:1:" in proc.stdout
    stats = json.loads(run_cli("data", "stats", DATA / "mini_train.jsonl", "--json").stdout)
    s = stats[str(DATA / "mini_train.jsonl")]
    assert s["n"] == 40 and s["no_label"] == 6 and s["multi_label"] == 2


def test_train_other_label_set(run_cli, tmp_path):
    src = tmp_path / "sent.csv"
    rows = ["text,labels"] + [f"thầy dạy hay lắm {i},positive" for i in range(6)] + \
           [f"phòng học nóng quá {i},negative" for i in range(6)]
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    run_cli("train", src, "-o", tmp_path / "s.skops", "--labels", "negative,positive", "--single-label")
    info = json.loads(run_cli("info", "--model", tmp_path / "s.skops").stdout)
    assert info["labels"] == ["negative", "positive"]


def test_train_checks_the_test_file_before_fitting(run_cli, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "labels": ["nope:violation"]}\n', encoding="utf-8")
    out = tmp_path / "m.skops"
    proc = run_cli("train", DATA / "mini_train.jsonl", "-o", out, "--test", bad, "--no-tune", check=False)
    assert proc.returncode == 2 and "nope:violation" in proc.stderr
    assert "training on" not in proc.stderr and not out.exists()
