"""The bundled default model: found from a checkout and from an installed wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

import conduct_nlp
from conduct_nlp import LABELS, strip_accents

ROOT = Path(__file__).resolve().parent.parent



@pytest.fixture(scope="module")
def default():
    return conduct_nlp.load()


def test_default_model_loads_and_has_a_manifest(default):
    path = conduct_nlp.default_model_path()
    manifest = conduct_nlp.read_manifest(path)
    assert list(default.classes_) == list(LABELS)
    assert manifest["labels"] == list(LABELS)
    assert manifest["metrics"]["test"]["micro_f1"] > 0
    assert len(manifest["training_data"]["files"]) == 1
    assert manifest["artifact"]["size"] == Path(path).stat().st_size


def test_load_returns_the_same_cached_model():
    assert conduct_nlp.load() is conduct_nlp.load()


@pytest.mark.parametrize("text,label", [
    ("Cán bộ địa chính hách dịch, quát nạt người dân như quát con", "arrogance:violation"),
    ("Chị ở bộ phận một cửa hướng dẫn rất tận tình, chỉ từng chỗ cần ký", "enthusiasm:compliance"),
    ("Hẹn 10 ngày trả sổ mà 2 tháng chưa có, hỏi thì bảo chờ tiếp", "accuracy:violation"),
    ("Anh công an đòi 500 nghìn tiền cà phê mới làm nhanh cho", "harassment:violation"),
])
def test_default_model_gets_clear_cases_right_with_and_without_diacritics(default, text, label):
    assert label in default.classify(text).labels
    assert label in default.classify(strip_accents(text)).labels


def test_default_model_gives_no_label_to_a_plain_question(default):
    assert default.classify("Cho hỏi thủ tục làm giấy khai sinh cần mang những gì ạ?").labels == ()


def test_package_level_classify_uses_the_default_model(default):
    text = "cb phuong hach dich qua"
    assert conduct_nlp.classify(text).scores == default.classify(text).scores


def test_training_is_reproducible():
    rows = [json.loads(line) for line in (ROOT / "tests" / "data" / "mini_train.jsonl").open(encoding="utf-8")]
    texts, labels = [r["text"] for r in rows], [r["labels"] for r in rows]
    a = conduct_nlp.ConductClassifier(min_df=1, threshold="tune", cv=2, random_state=3, classifier="logreg", C=4.0).fit(texts, labels)
    b = conduct_nlp.ConductClassifier(min_df=1, threshold="tune", cv=2, random_state=3, classifier="logreg", C=4.0).fit(texts, labels)
    assert (a.thresholds_ == b.thresholds_).all()
    assert (a.predict_proba(texts) == b.predict_proba(texts)).all()


@pytest.mark.slow
def test_default_model_loads_from_a_wheel_in_a_fresh_venv(tmp_path):
    """Build the wheel, install it into a new virtual environment outside the
    repository (dependencies come from this environment through a .pth file,
    so no network is needed) and load + use the default model from there."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-w", str(wheels), str(ROOT)], check=True, capture_output=True, text=True)
    (wheel,) = wheels.glob("conduct_nlp-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for file in ("conduct_vi.skops", "conduct_vi.manifest.json", "conduct_vi_fast.skops",
                 "conduct_vi_fast.manifest.json", "conduct_vi.predictor.npz", "conduct_vi_fast.predictor.npz"):
        assert f"conduct_nlp/default_model/{file}" in names

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", site,
                    str(wheel)], check=True, capture_output=True, text=True)
    # dependencies (scikit-learn, underthesea, ...) from this environment; a plain
    # path line, so this environment's own .pth files (the editable install) are not run
    Path(site, "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    code = ("import conduct_nlp, json; m = conduct_nlp.load(); "
            "p = m.classify('can bo mot cua huong dan tan tinh'); "
            "f = conduct_nlp.classify('can bo mot cua huong dan tan tinh', model='fast'); "
            "print(json.dumps({'file': conduct_nlp.__file__, 'model': str(conduct_nlp.default_model_path()), "
            "'fast': str(conduct_nlp.bundled_model_path('fast')), 'labels': list(p.labels), "
            "'fast_labels': list(f.labels), "
            "'predictor': type(conduct_nlp.load_predictor('fast')).__name__}))")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    out = subprocess.run([str(py), "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr
    info = json.loads(out.stdout.strip().splitlines()[-1])
    assert info["file"].startswith(site), info
    assert info["model"].startswith(site) and info["fast"].startswith(site), info
    assert "enthusiasm:compliance" in info["labels"] and "enthusiasm:compliance" in info["fast_labels"]
    assert info["predictor"] == "Predictor"
