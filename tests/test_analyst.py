"""Analyst workflow end to end through the installed command: retrain, compare,
suggest, audit, report (rendered in a real headless browser in test_browser.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

import conduct_nlp
from conduct_nlp.audit import audit_labels
from conduct_nlp.compare import compare_models
from conduct_nlp.suggest import label_uncertainty, suggest

DATA = Path(__file__).parent / "data"



def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory, mini_rows):
    """A small stand-in for the bundled corpus (CONDUCT_NLP_DEFAULT_CORPUS)."""
    d = tmp_path_factory.mktemp("corpus")
    write_jsonl(d / "train.jsonl", mini_rows)
    return d


def test_retrain_with_default_data_reports_conflicts_and_hashes(run_cli, tmp_path, corpus_dir, mini_rows, monkeypatch):
    new = [{"id": "n1", "text": "Chị cán bộ thuế chỉ dẫn từng bước, rất tận tình", "labels": ["enthusiasm:compliance"]},
           {"id": "n2", "text": mini_rows[0]["text"], "labels": ["courtesy:violation"]},   # conflict
           {"id": "n3", "text": mini_rows[1]["text"], "labels": mini_rows[1]["labels"]}]  # exact repeat
    src = write_jsonl(tmp_path / "new.jsonl", new)
    env = {"CONDUCT_NLP_DEFAULT_CORPUS": str(corpus_dir)}
    monkeypatch.setenv("CONDUCT_NLP_DEFAULT_CORPUS", str(corpus_dir))
    out = tmp_path / "m.skops"
    proc = run_cli("train", src, "--with-default-data", "-o", out, "--cv", "2", check=False)
    assert proc.returncode == 2
    assert re.search(r"new.jsonl:2: same text as .*train.jsonl:1 but conflicting labels", proc.stderr)
    assert not out.exists()

    proc = run_cli("train", src, "--with-default-data", "-o", out, "--cv", "2", "--on-conflict", "last")
    assert "conflict:" in proc.stderr and "keeping the later labels" in proc.stderr
    assert "merged 1 exact duplicate" in proc.stderr
    manifest = conduct_nlp.read_manifest(out)
    files = manifest["training_data"]["files"]
    assert [Path(f["path"]).name for f in files] == ["train.jsonl", "new.jsonl"]
    assert all(len(f["sha256"]) == 64 for f in files)
    assert manifest["training_data"]["n_comments"] == len(mini_rows) + 1
    del env


@pytest.fixture(scope="module")
def weak_model(mini_rows, tmp_path_factory):
    """A deliberately worse model: trained on a quarter of the data."""
    rows = mini_rows[::4]
    m = conduct_nlp.ConductClassifier(min_df=1, threshold=0.5, classifier="logreg", C=4.0, cv=5).fit([r["text"] for r in rows], [r["labels"] for r in rows])
    path = tmp_path_factory.mktemp("weak") / "weak.skops"
    m.save(path)
    return path


def test_compare_library(small_model, mini_rows):
    texts, labels = [r["text"] for r in mini_rows], [r["labels"] for r in mini_rows]
    same = compare_models(small_model, small_model, texts, labels, n_boot=200)
    assert same["diff"]["micro_f1"]["diff"] == 0 and same["changed"] == []
    assert same["verdict"] == "no significant difference"
    with pytest.raises(ValueError, match="n_boot"):
        compare_models(small_model, small_model, texts, labels, n_boot=5)


def test_compare_cli(run_cli, saved_model, weak_model):
    data = DATA / "mini_train.jsonl"
    proc = run_cli("compare", data, "--model", weak_model, "--model", saved_model, "--json", "--n-boot", "300")
    res = json.loads(proc.stdout)
    assert res["verdict"] == "worse"
    assert res["diff"]["micro_f1"]["ci_high"] < 0
    assert res["changed"] and {"id", "text", "gold", "a", "b"} <= set(res["changed"][0])
    text = run_cli("compare", data, "--model", saved_model, "--model", weak_model, "--n-boot", "300").stdout
    assert "recommendation: A is better than B" in text and "changed verdict" in text


def test_suggest_library_spreads_and_skips_near_duplicates(small_model):
    texts = ["cán bộ hơi chậm một chút", "cán bộ hơi chậm một chút nhé", "Cán bộ hách dịch quát nạt",
             "chị ấy cũng được", "không rõ nữa", "nhân viên bình thường thôi"]
    got = suggest(small_model, texts, n=4)
    chosen = [g["text"] for g in got]
    assert len(chosen) == len(set(chosen)) <= 4
    assert not ({"cán bộ hơi chậm một chút", "cán bộ hơi chậm một chút nhé"} <= set(chosen))
    assert all(g["labels"] == [] and "model_scores" in g for g in got)
    u = label_uncertainty(np.array([[0.5, 0.0, 1.0, 0.75]]), np.array([0.5, 0.5, 0.5, 0.5]))
    assert u.tolist() == [[1.0, 0.0, 0.0, 0.5]]


def test_suggest_cli(read_jsonl_file, run_cli, saved_model, tmp_path):
    rows = [{"id": f"u{i}", "text": t, "channel": "kiosk"} for i, t in enumerate(
        ["thái độ tạm được", "cán bộ hơi chậm", "chị ấy cũng được", "", "Cán bộ hách dịch quát nạt",
         "ko biet nua", "nhân viên bình thường"])]
    src = write_jsonl(tmp_path / "unl.jsonl", rows)
    out = tmp_path / "to_label.jsonl"
    proc = run_cli("suggest", src, "-n", "3", "--model", saved_model, "-o", out)
    got = read_jsonl_file(out)
    assert len(got) == 3 and all(g["labels"] == [] and g["channel"] == "kiosk" for g in got)
    assert all(g["id"].startswith("u") for g in got)
    assert "row 4 skipped: empty text" in proc.stderr
    # the output is valid labelling input once labels are filled in
    for g in got:
        g["labels"] = g["model_labels"]
    write_jsonl(out, got)
    run_cli("data", "check", out)


def test_audit_finds_flipped_labels(read_jsonl_file):
    from conduct_nlp.datasets import default_train_path

    rows = read_jsonl_file(default_train_path())[:600]
    targets = [i for i, r in enumerate(rows) if r["labels"] in (["arrogance:violation"], ["enthusiasm:compliance"],
                                                                  ["accuracy:compliance"])][:8]
    flipped = {rows[i]["id"] for i in targets}
    for i in targets:
        rows[i] = {**rows[i], "labels": []}
    # the configuration this test was calibrated on (before clause scoring became the default)
    est = conduct_nlp.ConductClassifier(threshold=0.5, classifier="logreg", C=4.0, cv=5, length_feature=False,
                                        max_features=None, clause_weight=0.0)
    found = audit_labels(est, [r["text"] for r in rows], [r["labels"] for r in rows],
                         ids=[r["id"] for r in rows], cv=3)
    top = [f["id"] for f in found[:50]]
    # by chance 8 x 50/600 ~ 0.7 of them would rank in the top 50
    assert sum(i in top for i in flipped) >= 4, (top, flipped)
    hit = next(f for f in found if f["id"] in flipped)
    assert any(not d["given"] for d in hit["issues"])


def test_audit_cli(run_cli, tmp_path, mini_rows):
    rows = [dict(r) for r in mini_rows]
    src = write_jsonl(tmp_path / "a.jsonl", rows)
    proc = run_cli("data", "audit", src, "--cv", "3", "--top", "5", "--json")
    found = json.loads(proc.stdout)
    assert len(found) <= 5
    assert all({"where", "suspicion", "issues"} <= set(f) for f in found)
    assert [f["suspicion"] for f in found] == sorted((f["suspicion"] for f in found), reverse=True)


@pytest.fixture(scope="module")
def report_file(run_cli, saved_model, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    run_cli("report", DATA / "mini_train.jsonl", "--model", saved_model, "-o", out)
    return out


def test_report_is_self_contained_and_vietnamese(report_file, saved_model):
    page = report_file.read_text("utf-8")
    assert '<html lang="vi">' in page
    assert "<script" not in page and not re.search(r'(src|href)\s*=\s*"(https?:|//)', page)
    assert "data:image/png" not in page and page.count("<svg") == 13  # per-label bars + 12 score histograms
    assert "<h1 id=\"title\">Báo cáo đánh giá mô hình trên mini_train.jsonl</h1>" in page
    for heading in ("Tóm tắt", "Theo từng nhãn", "Ma trận nhầm lẫn theo chuẩn mực", "Phân bố điểm theo nhãn",
                    "Các lỗi nặng nhất và lý do"):
        assert f">{heading}</h2>" in page
    for norm in conduct_nlp.NORMS:
        assert f"<h3>{norm.name_vi}</h3>" in page
    for code in conduct_nlp.LABELS:
        assert conduct_nlp.label_name(code, "vi") in page
    manifest = conduct_nlp.read_manifest(saved_model)
    assert f">{manifest['artifact']['sha256'][:12]}</code>" in page
    assert "<tr class='meta-input_rows'><th scope='row'>Số dòng đầu vào</th><td>40</td></tr>" in page
    assert str(DATA / "mini_train.jsonl") in page and str(saved_model) in page


def test_report_in_english_with_errors_highlighted(run_cli, saved_model, mini_rows, tmp_path):
    # six comments given the labels of the comment seven lines down: false alarms and missed labels
    rows = [dict(r, labels=mini_rows[i + 7]["labels"]) if i < 6 else r for i, r in enumerate(mini_rows)]
    data = write_jsonl(tmp_path / "relabelled.jsonl", rows)
    out = tmp_path / "report.html"
    run_cli("report", data, "--model", saved_model, "-o", out, "--lang", "en", "--worst", "10")
    page = out.read_text("utf-8")
    assert '<html lang="en">' in page and "Worst errors and why" in page and "Tóm tắt" not in page
    errors = page[page.index("<table class='errors'>"):]
    assert 1 <= errors.count("<tr>") <= 10 and "<mark class='fa'>" in errors and "<mark class='miss'>" in errors
    assert conduct_nlp.label_name("arrogance:violation", "en") in page
    assert run_cli("report", data, "-o", out, "--lang", "fr", check=False).returncode == 2


def test_build_report_keeps_its_old_parameters(small_model, mini_rows):
    from conduct_nlp.report import build_report

    texts, labels = [r["text"] for r in mini_rows], [r["labels"] for r in mini_rows]
    page = build_report(small_model, texts, labels, ids=[r["id"] for r in mini_rows], title="My <report>", worst=3)
    assert "<title>My &lt;report&gt;</title>" in page and '<html lang="vi">' in page
    assert "<tr class='meta-sha256'><th scope='row'>SHA-256 của mô hình</th><td>—</td></tr>" in page  # unsaved
