"""One input policy (conduct_nlp.validation) on every path: classify, classify_iter, CLI, pandas."""
import json

import pandas as pd
import pytest

import conduct_nlp
from conduct_nlp.validation import MAX_CHARS, check_texts, row_error

BAD = {
    "": "empty text",
    "   ": "empty text",
    "x" * (MAX_CHARS + 1): f"text too long ({MAX_CHARS + 1} characters > {MAX_CHARS})",
    "a \ud800 b": "text is not valid Unicode (lone surrogate at character 2)",
}


def test_row_error_policy():
    assert row_error("Cán bộ hách dịch") is None
    assert row_error(None) == "missing text"
    assert row_error(7) == "text is not a string (int)"
    for text, err in BAD.items():
        assert row_error(text) == err
    assert row_error("x" * (MAX_CHARS + 1), max_chars=None) is None


def test_check_texts_names_the_bad_item():
    assert check_texts("a") == ["a"]
    with pytest.raises(conduct_nlp.InvalidInputError, match=r"texts\[1\] must be str, got int"):
        check_texts(["a", 5])
    with pytest.raises(TypeError, match="must be a str or a list of str, got dict"):
        check_texts({"a": 1})


def test_same_errors_from_classify_iter_batch_and_cli(small_model, saved_model, run_cli, tmp_path):
    texts = ["Cán bộ hách dịch"] + list(BAD)
    want = [None] + list(BAD.values())
    assert [p.error for p in small_model.classify(texts)] == want
    assert [p.error for p in small_model.classify_iter(iter(texts), batch_size=2)] == want
    assert [p.error for p in small_model.classify_batch(texts)] == want
    for p in small_model.classify(texts[1:]):
        assert p.labels == () and not any(p.scores.values())
    src = tmp_path / "in.jsonl"
    # a lone surrogate cannot be written as UTF-8: JSON escapes carry it through the file
    src.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run_cli("classify", "--allow-errors", src, "-o", out, "--model", saved_model, "-q")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["error"] for r in rows] == want


def test_same_errors_from_pandas(small_model):
    # object dtype: pandas 3 arrow strings cannot hold a lone surrogate at all
    df = pd.DataFrame({"text": ["Cán bộ hách dịch"] + list(BAD) + [None]}, dtype=object)
    out = conduct_nlp.add_predictions(df, model=small_model)
    got = [None if pd.isna(e) else e for e in out["error"]]
    assert got == [None] + list(BAD.values()) + ["missing text"]


def test_predict_proba_gives_zero_scores_to_refused_rows(small_model):
    P = small_model.predict_proba(["Cán bộ hách dịch", "", "x" * (MAX_CHARS + 1)])
    assert P[0].sum() > 0 and P[1:].sum() == 0


def test_fit_refuses_unusable_training_texts(mini_rows):
    X = [r["text"] for r in mini_rows] + ["  "]
    y = [r["labels"] for r in mini_rows] + [[]]
    with pytest.raises(ValueError, match=r"X\[40\]: empty text"):
        conduct_nlp.ConductClassifier(min_df=1, threshold=0.5).fit(X, y)


def test_classify_iter_takes_a_string_as_one_comment(small_model):
    preds = list(small_model.classify_iter("cán bộ"))
    assert len(preds) == 1 and preds[0].text == "cán bộ"


def test_csv_output_is_excel_safe_by_default(saved_model, run_cli, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text('text,note\n"=HYPERLINK(""http://x"",""cán bộ hách dịch"")",+1\n'
                   'cán bộ hách dịch,@who\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    run_cli("classify", "--allow-errors", src, "-o", out, "--model", saved_model, "-q")
    body = out.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in body and ",'+1," in body and ",'@who," in body
    raw = tmp_path / "raw.csv"
    run_cli("classify", "--allow-errors", src, "-o", raw, "--model", saved_model, "-q", "--no-excel-escape")
    assert '"=HYPERLINK' in raw.read_text(encoding="utf-8")
    jl = tmp_path / "out.jsonl"
    run_cli("classify", "--allow-errors", src, "-o", jl, "--model", saved_model, "-q")
    assert json.loads(jl.read_text(encoding="utf-8").splitlines()[0])["text"].startswith("=HYPERLINK")


def test_output_equal_to_input_is_refused(saved_model, run_cli, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("text\ncán bộ\n", encoding="utf-8")
    before = src.read_bytes()
    proc = run_cli("classify", "--allow-errors", src, "-o", src, "--model", saved_model, "-q", check=False)
    assert proc.returncode == 2 and "is the input file" in proc.stderr
    assert src.read_bytes() == before


def test_csv_on_stdin_with_format(saved_model, run_cli):
    proc = run_cli("classify", "--allow-errors", "-", "--format", "csv", "--model", saved_model, "-q",
                   input="id,text\n1,Cán bộ hách dịch\n2,\n")
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["1", "2"] and rows[0]["error"] is None and rows[1]["error"] == "empty text"


def test_exit_status_is_1_when_rows_failed_unless_allowed(saved_model, run_cli, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "Cán bộ hách dịch"}\n{"text": ""}\nnot json\n{"text": 5}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = run_cli("classify", src, "-o", out, "--model", saved_model, "-q", check=False)
    assert proc.returncode == 1 and "--allow-errors" in proc.stderr
    assert "error: empty text" in proc.stderr and "error: invalid JSON" in proc.stderr  # kinds summarised
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4  # error rows are written, not dropped
    ok = run_cli("classify", src, "-o", out, "--model", saved_model, "-q", "--overwrite", "--allow-errors")
    assert ok.returncode == 0


def test_jsonl_fields_kept_in_csv_output_and_clashes_refused(saved_model, run_cli, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "text": "Cán bộ hách dịch"}\n{"text": "chị tận tình", "unit": "tax"}\n',
                   encoding="utf-8")
    out = tmp_path / "out.csv"
    run_cli("classify", src, "-o", out, "--model", saved_model, "-q")
    header, first, second = out.read_text(encoding="utf-8").splitlines()
    assert header.startswith("id,text,unit,labels,") and first.startswith("1,") and second.startswith(",chị tận tình,tax,")
    gold = tmp_path / "gold.csv"
    gold.write_text("text,labels\ncán bộ,arrogance:violation\n", encoding="utf-8")
    proc = run_cli("classify", gold, "-o", tmp_path / "o.csv", "--model", saved_model, "-q", check=False)
    assert proc.returncode == 2 and "already has column(s) ['labels']" in proc.stderr
    with pytest.raises(ValueError, match="already has column"):
        conduct_nlp.add_predictions(pd.DataFrame({"text": ["a"], "error": ["x"]}), model=saved_model)


def test_unclosed_quote_is_reported_with_its_line(saved_model, run_cli, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text('text\nmột\n"hai\nba\nbốn\n', encoding="utf-8")
    proc = run_cli("classify", src, "-o", tmp_path / "o.csv", "--model", saved_model, "-q", check=False)
    assert proc.returncode == 2 and "line 3" in proc.stderr and "never closes" in proc.stderr
