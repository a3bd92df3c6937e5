"""Batch classification: parallel, resumable, streaming, nothing lost."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import time

import pytest

import conduct_nlp
from conduct_nlp.batch import checkpoint_path, classify_file, partial_path


TEXTS = [
    "Cán bộ hách dịch, quát nạt người dân",
    "chi can bo huong dan tan tinh lam",
    "Trả kết quả đúng hẹn, không mất đồng nào",
    "Cho hỏi làm giấy khai sinh cần gì?",
    "nv 1 cua ko tra loi, ngoi bam dt 😡",
    "Anh công an lịch sự, cảm ơn người dân",
]


def write_csv(path, n, bad_every=0):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "comment", "extra"])
        for i in range(n):
            text = f"{TEXTS[i % len(TEXTS)]} (phiếu {i})"
            if bad_every and i % bad_every == 0:
                text = ""
            w.writerow([f"r{i}", text, f"x{i}"])
    return path


@pytest.fixture(scope="module")
def model_file(saved_model):
    return str(saved_model)


def test_jobs_give_byte_identical_output(run_cli, model_file, tmp_path):
    src = write_csv(tmp_path / "in.csv", 300, bad_every=37)
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    run_cli("classify", "--allow-errors", src, "-o", one, "--text-column", "comment", "--model", model_file,
            "--jobs", "1", "--chunk-size", "40", "-q")
    run_cli("classify", "--allow-errors", src, "-o", two, "--text-column", "comment", "--model", model_file,
            "--jobs", "2", "--chunk-size", "40", "-q")
    assert one.read_bytes() == two.read_bytes()
    rows = list(csv.DictReader(one.open(encoding="utf-8")))
    assert [r["id"] for r in rows] == [f"r{i}" for i in range(300)]
    assert all(r["extra"] == f"x{i}" for i, r in enumerate(rows))
    empty = [r for r in rows if r["error"]]
    assert len(empty) == len(range(0, 300, 37)) and all(r["error"] == "empty text" for r in empty)


def test_python_api_jobs_and_summary(saved_model, tmp_path):
    model = conduct_nlp.load(saved_model)
    src = write_csv(tmp_path / "in.csv", 50, bad_every=10)
    out = tmp_path / "out.jsonl"
    summary = classify_file(model, str(src), str(out), text_column="comment", chunk_size=7, jobs=2,
                            progress=False)
    assert summary["rows"] == 50 and summary["errors"] == 5 and summary["classified"] == 45
    lines = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert [r["id"] for r in lines] == [f"r{i}" for i in range(50)]
    assert sum(summary["labels"].values()) == sum(len(r["labels"]) for r in lines)
    assert not checkpoint_path(str(out)).exists() and not partial_path(str(out)).exists()


def test_kill_and_resume_is_byte_identical(cli_path, run_cli, model_file, tmp_path):
    src = write_csv(tmp_path / "in.csv", 20000)
    full, out = tmp_path / "full.csv", tmp_path / "out.csv"
    args = [src, "--text-column", "comment", "--model", model_file, "--chunk-size", "200", "--jobs", "1", "-q"]
    run_cli("classify", "--allow-errors", src, "-o", full, *args[1:])

    proc = subprocess.Popen([cli_path, "classify", "--allow-errors", str(src), "-o", str(out), *map(str, args[1:])],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ckpt = checkpoint_path(str(out))
    deadline = time.time() + 120
    done = 0
    while time.time() < deadline and proc.poll() is None:
        if ckpt.exists():
            try:
                done = json.loads(ckpt.read_text("utf-8"))["rows_done"]
            except (ValueError, KeyError):
                done = 0
            if done >= 400:
                break
        time.sleep(0.01)
    assert proc.poll() is None, "the run finished before it could be killed; make the input larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not out.exists(), "a half-written file must never carry the final name"
    assert partial_path(str(out)).exists() and ckpt.exists()
    assert 0 < json.loads(ckpt.read_text("utf-8"))["rows_done"] < 20000

    # without --resume: a clear refusal, nothing touched
    proc2 = run_cli("classify", "--allow-errors", src, "-o", out, *args[1:], check=False)
    assert proc2.returncode == 2 and "--resume" in proc2.stderr

    run_cli("classify", "--allow-errors", src, "-o", out, *args[1:], "--resume")
    assert out.read_bytes() == full.read_bytes()
    assert not ckpt.exists() and not partial_path(str(out)).exists()


def test_resume_refuses_changed_options(model_file, tmp_path, saved_model):
    model = conduct_nlp.load(saved_model)
    src = write_csv(tmp_path / "in.csv", 30)
    out = tmp_path / "out.csv"
    ckpt = checkpoint_path(str(out))
    ckpt.write_text(json.dumps({"version": 1, "input": str(src), "input_fingerprint": None,
                                "model_sha256": None, "options": {}, "rows_done": 0, "bytes_done": 0,
                                "summary": {"rows": 0, "classified": 0, "errors": 0, "labels": {}}}))
    with pytest.raises(ValueError, match="cannot resume"):
        classify_file(model, str(src), str(out), text_column="comment", resume=True, progress=False)
    with pytest.raises(FileExistsError, match="--resume"):
        classify_file(model, str(src), str(out), text_column="comment", progress=False)
    classify_file(model, str(src), str(out), text_column="comment", overwrite=True, progress=False)
    assert out.exists() and not ckpt.exists()


def test_resume_without_checkpoint_is_an_error(saved_model, tmp_path):
    model = conduct_nlp.load(saved_model)
    src = write_csv(tmp_path / "in.csv", 3)
    with pytest.raises(FileNotFoundError, match="nothing to resume"):
        classify_file(model, str(src), str(tmp_path / "o.csv"), text_column="comment", resume=True)


def test_csv_with_bom_and_bad_rows_in_jsonl(run_cli, model_file, tmp_path):
    bom = tmp_path / "excel.csv"
    bom.write_bytes("\ufefftext,n\r\nCán bộ hách dịch,1\r\n,2\r\n".encode("utf-8"))
    proc = run_cli("classify", "--allow-errors", bom, "--model", model_file, "-q")
    rows = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [r["n"] for r in rows] == ["1", "2"] and rows[1]["error"] == "empty text"

    jl = tmp_path / "in.jsonl"
    jl.write_text('{"text": "ok text"}\nnot json\n{"text": 5}\n[1]\n{"other": "x"}\n', encoding="utf-8")
    proc = run_cli("classify", "--allow-errors", jl, "--model", model_file, "-q")
    rows = [json.loads(x) for x in proc.stdout.splitlines()]
    assert len(rows) == 5
    assert rows[0]["error"] is None
    assert "invalid JSON" in rows[1]["error"] and "not a string" in rows[2]["error"]
    assert "not a JSON object" in rows[3]["error"] and rows[4]["error"] == "missing text"


def test_too_long_text_is_a_row_error(run_cli, model_file, tmp_path):
    src = tmp_path / "long.jsonl"
    src.write_text(json.dumps({"text": "a" * 20000}) + "\n" + json.dumps({"text": "tốt"}) + "\n", encoding="utf-8")
    rows = [json.loads(x) for x in run_cli("classify", "--allow-errors", src, "--model", model_file, "-q").stdout.splitlines()]
    assert "too long" in rows[0]["error"] and rows[1]["error"] is None


def test_parquet_input(run_cli, model_file, tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    table = pa.table({"text": ["Cán bộ hách dịch", None, "tận tình"], "k": [1, 2, 3]})
    src = tmp_path / "in.parquet"
    pq.write_table(table, src, row_group_size=2)
    rows = [json.loads(x) for x in run_cli("classify", "--allow-errors", src, "--model", model_file, "-q").stdout.splitlines()]
    assert [r["k"] for r in rows] == [1, 2, 3] and rows[1]["error"] == "missing text"


def test_bad_jobs_value(run_cli, model_file, tmp_path):
    src = write_csv(tmp_path / "in.csv", 2)
    proc = run_cli("classify", "--allow-errors", src, "--model", model_file, "--jobs", "0", check=False)
    assert proc.returncode == 2 and "positive integer" in proc.stderr


def test_classify_iter_is_lazy(small_model):
    seen = []

    def gen():
        for i in range(10):
            seen.append(i)
            yield f"cán bộ hách dịch {i}"

    it = small_model.classify_iter(gen(), batch_size=3)
    first = next(it)
    assert first.text == "cán bộ hách dịch 0"
    assert len(seen) <= 3
    assert len(list(it)) == 9


def test_add_predictions_to_pandas(small_model):
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"text": ["Cán bộ hách dịch", None, "tận tình"], "n": [1, 2, 3]})
    out = conduct_nlp.add_predictions(df, model=small_model)
    assert list(out["n"]) == [1, 2, 3] and list(df.columns) == ["text", "n"]
    assert out.loc[1, "error"] == "missing text" and out.loc[1, "labels"] == []
    assert "score_arrogance:violation" in out.columns
    assert out.loc[0, "labels"] == list(small_model.classify("Cán bộ hách dịch").labels)


def test_disk_full_mid_run_keeps_the_partial_output_and_resume_finishes_it(run_cli, saved_model, tmp_path,
                                                                           monkeypatch):
    # ENOSPC on the 4th chunk: exit 2 with one line naming the file, nothing under the final
    # name, partial + checkpoint kept; after the cause is fixed --resume gives the clean output
    import errno

    from conduct_nlp.batch import checkpoint

    src = write_csv(tmp_path / "in.csv", 300)
    full, out = tmp_path / "full.csv", tmp_path / "out.csv"
    args = ["--text-column", "comment", "--model", saved_model, "--chunk-size", "50", "-q", "--allow-errors"]
    run_cli("classify", src, "-o", full, *args)

    real_write, calls = checkpoint.Output.write, []

    def write_until_full(self, text):
        calls.append(1)
        if len(calls) == 5:  # header + 3 chunks written, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device", str(checkpoint.partial_path(str(out))))
        return real_write(self, text)

    monkeypatch.setattr(checkpoint.Output, "write", write_until_full)
    proc = run_cli("classify", src, "-o", out, *args, check=False)
    assert proc.returncode == 2
    err = proc.stderr.strip()
    assert len(err.splitlines()) == 1 and "No space left on device" in err and "out.csv.partial" in err
    assert "--resume" in err and "Traceback" not in err
    assert not out.exists() and checkpoint.partial_path(str(out)).exists()
    assert json.loads(checkpoint_path(str(out)).read_text("utf-8"))["rows_done"] == 150

    monkeypatch.setattr(checkpoint.Output, "write", real_write)
    run_cli("classify", src, "-o", out, *args, "--resume")
    assert out.read_bytes() == full.read_bytes()
