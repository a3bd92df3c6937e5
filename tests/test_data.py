import json

import pytest

from conduct_nlp import DataValidationError, check_files, dataset_stats, read_labelled
from conduct_nlp.data import near_duplicates


def write(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def rec(i, text, labels):
    return json.dumps({"id": i, "text": text, "labels": labels, "source": "kiosk"}, ensure_ascii=False)


def test_read_jsonl_keeps_extra_fields(tmp_path):
    p = write(tmp_path / "a.jsonl", [rec("1", "Cán bộ hách dịch", ["arrogance:violation"]),
                                     rec("2", "Ghế hỏng", [])])
    data = read_labelled(p)
    assert data.texts == ["Cán bộ hách dịch", "Ghế hỏng"]
    assert data.labels == [["arrogance:violation"], []]
    assert data.records[0]["source"] == "kiosk"
    assert data.files[0]["rows"] == 2 and len(data.files[0]["sha256"]) == 64


def test_read_csv_with_bom_and_semicolon_labels(tmp_path):
    p = tmp_path / "a.csv"
    p.write_bytes("\ufeffid,text,labels\n1,Trả đúng hẹn,accuracy:compliance\n"
                  "2,\"Nhanh, nhưng hách dịch\",accuracy:compliance;arrogance:violation\n3,Ghế hỏng,\n"
                  .encode("utf-8"))
    data = read_labelled(p)
    assert data.labels == [["accuracy:compliance"], ["accuracy:compliance", "arrogance:violation"], []]
    assert data.ids == ["1", "2", "3"]


@pytest.mark.parametrize("line,message", [
    (rec("1", "abc", ["rude:violation"]), "unknown label code"),
    (rec("1", "   ", []), "empty text"),
    (json.dumps({"id": "1", "labels": []}), "'text' is missing"),
    (json.dumps({"id": "1", "text": "abc"}), "no 'labels'"),
    (json.dumps({"id": "1", "text": "abc", "labels": "arrogance:violation"}), "must be a list"),
    ('{"id": "1", "text": ', "invalid JSON"),
    ("[1, 2]", "expected a JSON object"),
])
def test_problems_are_reported_with_file_and_line(tmp_path, line, message):
    p = write(tmp_path / "bad.jsonl", [rec("0", "ok text", []), line])
    with pytest.raises(DataValidationError) as e:
        read_labelled(p)
    assert isinstance(e.value, ValueError)
    assert f"{p}:2: " in str(e.value) and message in str(e.value)
    assert "Traceback" not in str(e.value)


def test_duplicate_ids_across_files(tmp_path):
    a = write(tmp_path / "a.jsonl", [rec("x1", "một", [])])
    b = write(tmp_path / "b.jsonl", [rec("x1", "hai", [])])
    with pytest.raises(DataValidationError, match=r"b.jsonl:1: duplicate id 'x1' \(first at .*a.jsonl:1\)"):
        read_labelled([a, b])


def test_conflicting_labels_for_same_text(tmp_path):
    p = write(tmp_path / "a.jsonl", [rec("1", "Cán bộ hách dịch!", ["arrogance:violation"]),
                                     rec("2", "can bo hach dich", ["courtesy:violation"])])
    with pytest.raises(DataValidationError, match=r"a.jsonl:2: same text as .*a.jsonl:1 but conflicting labels"):
        read_labelled(p)


def test_exact_duplicates_are_merged(tmp_path):
    p = write(tmp_path / "a.jsonl", [rec("1", "Cán bộ hách dịch", ["arrogance:violation"]),
                                     rec("2", "cán bộ hách dịch.", ["arrogance:violation"])])
    data = read_labelled(p)
    assert len(data) == 1 and data.dropped_duplicates == 1


def test_invalid_utf8_is_reported(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_bytes(rec("1", "ok", []).encode() + b"\n" + b'{"id": "2", "text": "\xff\xfe", "labels": []}\n')
    with pytest.raises(DataValidationError, match=r"a.jsonl:2: not valid UTF-8"):
        read_labelled(p)


def test_missing_csv_column(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("comment,labels\nabc,\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="no column 'text'"):
        read_labelled(p)
    assert read_labelled(p, text_column="comment").texts == ["abc"]


def test_other_label_sets(tmp_path):
    p = write(tmp_path / "s.jsonl", [rec("1", "dạy hay", ["positive"])])
    assert read_labelled(p, classes=["negative", "positive"]).labels == [["positive"]]
    with pytest.raises(DataValidationError):
        read_labelled(p)


def test_near_duplicates_found_across_accents():
    texts = ["Cán bộ phường rất hách dịch với người già đến làm giấy tờ",
             "can bo phuong rat hach dich voi nguoi gia den lam giay to",
             "Hoàn toàn khác: chị ở quầy tiếp nhận niềm nở và hướng dẫn kỹ"]
    assert [(i, j) for i, j, _ in near_duplicates(texts)] == [(0, 1)]


def test_check_files_reports_everything(tmp_path):
    a = write(tmp_path / "a.jsonl", [
        rec("1", "Cán bộ phường rất hách dịch với người già đến làm giấy tờ", ["arrogance:violation"]),
        rec("2", "Cán bộ phường rất hách dịch với người già đến làm giấy tờ nhà đất", ["arrogance:violation"]),
        rec("3", "Cô\u0301 ấy tốt", []),  # not NFC
        rec("4", "x", ["bad:code"]),
    ])
    problems = check_files([a])
    text = "\n".join(problems)
    assert "near-duplicate" in text and "NFC" in text and "unknown label code" in text
    assert check_files([write(tmp_path / "ok.jsonl", [rec("9", "Chị ấy rất nhiệt tình", ["enthusiasm:compliance"])])]) == []


def test_stats(tmp_path):
    p = write(tmp_path / "a.jsonl", [
        rec("1", "can bo hach dich, tre hen", ["arrogance:violation", "accuracy:violation"]),
        rec("2", "cb ko nhiệt tình 😡", ["enthusiasm:violation"]),
        rec("3", "Nhanh nhưng hách dịch", ["accuracy:compliance", "arrogance:violation"]),
        rec("4", "Ghế hỏng", []),
    ])
    s = dataset_stats(read_labelled(p))
    assert s["n"] == 4 and s["no_label"] == 1 and s["multi_label"] == 2 and s["mixed_verdicts"] == 1
    assert s["no_diacritics"] == 1 and s["abbreviations"] == 1 and s["emoji"] == 1
    assert s["labels"]["arrogance:violation"] == 2 and s["source"] == {"kiosk": 4}


@pytest.mark.parametrize("mode,expected", [("last", [["courtesy:violation"], []]), ("drop", [[]])])
def test_conflict_resolution_modes(tmp_path, mode, expected):
    a = write(tmp_path / "a.jsonl", [rec("1", "Cán bộ hách dịch", ["arrogance:violation"]), rec("2", "Ghế hỏng", [])])
    b = write(tmp_path / "b.jsonl", [rec("3", "cán bộ   hách dịch", ["courtesy:violation"])])
    with pytest.raises(DataValidationError, match=r"b.jsonl:1: same text as .*a.jsonl:1 but conflicting labels"):
        read_labelled([a, b])
    data = read_labelled([a, b], on_conflict=mode)
    assert data.labels == expected
    assert len(data.conflicts) == 1 and "b.jsonl:1" in data.conflicts[0]
    with pytest.raises(ValueError, match="on_conflict"):
        read_labelled([a], on_conflict="newest")
