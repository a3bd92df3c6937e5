import json
from pathlib import Path
import warnings

import numpy as np
import pytest

import conduct_nlp
from conduct_nlp import (IncompatibleModelError, ModelIntegrityError, ModelNotFoundError,
                         ModelVersionWarning, load, read_manifest)
from conduct_nlp import persistence

TEXTS = ["Cán bộ hách dịch, quát tháo", "chị rất nhiệt tình", "trễ hẹn mãi", "", "can bo doi tien"]


def test_round_trip_gives_identical_predictions(small_model, saved_model):
    loaded = load(saved_model)
    np.testing.assert_array_equal(loaded.predict_proba(TEXTS), small_model.predict_proba(TEXTS))
    assert [p.labels for p in loaded.classify(TEXTS)] == [p.labels for p in small_model.classify(TEXTS)]
    assert loaded.get_params() == small_model.get_params()


def test_manifest_contents(saved_model, small_model):
    m = read_manifest(saved_model)
    assert m["format"] == "conduct_nlp.model" and m["format_version"] == persistence.FORMAT_VERSION
    assert m["labels"] == list(conduct_nlp.LABELS)
    assert set(m["versions"]) >= {"conduct_nlp", "scikit-learn", "underthesea", "numpy"}
    assert m["versions"]["conduct_nlp"] == conduct_nlp.__version__
    assert len(m["artifact"]["sha256"]) == 64 and m["artifact"]["size"] == saved_model.stat().st_size
    assert m["training_data"]["n_comments"] == small_model.training_data_["n_comments"]
    assert len(m["training_data"]["sha256"]) == 64
    assert m["metrics"] == {"note": "test fixture"}
    assert m["thresholds"]["arrogance:violation"] == 0.5
    assert m["created"]
    # the manifest can also be named directly, or the folder
    assert read_manifest(persistence.manifest_path_for(saved_model)) == m
    assert read_manifest(saved_model.parent) == m


def _copy(saved_model, tmp_path):
    dst = tmp_path / saved_model.name
    dst.write_bytes(saved_model.read_bytes())
    man = persistence.manifest_path_for(saved_model)
    persistence.manifest_path_for(dst).write_bytes(man.read_bytes())
    return dst


def test_tampered_file_is_refused(saved_model, tmp_path):
    path = _copy(saved_model, tmp_path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelIntegrityError, match="SHA-256"):
        load(path)


def test_truncated_file_is_refused(saved_model, tmp_path):
    path = _copy(saved_model, tmp_path)
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(ModelIntegrityError, match="truncated"):
        load(path)


def test_missing_manifest_is_refused(saved_model, tmp_path):
    path = _copy(saved_model, tmp_path)
    persistence.manifest_path_for(path).unlink()
    with pytest.raises(ModelIntegrityError, match="no manifest"):
        load(path)


def test_missing_file(tmp_path):
    with pytest.raises(ModelNotFoundError) as e:
        load(tmp_path / "nope.joblib")
    assert isinstance(e.value, FileNotFoundError)


def _edit_manifest(path, **changes):
    man = persistence.manifest_path_for(path)
    data = json.loads(man.read_text("utf-8"))
    for k, v in changes.items():
        if isinstance(v, dict):
            data[k].update(v)
        else:
            data[k] = v
    man.write_text(json.dumps(data), "utf-8")


def test_future_format_version_is_refused(saved_model, tmp_path):
    path = _copy(saved_model, tmp_path)
    _edit_manifest(path, format_version=persistence.FORMAT_VERSION + 1)
    with pytest.raises(IncompatibleModelError, match="newer"):
        load(path)


def test_every_known_format_version_has_a_loader(saved_model, tmp_path):
    # Format 1 is the only format so far; each later one must keep a loader here.
    assert sorted(persistence._LOADERS) == list(range(1, persistence.FORMAT_VERSION + 1))
    path = _copy(saved_model, tmp_path)
    _edit_manifest(path, format_version=1)
    assert load(path).predict(["x"]).shape == (1, 12)


def test_other_sklearn_version_warns_with_both_versions(saved_model, tmp_path):
    path = _copy(saved_model, tmp_path)
    _edit_manifest(path, versions={"scikit-learn": "0.0.1"})
    with pytest.warns(ModelVersionWarning, match=r"scikit-learn 0\.0\.1.*installed"):
        load(path)


def test_same_versions_do_not_warn(saved_model):
    with warnings.catch_warnings():
        warnings.simplefilter("error", ModelVersionWarning)
        load(saved_model)


def test_not_a_manifest_is_refused(saved_model, tmp_path):
    path = _copy(saved_model, tmp_path)
    persistence.manifest_path_for(path).write_text("{not json", "utf-8")
    with pytest.raises(ModelIntegrityError, match="manifest"):
        load(path)


def test_save_is_atomic_and_leaves_no_temp_files(small_model, tmp_path, monkeypatch):
    target = tmp_path / "m.joblib"
    small_model.save(target)
    before = target.read_bytes()

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(persistence.joblib, "dump", boom)
    with pytest.raises(OSError, match="disk full"):
        small_model.save(target)
    assert target.read_bytes() == before  # the old model is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.joblib", "m.manifest.json"]


def test_save_adds_extension(small_model, tmp_path):
    small_model.save(tmp_path / "model")
    assert (tmp_path / "model.joblib").exists() and (tmp_path / "model.manifest.json").exists()


def test_unfitted_model_cannot_be_saved(tmp_path):
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        conduct_nlp.ConductClassifier(classifier="logreg", C=4.0, threshold=0.5, cv=5).save(tmp_path / "x.joblib")


def test_load_without_default_model_says_so(monkeypatch, tmp_path):
    monkeypatch.setattr(persistence, "_bundled", {})
    monkeypatch.setitem(persistence.BUNDLED_MODELS, "default", "does-not-exist.joblib")
    with pytest.raises(ModelNotFoundError, match="bundled model 'default' not found"):
        load()


def test_unknown_bundled_name_lists_the_valid_ones():
    with pytest.raises(ModelNotFoundError, match="unknown bundled model 'fastest'; valid names: default, fast"):
        load("fastest")


def test_vocabulary_is_stored_as_one_nested_pickle(small_model):
    # joblib's pure-Python unpickler is slow on a large dict; the vectorizer stores it as bytes
    import pickle

    state = small_model.vectorizer_.__getstate__()
    assert "vocabulary_" not in state and isinstance(state["_vocabulary_pickle"], bytes)
    copy = pickle.loads(pickle.dumps(small_model.vectorizer_))
    assert copy.vocabulary_ == small_model.vectorizer_.vocabulary_
    assert copy.get_params().keys() == small_model.vectorizer_.get_params().keys()


def test_model_with_a_plain_tfidf_vectorizer_still_loads(small_model, tmp_path):
    # model files written before CompactTfidfVectorizer hold sklearn's own class
    from sklearn.base import clone
    from sklearn.feature_extraction.text import TfidfVectorizer

    old = clone(small_model)
    old.__dict__.update({k: v for k, v in small_model.__dict__.items() if k.endswith("_")})
    plain = TfidfVectorizer(**small_model.vectorizer_.get_params())
    plain.__dict__.update(small_model.vectorizer_.__dict__)
    old.vectorizer_ = plain
    path = tmp_path / "plain.joblib"
    old.save(path)
    loaded = load(path)
    assert type(loaded.vectorizer_) is TfidfVectorizer
    np.testing.assert_array_equal(loaded.predict_proba(TEXTS), small_model.predict_proba(TEXTS))


def test_sha256_pin_and_info_verifies(saved_model, tmp_path, run_cli):
    import shutil

    good = conduct_nlp.read_manifest(saved_model)["artifact"]["sha256"]
    assert load(saved_model, sha256=good).manifest_["artifact"]["sha256"] == good
    with pytest.raises(conduct_nlp.ModelIntegrityError, match="was pinned"):
        load(saved_model, sha256="0" * 64)
    bundled = conduct_nlp.read_manifest(conduct_nlp.default_model_path())["artifact"]["sha256"]
    assert load("default", sha256=bundled) is load()
    with pytest.raises(conduct_nlp.ModelIntegrityError, match="was pinned"):
        load("default", sha256="0" * 64)
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    for f in Path(saved_model).parent.glob("small.*"):
        shutil.copy(f, bad_dir / f.name)
    art = bad_dir / "small.joblib"
    data = bytearray(art.read_bytes())
    data[100] ^= 0xFF
    art.write_bytes(bytes(data))
    proc = run_cli("info", "--model", art, check=False)
    assert proc.returncode == 2 and "does not match" in proc.stderr


def test_os_errors_are_one_line_messages(saved_model, tmp_path, run_cli):
    proc = run_cli("classify", "--allow-errors", tmp_path, "-o", tmp_path / "x.jsonl", "--model", saved_model,
                   "--format", "jsonl", check=False)
    assert proc.returncode == 2 and "is a folder" in proc.stderr and "Traceback" not in proc.stderr
