"""Reading, validating and describing labelled comment files.

Formats (chosen by file extension):

``.jsonl``
    One JSON object per line as in the annotation guideline:
    ``{"id": ..., "text": ..., "labels": [...]}``; other fields are kept.
``.csv``
    A header row with a text column (default ``text``) and a ``labels``
    column whose codes are separated by ``;`` (an empty cell is "no label").
    UTF-8 with or without BOM.

Every problem is reported with ``file:line`` in one :class:`DataValidationError`,
never as a stack trace.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Sequence

from .exceptions import DataValidationError
from .files import sha256_file
from .labels import LABELS, NORM_CODES
from .normalize import EMOJI_CLASS, has_diacritics, load_abbreviations, normalize_text, strip_accents
from .records import detect_format, read_rows

__all__ = [
    "LabelledData",
    "read_labelled",
    "iter_records",
    "check_files",
    "dataset_stats",
    "near_duplicates",
    "dedupe_key",
    "word_trigrams",
    "file_info",
    "format_stats",
    "NEAR_DUPLICATE_JACCARD",
]

NEAR_DUPLICATE_JACCARD = 0.6


@dataclass
class LabelledData:
    """Labelled comments read from one or more files.

    Attributes
    ----------
    texts : list of str
    labels : list of list of str
    ids : list of str
    where : list of str
        ``file:line`` of each comment.
    records : list of dict
        The full input objects (extra fields kept).
    files : list of dict
        ``{"path", "sha256", "rows"}`` of every file read.
    dropped_duplicates : int
        Exact repeats (same normalised text, same labels) that were merged.
    """

    texts: list[str] = field(default_factory=list)
    labels: list[list[str]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    files: list[dict] = field(default_factory=list)
    dropped_duplicates: int = 0

    def __len__(self) -> int:
        return len(self.texts)


def file_info(path: str | Path) -> dict:
    """``{"path", "sha256", "bytes"}`` of a file."""
    p = Path(path)
    return {"path": str(p), "sha256": sha256_file(p), "bytes": p.stat().st_size}


def iter_records(path: str | Path, problems: list[str], *, text_column: str = "text",
                 labels_column: str = "labels") -> Iterator[tuple[int, dict]]:
    """Yield ``(line, record)`` from a JSONL, CSV or TSV file; problems are appended, not raised.

    Records are read by :func:`conduct_nlp.records.read_rows`; in CSV/TSV the
    labels cell holds codes separated by ``;``.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        suffix = ".jsonl"
    try:
        fmt = detect_format(str(path.with_suffix(suffix)))
    except ValueError:
        problems.append(f"{path}: unsupported file type {suffix!r}; use .jsonl or .csv")
        return
    if fmt == "parquet":
        problems.append(f"{path}: unsupported file type {suffix!r}; use .jsonl or .csv")
        return
    try:
        columns, rows = read_rows(str(path), fmt)
    except ValueError as e:
        problems.append(f"{path}:1: {e}")
        return
    if columns is not None and text_column not in columns:
        problems.append(f"{path}:1: no column {text_column!r}; columns are {columns}")
        return
    for row in rows:
        lineno = row.pop("_line", 0)
        err = row.pop("_error", None)
        if err:
            problems.append(f"{path}:{lineno}: {err.split(': ', 1)[1] if err.startswith('line ') else err}")
            continue
        if columns is None:
            if text_column != "text" and text_column in row:
                row = {**row, "text": row[text_column]}
            yield lineno, row
            continue
        if not any(isinstance(v, str) and v.strip() for v in row.values()):
            continue
        if len(row) < len(columns):
            problems.append(f"{path}:{lineno}: {len(row)} cells but {len(columns)} columns")
            continue
        row["text"] = row.get(text_column)
        raw = row.get(labels_column)
        row["labels"] = None if raw is None else [c.strip() for c in raw.split(";") if c.strip()]
        yield lineno, row


def dedupe_key(text: str) -> str:
    """The key under which two comments count as the same text (normalised, accent-stripped words)."""
    return " ".join(re.findall(r"\w+", strip_accents(normalize_text(text))))


def read_labelled(paths: str | Path | Sequence[str | Path], classes: Sequence[str] = LABELS, *,
                  text_column: str = "text", labels_column: str = "labels",
                  dedupe: bool = True, strict: bool = True, on_conflict: str = "error") -> LabelledData:
    """Read and validate labelled files.

    Parameters
    ----------
    paths : path or list of paths
        JSONL or CSV files.
    classes : sequence of str
        Valid label codes (default: the twelve conduct codes).
    text_column, labels_column : str
        Column names for CSV (and the text key for JSONL).
    dedupe : bool, default=True
        Merge exact repeats (same normalised text and same labels) into one.
    on_conflict : {"error", "last", "drop"}, default="error"
        The same text with different labels: a problem (``"error"``), the
        later file/line wins (``"last"``, for relabelled comments), or every
        copy is dropped (``"drop"``). Either way each conflict is listed, with
        file and line, in ``data.conflicts``.
    strict : bool, default=True
        Raise on problems. With ``False`` invalid rows are skipped and the
        problems are returned in the exception-free attribute ``problems``.

    Raises
    ------
    DataValidationError
        Unknown label codes, empty or missing text, duplicate ids, the same
        text with conflicting labels, unreadable lines; each with file and line.
    FileNotFoundError
        A path does not exist.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if on_conflict not in ("error", "last", "drop"):
        raise ValueError(f"on_conflict must be 'error', 'last' or 'drop', got {on_conflict!r}")
    reader = _Reader(classes, dedupe, on_conflict)
    for path in paths:
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(f"no such data file: {path}")
        rows = 0
        for lineno, rec in iter_records(path, reader.problems, text_column=text_column,
                                        labels_column=labels_column):
            rows += reader.add(rec, f"{path}:{lineno}", f"{path.stem}:{lineno}")
        reader.data.files.append({**file_info(path), "rows": rows})
    data = reader.finish()
    if data.problems and strict:
        raise DataValidationError(data.problems, header="cannot use the labelled data")
    return data


def _row_problem(text: Any, labels: Any, classes: Sequence[str]) -> str | None:
    """What is wrong with one row's text and labels, or ``None``."""
    if not isinstance(text, str):
        return f"'text' is missing or not a string ({type(text).__name__})"
    if not text.strip():
        return "empty text"
    if labels is None:
        return "no 'labels' field (use [] for a comment with no label)"
    if not isinstance(labels, list) or not all(isinstance(c, str) for c in labels):
        return f"'labels' must be a list of label codes, got {labels!r}"
    bad = [c for c in labels if c not in classes]
    if bad:
        return f"unknown label code(s) {bad}; valid codes: {', '.join(classes)}"
    return None


class _Reader:
    """The state of :func:`read_labelled` across files: rows kept, ids and texts seen, problems."""

    def __init__(self, classes: Sequence[str], dedupe: bool, on_conflict: str):
        self.classes = list(classes)
        self.dedupe = dedupe
        self.on_conflict = on_conflict
        self.data = LabelledData()
        self.problems: list[str] = []
        self.conflicts: list[str] = []
        self.dropped_keys: set[str] = set()
        self.seen_ids: dict[str, str] = {}
        self.seen_text: dict[str, int] = {}

    def add(self, rec: dict, where: str, default_id: str) -> int:
        """Validate one record and keep it; the number of rows kept (0 or 1)."""
        text, labels = rec.get("text"), rec.get("labels")
        problem = _row_problem(text, labels, self.classes)
        if problem:
            self.problems.append(f"{where}: {problem}")
            return 0
        labels = list(dict.fromkeys(labels))
        rid = rec.get("id")
        rid = str(rid) if rid not in (None, "") else default_id
        if rid in self.seen_ids:
            self.problems.append(f"{where}: duplicate id {rid!r} (first at {self.seen_ids[rid]})")
            return 0
        self.seen_ids[rid] = where
        key = dedupe_key(text)
        if key in self.dropped_keys:
            self.conflicts.append(f"{where}: same text as an earlier conflicting comment; dropped")
            return 0
        if key in self.seen_text:
            k = self.seen_text[key]
            if sorted(self.data.labels[k]) != sorted(labels):
                self._conflict(k, key, labels, where)
                return 0
            if self.dedupe:
                self.data.dropped_duplicates += 1
                return 0
        self.seen_text[key] = len(self.data.texts)
        text = unicodedata.normalize("NFC", text)
        data = self.data
        data.texts.append(text)
        data.labels.append(labels)
        data.ids.append(rid)
        data.where.append(where)
        data.records.append({**rec, "text": text, "labels": labels, "id": rid})
        return 1

    def _conflict(self, k: int, key: str, labels: list[str], where: str) -> None:
        """The text of row ``k`` again, with other labels: by ``on_conflict``."""
        data = self.data
        msg = (f"{where}: same text as {data.where[k]} but conflicting labels "
               f"{sorted(labels)} vs {sorted(data.labels[k])}")
        if self.on_conflict == "error":
            self.problems.append(msg)
        elif self.on_conflict == "last":
            self.conflicts.append(msg + "; keeping the later labels")
            data.labels[k] = labels
            data.where[k] = where
            data.records[k] = {**data.records[k], "labels": labels}
        else:
            self.conflicts.append(msg + "; dropping both")
            self.dropped_keys.add(key)
            data.labels[k] = None  # type: ignore[call-overload]

    def finish(self) -> LabelledData:
        """The data read, without the rows dropped for conflicts, with problems and conflicts."""
        data = self.data
        if self.dropped_keys:
            keep = [i for i, ls in enumerate(data.labels) if ls is not None]
            for name in ("texts", "labels", "ids", "where", "records"):
                setattr(data, name, [getattr(data, name)[i] for i in keep])
        data.problems = self.problems  # type: ignore[attr-defined]
        data.conflicts = self.conflicts  # type: ignore[attr-defined]
        return data


# ---------------------------------------------------------------- near duplicates
def word_trigrams(text: str) -> frozenset:
    """Accent-stripped, lower-cased word trigrams of a text (the unit of near-duplicate detection)."""
    toks = re.findall(r"\w+", strip_accents(text.lower()))
    if len(toks) < 3:
        return frozenset([tuple(toks)])
    return frozenset(tuple(toks[i:i + 3]) for i in range(len(toks) - 2))


def near_duplicates(texts: Sequence[str], threshold: float = NEAR_DUPLICATE_JACCARD) -> list[tuple[int, int, float]]:
    """Pairs ``(i, j, jaccard)`` of texts whose word-trigram sets overlap ≥ ``threshold``.

    Trigrams are taken on lower-cased, accent-stripped words, so a comment and
    its unaccented copy count as near-duplicates. Uses an inverted index, so it
    is fast on tens of thousands of texts.
    """
    grams = [word_trigrams(t) for t in texts]
    index: dict[tuple, list[int]] = defaultdict(list)
    for i, g in enumerate(grams):
        for x in g:
            index[x].append(i)
    pairs = []
    for i, g in enumerate(grams):
        shared: Counter = Counter()
        for x in g:
            for j in index[x]:
                if j > i:
                    shared[j] += 1
        for j, inter in shared.items():
            jac = inter / (len(g) + len(grams[j]) - inter)
            if jac >= threshold:
                pairs.append((i, j, round(jac, 3)))
    return pairs


def check_files(paths: Sequence[str | Path], classes: Sequence[str] = LABELS) -> list[str]:
    """Validate labelled files: schema, label codes, NFC, duplicate ids and texts,
    conflicting labels and near-duplicates (within and across files).

    Returns
    -------
    list of str
        One ``file:line: message`` per problem; empty when all is well.
    """
    problems: list[str] = []
    data = read_labelled(paths, classes, dedupe=False, strict=False)
    problems.extend(data.problems)  # type: ignore[attr-defined]
    by_key: dict[str, int] = {}
    for i, rec in enumerate(data.records):
        raw = rec["text"]
        where = data.where[i]
        key = dedupe_key(raw)
        if key in by_key:
            problems.append(f"{where}: same normalised text as {data.where[by_key[key]]}")
        else:
            by_key[key] = i
    # NFC must hold in the file itself (read_labelled normalises in memory).
    for path in paths:
        for lineno, rec in iter_records(Path(path), []):
            t = rec.get("text")
            if isinstance(t, str) and unicodedata.normalize("NFC", t) != t:
                problems.append(f"{path}:{lineno}: text is not in Unicode NFC")
    for i, j, jac in near_duplicates(data.texts):
        problems.append(f"{data.where[j]}: near-duplicate of {data.where[i]} (word-trigram Jaccard {jac:.2f})")
    return problems


# ---------------------------------------------------------------- stats
_EMOJI_RE = re.compile(f"[{EMOJI_CLASS}]|[:;=]-?[)(dDpP]|<3")
_AMBIGUOUS_SHORT = {"a", "e", "c", "ca", "cám", "bít", "vầy", "ub"}


def _has_abbreviation(text: str) -> bool:
    table = load_abbreviations()
    toks = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text.lower()))
    return any(t in table and t not in _AMBIGUOUS_SHORT for t in toks)


def dataset_stats(data: LabelledData, classes: Sequence[str] = LABELS) -> dict[str, Any]:
    """Counts that describe a labelled set (label counts, kinds of text, sources).

    Returns
    -------
    dict
        ``n``, ``labels`` (code → count), ``no_label``, ``multi_label``,
        ``mixed_verdicts`` (comments with at least one violation and one
        compliance), ``no_diacritics``, ``abbreviations``, ``emoji``,
        ``words_40_plus``, ``median_words``, and counts by ``source`` and ``unit``.
    """
    n = len(data)
    label_counts = Counter(c for ls in data.labels for c in ls)
    words = sorted(len(t.split()) for t in data.texts)
    out: dict[str, Any] = {
        "n": n,
        "labels": {c: label_counts.get(c, 0) for c in classes},
        "no_label": sum(1 for ls in data.labels if not ls),
        "multi_label": sum(1 for ls in data.labels if len(ls) >= 2),
        "mixed_verdicts": sum(1 for ls in data.labels
                              if any(c.endswith(":violation") for c in ls)
                              and any(c.endswith(":compliance") for c in ls)),
        "no_diacritics": sum(1 for t in data.texts if not has_diacritics(t)),
        "abbreviations": sum(1 for t in data.texts if _has_abbreviation(t)),
        "emoji": sum(1 for t in data.texts if _EMOJI_RE.search(t)),
        "words_40_plus": sum(1 for w in words if w >= 40),
        "median_words": words[n // 2] if n else 0,
        "source": dict(Counter(str(r.get("source", "unknown")) for r in data.records).most_common()),
        "unit": dict(Counter(str(r.get("unit", "unknown")) for r in data.records).most_common()),
    }
    if set(classes) == set(LABELS):
        out["norms"] = {n_: sum(1 for ls in data.labels if any(c.startswith(n_ + ":") for c in ls))
                        for n_ in NORM_CODES}
    return out


def format_stats(stats: dict[str, Any], name: str = "") -> str:
    """Render :func:`dataset_stats` as a plain-text table."""
    n = max(stats["n"], 1)

    def pct(k: str) -> str:
        return f"{stats[k]:>6}  {100 * stats[k] / n:5.1f}%"

    lines = [f"{name}  comments: {stats['n']}".strip(), "", f"{'label':30} {'count':>6}"]
    lines += [f"{c:30} {v:>6}" for c, v in stats["labels"].items()]
    lines += ["", f"{'kind of text':30} {'count':>6}  share"]
    for k, title in [("no_label", "no label"), ("multi_label", "two or more labels"),
                     ("mixed_verdicts", "mixed verdicts"), ("no_diacritics", "no diacritics"),
                     ("abbreviations", "abbreviations/teencode"), ("emoji", "emoji/emoticons"),
                     ("words_40_plus", "40 words or more")]:
        lines.append(f"{title:30} {pct(k)}")
    lines.append(f"{'median words':30} {stats['median_words']:>6}")
    for key in ("source", "unit"):
        top = ", ".join(f"{k} {v}" for k, v in list(stats[key].items())[:12])
        lines.append(f"{key + 's':30} {len(stats[key]):>6}  ({top})")
    return "\n".join(lines)


