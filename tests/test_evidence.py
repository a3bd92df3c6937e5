"""Readable evidence: merged accent twins, filler left out, spans in the original text, below-threshold labels."""
from __future__ import annotations

import pytest

from conduct_nlp import strip_accents
from conduct_nlp.evidence import STOP_WORDS, Evidence, EvidenceFinder, Explanation, is_filler, readable_feature


def _plain(s: str) -> str:
    return " ".join(strip_accents(s.lower()).split())


def test_explain_merges_a_word_and_its_accent_stripped_twin(small_model):
    text = "Ông cán bộ hách dịch, quát tháo"
    ex = small_model.explain(text, top=50)
    raw = dict(small_model.explain(text, top=10_000, raw=True)["arrogance:violation"])
    phrases = dict(ex["arrogance:violation"])
    assert "hách dịch" in phrases and "quát tháo" in phrases
    assert not any("no accents" in p or p.startswith("not: ") for lst in ex.values() for p, _ in lst)
    # one phrase per stretch of text: neither "hach dich" nor "hách" shows up beside "hách dịch"
    assert len({_plain(p) for p in phrases}) == len(phrases)
    assert not {"hách", "dịch", "quát", "tháo"} & set(phrases)
    hd = next(e for e in small_model.evidence(text, top=50)["arrogance:violation"] if e.phrase == "hách dịch")
    assert {"w:hách_dịch", "s:hach dich", "s:hach", "s:dich"} <= set(hd.features)
    assert all(readable_feature(f) in raw for f in hd.features)  # all pushed up: the raw list has them all
    assert hd.weight == pytest.approx(sum(raw[readable_feature(f)] for f in hd.features), abs=5e-4)
    assert raw["hách dịch"] > 0 and raw["hach dich (no accents)"] > 0


def test_evidence_spans_point_into_the_original_text(small_model):
    text = "Ông CÁN BỘ  Hách Dịch, quát   tháo 😡"
    ev = small_model.evidence(text, top=50)
    items = ev["arrogance:violation"]
    assert items and all(isinstance(e, Evidence) for e in items)
    for e in items:
        assert e.spans, e
        for a, b in e.spans:
            assert _plain(text[a:b]) == _plain(e.phrase)
    hd = next(e for e in items if _plain(e.phrase) == "hach dich")
    assert hd.phrase == "Hách Dịch"  # written as in the comment, accents and case kept
    assert hd.spans == ((text.index("Hách"), text.index(",")),)
    assert {"w:hách_dịch", "s:hach dich"} <= set(hd.features)
    assert small_model.explain(text, spans=True) == small_model.evidence(text)


def test_filler_is_not_shown_and_weights_are_not_moved():
    text = "Rồi chị ở quầy 3 quát tháo!!! gọi 0912345678 hoài"
    finder = EvidenceFinder(text)
    contributions = [("w:rồi", 0.9), ("s:roi", 0.8), ("w:3", 0.7), ("s:3", 0.6), ("w:chị ở", 0.5),
                     ("s:phonetoken", 0.5), ("w:gọi phonetoken", 0.4), ("w:!", 0.3),
                     ("w:quát_tháo", 0.2), ("s:quat thao", 0.1), ("s:quay 3", 0.05), ("n:6-9", 2.0),
                     ("c: qu", 1.0), ("w:hoài", -0.3)]
    alone = finder.phrases(contributions, merge_nested=False)
    assert [(e.phrase, e.weight) for e in alone] == [("quát tháo", 0.3), ("quầy 3", 0.05)]
    assert alone[0].spans == ((text.index("quát"), text.index("!!!")),)
    # nested: "3" is not shown on its own, but it is part of the stretch "quầy 3"
    shown = finder.phrases(contributions)
    assert [(e.phrase, e.weight) for e in shown] == [("quầy 3", 1.35), ("quát tháo", 0.3)]
    assert set(shown[0].features) == {"s:quay 3", "w:3", "s:3"}
    assert finder.phrases(contributions, top=1) == shown[:1]
    assert all(is_filler(w) for w in ("rồi", "roi", "3", "12.500", "!", "phonetoken", "chị"))
    assert not any(is_filler(w) for w in ("quát", "không", "chậm", "hướng"))
    assert "không" not in STOP_WORDS and "chưa" not in STOP_WORDS  # negators carry meaning


def test_negated_ngrams_read_with_their_negator_and_merge():
    text = "Cán bộ không hướng dẫn gì, hướng dẫn thì sai"
    finder = EvidenceFinder(text)
    shown = finder.phrases([("w:neg_hướng_dẫn", 0.5), ("s:neg_huong neg_dan", 0.3),
                            ("w:không neg_hướng_dẫn", 0.2), ("w:hướng_dẫn", 0.1)])
    neg = shown[0]
    assert (neg.phrase, neg.weight, neg.negated) == ("không hướng dẫn", 1.0, True)
    assert neg.spans == ((text.index("không"), text.index(" gì")),)
    plain = shown[1]
    assert (plain.phrase, plain.negated) == ("hướng dẫn", False)
    assert plain.spans == ((text.index("hướng dẫn thì"), text.index(" thì")),)  # not the negated one


def test_teencode_and_unaccented_text_map_to_their_tokens():
    text = "nv ko huong dan"
    shown = EvidenceFinder(text).phrases([("s:nhan vien", 0.4), ("w:không", 0.3), ("s:huong dan", 0.2),
                                          ("s:nhan", 0.05)])
    got = {e.phrase: (e.spans, e.weight) for e in shown}
    # "nv" expands to two syllables: every n-gram inside it is the one phrase "nv"
    assert got == {"nv": (((0, 2),), 0.45), "ko": (((3, 5),), 0.3), "huong dan": (((6, 15),), 0.2)}


def test_explain_with_no_predicted_label_explains_the_top_scoring_ones(small_model):
    text = "tôi đến nộp hồ sơ"
    assert small_model.classify(text).labels == ()
    ex = small_model.explain(text)
    assert isinstance(ex, Explanation) and isinstance(ex, dict)
    assert ex.predicted == () and len(ex) == 2 and ex.below_threshold == tuple(ex)
    thresholds = dict(zip(small_model.classes_, small_model.thresholds_))
    scores = small_model.classify(text).scores
    top2 = sorted(scores, key=lambda c: -scores[c])[:2]
    assert list(ex) == top2
    assert all(0 < ex.scores[c] < thresholds[c] for c in ex)
    assert any(ex.values())
    assert small_model.explain(text, fallback=0) == {}
    # labels that are predicted are not flagged
    text2 = "Cán bộ một cửa hách dịch, quát tháo người dân."
    ex2 = small_model.explain(text2)
    assert ex2.below_threshold == () and set(ex2) == set(ex2.predicted) != set()


def test_explain_keeps_the_old_raw_form_and_validates(small_model):
    text = "Ông cán bộ hách dịch, quát tháo"
    raw = small_model.explain(text, top=40, raw=True)["arrogance:violation"]
    assert any(f.endswith("(no accents)") for f, _ in raw)
    assert all(isinstance(f, str) and w > 0 for f, w in raw)
    assert small_model.explain("", labels=["arrogance:violation"]) == {"arrogance:violation": []}
    with pytest.raises(ValueError):
        small_model.explain(text, top=0)
    with pytest.raises(ValueError):
        small_model.explain(text, fallback=-1)


def test_readme_explain_examples_show_real_output(repo_root):
    """The README's explain examples are what the bundled model returns."""
    import ast
    import re

    import conduct_nlp

    readme = (repo_root / "README.md").read_text("utf-8")
    model = conduct_nlp.load()
    m = re.search(r'model\.explain\("([^"]+)", top=(\d+)\)[^\n]*\n# (\{.*\})\n', readme)
    assert m, "the explain example of the Python API section"
    assert dict(model.explain(m.group(1), top=int(m.group(2)))) == ast.literal_eval(m.group(3))
    m = re.search(r'ex = model\.explain\("([^"]+)", top=(\d+)\)\nex +# (\{[^}]*\})\n'
                  r'ex\.predicted, ex\.below_threshold +# (\(.*\))\n', readme)
    assert m, "the below-threshold example"
    ex = model.explain(m.group(1), top=int(m.group(2)))
    shown = re.sub(r"\s*\n\s*#\s*", " ", m.group(3))
    assert dict(ex) == ast.literal_eval(shown)
    assert (ex.predicted, ex.below_threshold) == ast.literal_eval(m.group(4))


def test_readable_feature_names_negated_and_requested_phrases():
    assert readable_feature("w:neg_hách_dịch") == "not: hách dịch"
    assert readable_feature("w:req_nhiệt_tình hơn") == "request: nhiệt tình hơn"
    assert readable_feature("s:hach dich") == "hach dich (no accents)"
