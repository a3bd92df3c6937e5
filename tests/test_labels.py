import numpy as np
import pytest

import conduct_nlp
from conduct_nlp import LABEL_NAMES, LABELS, NORMS, InvalidLabelError, label_name
from conduct_nlp.labels import from_indicator, to_indicator


def test_twelve_labels_in_fixed_order():
    assert LABELS == (
        "harassment:violation", "harassment:compliance",
        "indifference:violation", "indifference:compliance",
        "arrogance:violation", "arrogance:compliance",
        "enthusiasm:violation", "enthusiasm:compliance",
        "accuracy:violation", "accuracy:compliance",
        "courtesy:violation", "courtesy:compliance",
    )


def test_norms_have_groups_and_names():
    assert [n.code for n in NORMS] == ["harassment", "indifference", "arrogance",
                                       "enthusiasm", "accuracy", "courtesy"]
    assert [n.group for n in NORMS] == ["3 không"] * 3 + ["3 phải"] * 3
    assert all(n.name_vi and n.name_en for n in NORMS)
    assert "hách dịch" in NORMS[2].name_vi


def test_every_label_has_vietnamese_and_english_names():
    assert set(LABEL_NAMES) == set(LABELS)
    for code in LABELS:
        assert label_name(code, "vi") and label_name(code, "en")
    assert label_name("arrogance:violation", "en").startswith("arrogance")


def test_unknown_label_names_valid_ones():
    with pytest.raises(InvalidLabelError) as e:
        label_name("rudeness:violation")
    assert isinstance(e.value, ValueError)
    assert "rudeness:violation" in str(e.value) and "courtesy:violation" in str(e.value)


def test_indicator_round_trip():
    rows = [["arrogance:violation", "accuracy:compliance"], [], ["courtesy:compliance"]]
    Y = to_indicator(rows)
    assert Y.shape == (3, 12) and Y.sum() == 3
    assert from_indicator(Y) == rows
    with pytest.raises(InvalidLabelError):
        to_indicator([["nope"]])


def test_public_api_is_exported():
    for name in conduct_nlp.__all__:
        assert hasattr(conduct_nlp, name), name
    assert isinstance(conduct_nlp.__version__, str)
    assert np.issubdtype(to_indicator([[]]).dtype, np.integer)
