"""The fixed label set of the annotation guideline (version 1).

Six norms ("3 không, 3 phải") times two verdicts give twelve label codes of the
form ``norm:verdict``. The order of :data:`LABELS` is part of the public API:
score columns, indicator matrices and ``classes_`` all use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from .exceptions import InvalidLabelError

__all__ = [
    "Norm",
    "NORMS",
    "NORM_CODES",
    "VERDICTS",
    "LABELS",
    "LABEL_NAMES",
    "GUIDELINE_VERSION",
    "label_name",
    "split_label",
    "to_indicator",
    "from_indicator",
]

GUIDELINE_VERSION = 1
VERDICTS: tuple[str, str] = ("violation", "compliance")


@dataclass(frozen=True)
class Norm:
    """One of the six norms.

    Attributes
    ----------
    code : str
        Stable machine code, e.g. ``"arrogance"``.
    group : str
        ``"3 không"`` (a vice to avoid) or ``"3 phải"`` (a virtue to show).
    name_vi, name_en : str
        Display names.
    """

    code: str
    group: str
    name_vi: str
    name_en: str


NORMS: tuple[Norm, ...] = (
    Norm("harassment", "3 không", "Không gây phiền hà, sách nhiễu, tiêu cực",
         "No troublemaking, extortion or petty corruption"),
    Norm("indifference", "3 không", "Không thờ ơ, vô cảm, thiếu trách nhiệm",
         "No indifference, apathy or irresponsibility"),
    Norm("arrogance", "3 không", "Không quan liêu, cửa quyền, hách dịch",
         "No bureaucratism, power-tripping or haughtiness"),
    Norm("enthusiasm", "3 phải", "Phải vui vẻ, nhiệt tình hướng dẫn, tận tình phục vụ",
         "Cheerful, enthusiastic guidance, devoted service"),
    Norm("accuracy", "3 phải", "Phải chính xác, đúng hẹn, đúng pháp luật",
         "Accurate, on time, lawful"),
    Norm("courtesy", "3 phải", "Phải biết lắng nghe, biết cảm ơn, biết xin lỗi",
         "Listens, thanks, apologises"),
)
NORM_CODES: tuple[str, ...] = tuple(n.code for n in NORMS)
LABELS: tuple[str, ...] = tuple(f"{n}:{v}" for n in NORM_CODES for v in VERDICTS)

_VERDICT_NAMES = {
    "violation": ("vi phạm", "violation"),
    "compliance": ("thực hiện tốt", "compliance"),
}
_SHORT_VI = {
    "harassment": "gây phiền hà, sách nhiễu",
    "indifference": "thờ ơ, vô cảm",
    "arrogance": "quan liêu, hách dịch",
    "enthusiasm": "vui vẻ, nhiệt tình",
    "accuracy": "chính xác, đúng hẹn",
    "courtesy": "lắng nghe, cảm ơn, xin lỗi",
}
_SHORT_EN = {
    "harassment": "harassment",
    "indifference": "indifference",
    "arrogance": "arrogance",
    "enthusiasm": "enthusiasm",
    "accuracy": "accuracy",
    "courtesy": "courtesy",
}

#: Display names of every label: ``LABEL_NAMES[code] == {"vi": ..., "en": ...}``.
LABEL_NAMES: dict[str, dict[str, str]] = {
    f"{n}:{v}": {
        "vi": f"{_SHORT_VI[n]} — {_VERDICT_NAMES[v][0]}",
        "en": f"{_SHORT_EN[n]} — {_VERDICT_NAMES[v][1]}",
    }
    for n in NORM_CODES
    for v in VERDICTS
}


def label_name(code: str, lang: str = "en") -> str:
    """Return the display name of a label code in ``"en"`` or ``"vi"``."""
    if code not in LABEL_NAMES:
        raise InvalidLabelError(code, LABELS)
    if lang not in ("en", "vi"):
        raise ValueError(f"lang must be 'en' or 'vi', got {lang!r}")
    return LABEL_NAMES[code][lang]


def split_label(code: str) -> tuple[str, str]:
    """Split ``"norm:verdict"`` into ``(norm, verdict)``."""
    if code not in LABEL_NAMES:
        raise InvalidLabelError(code, LABELS)
    norm, verdict = code.split(":")
    return norm, verdict


def to_indicator(label_lists: Iterable[Iterable[str]], classes: Sequence[str] = LABELS) -> np.ndarray:
    """Turn lists of label codes into an ``(n, len(classes))`` 0/1 matrix.

    Raises
    ------
    InvalidLabelError
        If a code is not in ``classes``.
    """
    index = {c: i for i, c in enumerate(classes)}
    rows = list(label_lists)
    Y = np.zeros((len(rows), len(classes)), dtype=np.int8)
    for r, labels in enumerate(rows):
        if isinstance(labels, str):
            raise TypeError(
                f"row {r}: labels must be a list of codes, got the string {labels!r}"
            )
        for code in labels:
            try:
                Y[r, index[code]] = 1
            except (KeyError, TypeError):
                raise InvalidLabelError(code, tuple(classes)) from None
    return Y


def from_indicator(Y: np.ndarray, classes: Sequence[str] = LABELS) -> list[list[str]]:
    """Turn an indicator matrix back into lists of label codes."""
    Y = np.asarray(Y)
    return [[classes[j] for j in np.flatnonzero(row)] for row in Y]
