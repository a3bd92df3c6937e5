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
        load(tmp_path / "nope.skops")
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


def test_every_known_format_version_has_a_loader():
    # Format 1 (joblib, 0.1) and 2 (skops); each later one must keep a loader here.
    assert sorted(persistence._LOADERS) == list(range(1, persistence.FORMAT_VERSION + 1))
    assert persistence.FORMAT_VERSION == 2


LEGACY = Path(__file__).parent / "data" / "legacy_v1"


def test_legacy_joblib_model_from_0_1_still_loads_with_a_warning(tmp_path):
    # model_0_1.joblib was written by conduct_nlp 0.1 (format 1, nested-pickle vocabulary)
    expected = json.loads((LEGACY / "expected.json").read_text("utf-8"))
    with pytest.warns(conduct_nlp.UnsafeFormatWarning, match="can run code"):
        model = load(LEGACY / "model_0_1.joblib")
    assert read_manifest(LEGACY / "model_0_1.joblib")["format_version"] == 1
    np.testing.assert_allclose(model.predict_proba(expected["texts"]), expected["proba"], atol=1e-6)
    # convert_model rewrites it in the safe format, metrics carried over, same predictions
    manifest = conduct_nlp.convert_model(LEGACY / "model_0_1.joblib", tmp_path / "m.skops")
    assert manifest["format_version"] == 2 and manifest["artifact"]["serialization"] == "skops"
    assert manifest["metrics"]["note"].startswith("written by conduct_nlp 0.1")
    with warnings.catch_warnings():
        warnings.simplefilter("error", conduct_nlp.UnsafeFormatWarning)
        converted = load(tmp_path / "m.skops")
    np.testing.assert_allclose(converted.predict_proba(expected["texts"]), expected["proba"], atol=1e-6)


def test_saving_to_joblib_writes_format_1_and_warns(small_model, tmp_path):
    with pytest.warns(conduct_nlp.UnsafeFormatWarning, match="runs code"):
        manifest = small_model.save(tmp_path / "old.joblib")
    assert manifest["format_version"] == 1 and manifest["artifact"]["serialization"] == "joblib"
    with pytest.warns(conduct_nlp.UnsafeFormatWarning):
        loaded = load(tmp_path / "old.joblib")
    np.testing.assert_array_equal(loaded.predict_proba(TEXTS), small_model.predict_proba(TEXTS))


class Payload:
    """A type no conduct_nlp model holds; building it would be the attacker's code running."""

    ran = False

    def __setstate__(self, state):
        Payload.ran = True


def _rewrite_manifest_to_match(path):
    man = persistence.manifest_path_for(path)
    data = json.loads(man.read_text("utf-8"))
    data["artifact"].update(sha256=persistence.sha256_file(path), size=path.stat().st_size)
    man.write_text(json.dumps(data), "utf-8")


def test_skops_file_with_a_foreign_type_is_refused_before_anything_is_built(small_model, tmp_path):
    # the attacker replaces the artifact AND rewrites the manifest to match it
    import skops.io as sio

    path = tmp_path / "m.skops"
    small_model.save(path)
    evil = __import__("copy").copy(small_model)
    evil.payload_ = Payload()
    with open(path, "wb") as f:
        sio.dump(evil, f)
    _rewrite_manifest_to_match(path)
    with pytest.raises(ModelIntegrityError, match=r"types this library never writes: .*Payload"):
        load(path)
    assert not Payload.ran
    proc_manifest = read_manifest(path)  # the manifest itself still reads: the refusal is about content
    assert proc_manifest["format_version"] == 2


def test_pickle_renamed_to_skops_is_refused(small_model, tmp_path):
    path = tmp_path / "m.skops"
    small_model.save(path)
    import joblib

    joblib.dump(small_model, path)
    _rewrite_manifest_to_match(path)
    with pytest.raises(ModelIntegrityError, match="cannot read .* as a skops file"):
        load(path)


def test_manifest_naming_an_artifact_outside_its_folder_is_refused(saved_model, tmp_path):
    path = _copy(saved_model, tmp_path)
    _edit_manifest(path, artifact={"file": "../elsewhere.skops", "sha256": "0" * 64, "size": 1})
    with pytest.raises(ModelIntegrityError, match="not a plain file name"):
        load(persistence.manifest_path_for(path))


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
    target = tmp_path / "m.skops"
    small_model.save(target)
    before = target.read_bytes()

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setitem(persistence._WRITERS, 2, boom)
    with pytest.raises(OSError, match="disk full"):
        small_model.save(target)
    assert target.read_bytes() == before  # the old model is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.manifest.json", "m.predictor.npz", "m.skops"]


def test_save_adds_extension(small_model, tmp_path):
    small_model.save(tmp_path / "model")
    assert (tmp_path / "model.skops").exists() and (tmp_path / "model.manifest.json").exists()


def test_unfitted_model_cannot_be_saved(tmp_path):
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        conduct_nlp.ConductClassifier(classifier="logreg", C=4.0, threshold=0.5, cv=5).save(tmp_path / "x.skops")


def test_load_without_default_model_says_so(monkeypatch, tmp_path):
    monkeypatch.setattr(persistence, "_bundled", {})
    monkeypatch.setitem(persistence.BUNDLED_MODELS, "default", "does-not-exist.skops")
    with pytest.raises(ModelNotFoundError, match="bundled model 'default' not found"):
        load()


def test_unknown_bundled_name_lists_the_valid_ones():
    with pytest.raises(ModelNotFoundError, match="unknown bundled model 'fastest'; valid names: default, fast"):
        load("fastest")


def test_vocabulary_is_stored_as_plain_bytes(small_model):
    # the vocabulary dict is saved as one bytes value (terms in index order), data and not code
    import pickle

    state = small_model.vectorizer_.__getstate__()
    assert "vocabulary_" not in state and "_vocabulary_pickle" not in state
    assert isinstance(state["_vocabulary_terms"], bytes)
    copy = pickle.loads(pickle.dumps(small_model.vectorizer_))
    assert copy.vocabulary_ == small_model.vectorizer_.vocabulary_
    assert copy.get_params().keys() == small_model.vectorizer_.get_params().keys()


def test_nested_pickle_vocabulary_is_refused_outside_the_joblib_loader(small_model):
    # a 0.1-style state smuggled into a skops file must not reach pickle.loads
    import pickle

    vec = small_model.vectorizer_
    state = vec.__getstate__()
    state["_vocabulary_pickle"] = pickle.dumps(dict(vec.vocabulary_))
    del state["_vocabulary_terms"]
    fresh = type(vec).__new__(type(vec))
    with pytest.raises(ValueError, match="nested pickle"):
        fresh.__setstate__(state)


def test_model_with_a_plain_tfidf_vectorizer_still_loads(small_model, tmp_path):
    # model files written before CompactTfidfVectorizer hold sklearn's own class
    from sklearn.base import clone
    from sklearn.feature_extraction.text import TfidfVectorizer

    old = clone(small_model)
    old.__dict__.update({k: v for k, v in small_model.__dict__.items() if k.endswith("_")})
    plain = TfidfVectorizer(**small_model.vectorizer_.get_params())
    plain.__dict__.update(small_model.vectorizer_.__dict__)
    old.vectorizer_ = plain
    path = tmp_path / "plain.skops"
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
    art = bad_dir / "small.skops"
    data = bytearray(art.read_bytes())
    data[100] ^= 0xFF
    art.write_bytes(bytes(data))
    proc = run_cli("info", "--model", art, check=False)
    assert proc.returncode == 2 and "does not match" in proc.stderr


def test_os_errors_are_one_line_messages(saved_model, tmp_path, run_cli):
    proc = run_cli("classify", "--allow-errors", tmp_path, "-o", tmp_path / "x.jsonl", "--model", saved_model,
                   "--format", "jsonl", check=False)
    assert proc.returncode == 2 and "is a folder" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("config", [
    {"classifier": "svm", "calibration_ensemble": True},
    {"classifier": "svm", "calibration_ensemble": False},
    {"classifier": "logreg"},
    {"classifier": "svm", "multilabel": False, "labels": ["negative", "positive"]},
    {"classifier": "logreg", "multilabel": False, "labels": ["negative", "positive"]},
])
def test_every_configuration_round_trips_through_the_allow_list(config, mini_rows, tmp_path):
    # TRUSTED_TYPES must cover every type any configuration stores: constant heads for a
    # label without positives, calibrated SVMs, logistic regressions, single-label models
    texts = [r["text"] for r in mini_rows]
    if config.get("multilabel", True):
        labels = [[c for c in r["labels"] if not c.startswith("courtesy:violation")] for r in mini_rows]
    else:
        labels = [["negative"] if any(c.endswith("violation") for c in r["labels"]) else ["positive"]
                  for r in mini_rows]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # rare labels in 40 comments
        model = conduct_nlp.ConductClassifier(min_df=1, threshold=0.5, cv=2, tokenizer="syllable",
                                              max_features=300, **config).fit(texts, labels)
    model.save(tmp_path / "m.skops")
    import skops.io as sio

    assert set(sio.get_untrusted_types(file=tmp_path / "m.skops")) <= set(conduct_nlp.TRUSTED_TYPES)
    with warnings.catch_warnings():
        warnings.simplefilter("error", conduct_nlp.UnsafeFormatWarning)
        loaded = load(tmp_path / "m.skops")
    np.testing.assert_array_equal(loaded.predict_proba(TEXTS), model.predict_proba(TEXTS))
