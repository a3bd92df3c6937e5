"""Property tests: random text, bytes and record structures never stop a run and never lose a row."""
import csv
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conduct_nlp.batch import annotate
from conduct_nlp.records import read_rows

NASTY = st.sampled_from(["\ud800", "\udfff", "\u200f", "\u200b", "\x00", "\ufeff", "\r", "\n", "\t", "=", "\u0301",
                         "😡", "đ", "\u202e", "\\", '"', ",", " "])
TEXT = st.lists(st.one_of(st.text(max_size=8), NASTY), max_size=12).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(st.lists(st.one_of(TEXT, st.none(), st.integers(), st.floats(allow_nan=True)), max_size=15))
def test_classify_batch_gives_one_prediction_per_item_in_order(small_model, items):
    preds = small_model.classify_batch(items)
    assert len(preds) == len(items)
    for item, p in zip(items, preds):
        assert (p.error is None) == (isinstance(item, str) and bool(item.strip()) and not _has_surrogate(item)
                                     and len(item) <= small_model.max_chars)
        if p.error:
            assert p.labels == () and not any(p.scores.values())


def _has_surrogate(s):
    return any(0xD800 <= ord(c) <= 0xDFFF for c in s)


def _expected_rows(raw: bytes) -> int:
    n = 0
    for i, line in enumerate(raw.split(b"\n")[:-1]):
        if i == 0 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        n += bool(line.decode("utf-8", errors="replace").strip())
    return n


@SETTINGS
@given(st.lists(st.one_of(st.binary(max_size=30).filter(lambda b: b"\n" not in b),
                          TEXT.map(lambda t: json.dumps({"text": t, "n": 1})),
                          st.just("[1, 2]"), st.just("{bad json")), min_size=1, max_size=12))
def test_jsonl_every_non_blank_line_gives_one_row_in_order(small_model, tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("fz") / "in.jsonl"
    raw = b"".join((ln if isinstance(ln, bytes) else ln.encode("utf-8")) + b"\n" for ln in lines)
    path.write_bytes(raw)
    _, rows = read_rows(str(path))
    rows = list(rows)
    assert len(rows) == _expected_rows(raw)
    assert [r["_line"] for r in rows] == sorted(r["_line"] for r in rows)
    out = annotate(small_model, rows, "text")
    assert len(out) == len(rows)
    for r, o in zip(rows, out):
        assert (o["error"] is None) == ("_error" not in r and isinstance(r.get("text"), str)
                                        and bool(r["text"].strip()) and not _has_surrogate(r["text"]))


@SETTINGS
@given(st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=10))
def test_csv_written_by_csv_writer_reads_back_row_for_row(small_model, tmp_path_factory, cells):
    cells = [(a.replace("\x00", ""), b.replace("\x00", "")) for a, b in cells
             if not _has_surrogate(a + b)]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["text", "other"])
    w.writerows(cells)
    path = tmp_path_factory.mktemp("fz") / "in.csv"
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    _, rows = read_rows(str(path))
    rows = list(rows)
    assert [(r["text"], r["other"]) for r in rows] == cells
    assert len(annotate(small_model, rows, "text")) == len(rows)
