"""The inference-only predictor (conduct_nlp.compiled): same outputs as the full model, no scikit-learn."""

from __future__ import annotations

import io
import json
import pickle
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

import conduct_nlp
from conduct_nlp import InvalidInputError, ModelIntegrityError, Predictor, load_predictor
from conduct_nlp.analysis import Document
from conduct_nlp.compiled import export_predictor, read_predictor, unsupported_reason, write_predictor
from conduct_nlp.persistence import predictor_path_for, predictor_pin

ROOT = Path(__file__).resolve().parent.parent
ODD = ["", " ", "\n\t", "???", "!!!", "😀😀", ":))", "ko", "k", "1", "0912 345 678", "http://dichvucong.gov.vn/x",
       "a@b.vn", "KHÔNG HỀ HÁCH DỊCH", "không hề hách dịch, nhưng chậm", "chua bao gio tre hen", "x" * 10_001,
       "lone \ud800 surrogate", "cán   bộ\u200b tận   tình", "Cán bộ rất nhiệt tình!!! 👍", "ngành, nghành, hoà, thuỷ"]


def corpus_texts(n: int = 2000) -> list[str]:
    rows = [json.loads(line)["text"] for line in (ROOT / "datasets" / "conduct_vi" / "train.jsonl").open(encoding="utf-8")
            if line.strip()]
    texts = rows[:n - len(ODD) - 100]
    return texts + [conduct_nlp.strip_accents(t) for t in texts[:100]] + ODD


def compiled_copy(model) -> Predictor:
    buf = io.BytesIO()
    write_predictor(export_predictor(model), buf)
    return read_predictor(buf.getvalue())


def assert_same_outputs(model, predictor, texts) -> None:
    """Probabilities on every text; labels, errors and texts of ``classify`` on a sample (and the odd inputs)."""
    assert np.allclose(predictor.predict_proba(texts), model.predict_proba(texts), atol=1e-6, rtol=0)
    some = texts[:200] + ODD
    assert (predictor.predict(some) == model.predict(some)).all()
    a, b = predictor.classify(some), model.classify(some)
    assert [p.labels for p in a] == [p.labels for p in b]
    assert [p.error for p in a] == [p.error for p in b]
    assert [p.text for p in a] == [p.text for p in b]
    assert list(predictor.classes_) == list(model.classes_)


@pytest.fixture(scope="module")
def texts():
    return corpus_texts()


CONFIGS = [
    {"classifier": "svm", "calibration_ensemble": True, "tokenizer": "syllable", "threshold": 0.3},
    {"classifier": "svm", "tokenizer": "underthesea-syllable", "negation": False, "length_feature": False},
    {"classifier": "logreg", "C": 4.0, "tokenizer": "underthesea", "sublinear_tf": False, "threshold": 0.4},
    {"classifier": "svm", "tokenizer": "syllable", "word_ngram_range": None, "syllable_ngram_range": (1, 4)},
    {"classifier": "svm", "tokenizer": "syllable", "negation": True},  # the v1 negators of 0.1 models
    {"classifier": "svm", "tokenizer": "underthesea", "clause_weight": 0.3},  # clause scoring
    {"classifier": "logreg", "tokenizer": "syllable", "clause_weight": 1.0},
]


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: f"{c['classifier']}-{c['tokenizer']}")
def test_predictor_equals_a_small_fitted_model(config, mini_rows, texts):
    model = conduct_nlp.ConductClassifier(min_df=1, **config).fit(
        [r["text"] for r in mini_rows], [r["labels"] for r in mini_rows])
    assert unsupported_reason(model) is None
    # word segmentation is slow: fewer texts for the underthesea tokenizers
    assert_same_outputs(model, compiled_copy(model), texts if config["tokenizer"] == "syllable" else texts[-600:])


def test_predictor_equals_the_test_fixture_model(small_model, texts):
    predictor = compiled_copy(small_model)
    assert_same_outputs(small_model, predictor, texts[-600:])
    t = {"arrogance:violation": 0.2}
    assert [p.labels for p in predictor.classify(texts[:50], threshold=t)] == \
        [p.labels for p in small_model.classify(texts[:50], threshold=t)]


@pytest.mark.parametrize("name", ["fast", "default"])
def test_bundled_predictors_equal_their_models(name, texts):
    predictor = load_predictor(name)
    assert isinstance(predictor, Predictor), f"the bundled {name!r} model has no predictor file"
    assert predictor is load_predictor(name)  # cached per process
    assert_same_outputs(conduct_nlp.load(name), predictor, texts)


def test_a_token_holding_a_space_is_looked_up_as_a_string(small_model):
    # no shipped tokenizer makes one, but the predictor must still count it as the vectorizer does
    predictor = compiled_copy(small_model)
    doc = Document(("cán bộ", "hách", "dịch"), ("can", "bo", "hach", "dich"), "can bo hach dich")
    rows, cols = predictor._features([doc])
    expected = small_model.vectorizer_.transform([doc]).tocsr()
    got = np.bincount(cols, minlength=expected.shape[1])
    assert (np.flatnonzero(got) == expected.indices).all()


def test_same_validation_errors_as_the_full_model(small_model):
    predictor = compiled_copy(small_model)
    for bad in (None, 3, b"bytes", {"a": 1}):
        with pytest.raises(InvalidInputError):
            predictor.classify(bad)
    with pytest.raises(InvalidInputError, match=r"X\[1\]"):
        predictor.predict_proba(["ok", 2])
    items = [None, 7, "", "x" * 20_000, "cán bộ hách dịch"]
    assert predictor.classify_batch(items) == small_model.classify_batch(items)
    assert list(predictor.classify_iter(iter(items), batch_size=2)) == list(small_model.classify_iter(items))
    assert predictor.classify([]) == [] and predictor.predict_proba([]).shape == (0, len(small_model.classes_))
    for unknown in (["qwxz"], ["qwxz", "vvv jjj"], ["qwxz", ""]):  # no known feature in the whole batch
        assert predictor.classify(unknown) == small_model.classify(unknown)


def test_import_and_fast_predictor_do_not_import_scikit_learn():
    code = ("import sys, conduct_nlp\n"
            "heavy = ('sklearn', 'scipy.stats', 'pandas', 'skops', 'joblib')\n"
            "assert not [m for m in heavy if m in sys.modules], [m for m in heavy if m in sys.modules]\n"
            "p = conduct_nlp.load_predictor('fast')\n"
            "assert type(p).__name__ == 'Predictor', type(p)\n"
            "print(p.classify('cán bộ hướng dẫn tận tình').labels)\n"
            "print(conduct_nlp.classify('cán bộ hướng dẫn tận tình', model='fast').labels)\n"
            "print(sorted(m for m in heavy + ('scipy', 'underthesea') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "[]", out


def test_lazy_public_names_still_work():
    for name in conduct_nlp.__all__:
        assert getattr(conduct_nlp, name) is not None
    assert "ConductClassifier" in dir(conduct_nlp)
    with pytest.raises(AttributeError):
        conduct_nlp.no_such_name  # noqa: B018
    from conduct_nlp import ConductClassifier, summarize  # noqa: F401


@pytest.fixture()
def model_copy(saved_model, tmp_path):
    for f in saved_model.parent.iterdir():
        shutil.copy(f, tmp_path / f.name)
    return tmp_path / saved_model.name


def test_save_writes_a_verified_data_only_predictor(model_copy, small_model):
    entry = conduct_nlp.read_manifest(model_copy)["predictor"]
    npz = predictor_path_for(model_copy)
    assert entry["file"] == npz.name and entry["size"] == npz.stat().st_size
    with np.load(npz, allow_pickle=False) as arrays:
        assert all(arrays[k].dtype != object for k in arrays.files)
    predictor = load_predictor(model_copy)
    assert isinstance(predictor, Predictor) and predictor.manifest_["predictor"] == entry
    assert pickle.loads(pickle.dumps(predictor)).classify("cán bộ hách dịch") == predictor.classify("cán bộ hách dịch")


def test_tampered_or_missing_predictor_is_refused(model_copy):
    npz = predictor_path_for(model_copy)
    data = bytearray(npz.read_bytes())
    data[len(data) // 2] ^= 0xFF
    npz.write_bytes(bytes(data))
    with pytest.raises(ModelIntegrityError, match="predictor"):
        load_predictor(model_copy)
    npz.unlink()
    with pytest.raises(ModelIntegrityError, match="missing"):
        load_predictor(model_copy)


def test_sha256_pins(model_copy):
    manifest = conduct_nlp.read_manifest(model_copy)
    assert predictor_pin(model_copy) == manifest["predictor"]["sha256"]
    assert isinstance(load_predictor(model_copy, sha256=manifest["predictor"]["sha256"].upper()), Predictor)
    # a pin of the artifact vouches for the artifact only: the full model, verified
    full = load_predictor(model_copy, sha256=manifest["artifact"]["sha256"])
    assert isinstance(full, conduct_nlp.ConductClassifier)
    with pytest.raises(ModelIntegrityError):
        load_predictor(model_copy, sha256="0" * 64)


@pytest.mark.parametrize("config", [{"char_ngram_range": (2, 4)}, {"multilabel": False}])
def test_unsupported_configuration_falls_back_to_the_full_model(config, mini_rows, tmp_path):
    rows = mini_rows if config.get("multilabel", True) else [r for r in mini_rows if len(r["labels"]) == 1]
    labels = [r["labels"] for r in rows]
    codes = sorted({c for ls in labels for c in ls})
    model = conduct_nlp.ConductClassifier(min_df=1, classifier="logreg", threshold=0.5, labels=codes, **config).fit(
        [r["text"] for r in rows], labels)
    assert unsupported_reason(model)
    with pytest.raises(ValueError, match="no predictor"):
        export_predictor(model)
    path = tmp_path / "m.skops"
    stale = predictor_path_for(path)
    stale.write_bytes(b"old")
    manifest = model.save(path)
    assert manifest["predictor"]["file"] is None and manifest["predictor"]["unsupported"]
    assert not stale.exists()
    loaded = load_predictor(path)
    assert isinstance(loaded, conduct_nlp.ConductClassifier)
    assert conduct_nlp.classify("cán bộ hách dịch", model=str(path)) == loaded.classify("cán bộ hách dịch")


def test_threads_share_one_predictor(small_model, texts):
    predictor = compiled_copy(small_model)
    expected = predictor.classify(texts[:200])
    results: dict[int, list] = {}

    def work(i: int) -> None:
        results[i] = predictor.classify(texts[:200])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[i] == expected for i in range(6))


def test_concurrent_first_loads_give_one_cached_predictor(model_copy, monkeypatch):
    from conduct_nlp import persistence

    monkeypatch.setattr(persistence, "_predictors", {})
    got: list = []
    threads = [threading.Thread(target=lambda: got.append(persistence.cached_predictor(
        model_copy, predictor_pin(model_copy)))) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 6 and all(g is got[0] for g in got)
