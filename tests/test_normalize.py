import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conduct_nlp import normalize_text, strip_accents
from conduct_nlp.normalize import has_diacritics, load_abbreviations


def test_nfc_and_lowercase():
    decomposed = unicodedata.normalize("NFD", "CÁN BỘ Hách Dịch")
    out = normalize_text(decomposed)
    assert out == "cán bộ hách dịch"
    assert unicodedata.is_normalized("NFC", out)


@pytest.mark.parametrize("old,new", [("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("Hoà đồng", "hòa đồng")])
def test_old_tone_placement_unified(old, new):
    assert normalize_text(old) == new


def test_placeholders_for_urls_emails_phones():
    out = normalize_text("Xem https://dichvucong.gov.vn/p/123 hoặc gọi 0912 345 678, mail a.b@gmail.com")
    assert "urltoken" in out and "phonetoken" in out and "emailtoken" in out
    assert "0912" not in out and "gmail" not in out and "dichvucong" not in out
    assert normalize_text("hotline 1900 1234 56") == "hotline phonetoken"


def test_repeated_letters_and_punctuation_squeezed():
    assert normalize_text("quáaaaa tệ!!!!!") == "quá tệ!"
    assert normalize_text("nhiệt tìnhhhh ơiiii???") == "nhiệt tình ơi?"
    assert normalize_text("xoong") == "xoong"  # two letters are real spelling


def test_emoji_kept_as_separate_tokens():
    out = normalize_text("tệ quá😡😡ko chịu nổi")
    assert out.split() == ["tệ", "quá", "😡", "😡", "không", "chịu", "nổi"]


def test_emoticons_become_emoji():
    assert normalize_text("cảm ơn chị :)") == "cảm ơn chị 🙂"
    assert normalize_text("chán :(") == "chán 🙁"
    assert normalize_text("<3") == "❤"


@pytest.mark.parametrize("raw,expected", [
    ("cb ko nhiệt tình", "cán bộ không nhiệt tình"),
    ("nv đc việc", "nhân viên được việc"),
    ("hỏi j cũng ko bt", "hỏi gì cũng không bt"),
    ("trả kq hs đúng hẹn, tks", "trả kết quả hồ sơ đúng hẹn, cảm ơn"),
    ("k có ai ở quầy", "không có ai ở quầy"),
])
def test_abbreviations_expanded(raw, expected):
    assert normalize_text(raw) == expected


def test_amounts_like_50k_are_not_expanded():
    assert normalize_text("đòi 50k") == "đòi 50k"


def test_every_abbreviation_in_the_data_file_expands():
    table = load_abbreviations()
    assert len(table) > 40
    for short, full in table.items():
        assert normalize_text(f"x {short} y") == f"x {normalize_text(full)} y", short


def test_strip_accents():
    assert strip_accents("Cán bộ hách dịch, đúng hẹn") == "Can bo hach dich, dung hen"
    assert not has_diacritics("can bo hach dich") and has_diacritics("cán bộ")


def test_non_string_is_rejected_with_type_error():
    with pytest.raises(TypeError, match="str"):
        normalize_text(None)


def test_blank_text():
    assert normalize_text("") == "" and normalize_text("   \n\t ") == ""


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_never_crashes_and_is_idempotent(s):
    once = normalize_text(s)
    assert isinstance(once, str)
    assert normalize_text(once) == once


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="aăâeêioôơuưyđáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệ kocbnvđj😡:)!?.,0123456789", max_size=80))
def test_normalize_idempotent_on_vietnamese_like_text(s):
    once = normalize_text(s)
    assert normalize_text(once) == once
