"""Bundled models by name: load("default"), load("fast"), --model fast, conduct-nlp models."""
import json

import numpy as np
import pytest

import conduct_nlp
from conduct_nlp import BUNDLED_MODELS, ModelNotFoundError


def test_names_and_default():
    assert set(BUNDLED_MODELS) == {"default", "fast"}
    assert conduct_nlp.load() is conduct_nlp.load("default")
    fast = conduct_nlp.load("fast")
    assert fast is not conduct_nlp.load() and fast.tokenizer in ("syllable", "underthesea-syllable")
    assert conduct_nlp.load().tokenizer == conduct_nlp.BUNDLED_PARAMS["tokenizer"]


def test_unknown_name_lists_valid_names():
    with pytest.raises(ModelNotFoundError, match="unknown bundled model 'quick'; valid names: default, fast"):
        conduct_nlp.load("quick")
    with pytest.raises(ModelNotFoundError, match="valid names"):
        conduct_nlp.classify("cán bộ hách dịch", model="quick")


def test_classify_with_a_named_model():
    p = conduct_nlp.classify("Cán bộ quát tháo, hách dịch với người dân", model="fast")
    assert "arrogance:violation" in p.labels
    assert conduct_nlp.classify(["a", "b"], model="fast")[1].text == "b"


def test_tokenizer_is_recorded_in_the_manifest_and_info(run_cli):
    for name in BUNDLED_MODELS:
        m = conduct_nlp.load(name)
        assert m.manifest_["tokenizer"]["name"] == m.tokenizer
        assert m.manifest_["estimator"] == "conduct_nlp.classifier.ConductClassifier"
    info = json.loads(run_cli("info", "--model", "fast").stdout)
    assert info["tokenizer"]["name"] == conduct_nlp.load("fast").tokenizer


def test_models_command_lists_both(run_cli):
    rows = json.loads(run_cli("models", "--json").stdout)
    assert [r["name"] for r in rows] == ["default", "fast"]
    for r in rows:
        assert r["size_mb"] > 0 and r["tokenizer"] and 0 < r["test_micro_f1"] <= 1
    text = run_cli("models").stdout
    assert "default" in text and "fast" in text and "tokenizer" in text


def test_classify_command_takes_a_name(run_cli, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("text\nCán bộ hách dịch\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    run_cli("classify", "--allow-errors", src, "-o", out, "--model", "fast", "-q")
    assert "arrogance:violation" in out.read_text(encoding="utf-8")
    bad = run_cli("classify", "--allow-errors", src, "-o", out, "--model", "quick", check=False)
    assert bad.returncode == 2 and "valid names: default, fast" in bad.stderr


def _out_of_scope(test_data):
    lines = (test_data / "out_of_scope.txt").read_text(encoding="utf-8").splitlines()
    return [ln for ln in lines if ln.strip() and not ln.startswith("# ")]


@pytest.mark.parametrize("name", ["default", "fast"])
def test_out_of_scope_inputs_get_no_label(name, test_data):
    texts = _out_of_scope(test_data)
    assert len(texts) >= 100
    preds = conduct_nlp.classify(texts, model=name)
    labelled = [(p.text, p.labels) for p in preds if p.labels]
    assert 1 - len(labelled) / len(texts) >= 0.95, labelled
    for text in ("chị", "cảm ơn", "ok"):
        assert conduct_nlp.classify(text, model=name).labels == ()


@pytest.mark.parametrize("name", ["default", "fast"])
def test_text_without_letters_gets_no_label_and_zero_scores(name):
    # annotation guide 4.13: emoji, emoticons, digits or punctuation alone carry no conduct content
    # (":)" and "🙂" alone scored enthusiasm:violation before the rule: sarcastic comments end with them)
    bare = [":)", "🙂", "=))", "👍👍", "😡😡😡", "...", "???", "12/3", "🙏 🙏"]
    for model in (conduct_nlp.load(name), conduct_nlp.load_predictor(name)):
        assert np.all(model.predict_proba(bare) == 0.0)
        assert [p.labels for p in model.classify(bare)] == [()] * len(bare)
        # the same symbols beside words change nothing: the words are read as before
        assert "arrogance:violation" in model.classify("cán bộ hách dịch :)").labels
