"""The result type of :meth:`ConductClassifier.classify`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from .thresholds import decide
from .validation import row_error

__all__ = ["Prediction", "predictions_for"]


@dataclass(frozen=True)
class Prediction:
    """What the model says about one comment.

    Attributes
    ----------
    text : str
        The comment as given.
    labels : tuple of str
        Label codes whose score reached the label's threshold, in ``LABELS`` order.
    scores : dict
        Every label code of the model → probability in [0, 1].
    error : str or None
        Why the comment could not be classified (batch use only); ``None`` when fine.
    """

    text: str
    labels: tuple[str, ...]
    scores: dict[str, float] = field(repr=False)
    error: str | None = None

    @property
    def violations(self) -> tuple[str, ...]:
        """Norm codes the comment reports as broken."""
        return tuple(code.split(":")[0] for code in self.labels if code.endswith(":violation"))

    @property
    def compliances(self) -> tuple[str, ...]:
        """Norm codes the comment reports as kept."""
        return tuple(code.split(":")[0] for code in self.labels if code.endswith(":compliance"))

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict of this prediction."""
        out: dict[str, Any] = {
            "text": self.text,
            "labels": list(self.labels),
            "violations": list(self.violations),
            "compliances": list(self.compliances),
            "scores": {k: round(float(v), 6) for k, v in self.scores.items()},
        }
        if self.error is not None:
            out["error"] = self.error
        return out


def predictions_for(items: Sequence[Any], proba: Callable[[list, list], np.ndarray], classes: Sequence[Any],
                    thresholds: Any, multilabel: bool, max_chars: int) -> list[Prediction]:
    """One :class:`Prediction` per item, in order, never raising for a bad item.

    The shared body of every model's ``classify_batch``: items that are not usable text get no
    labels, zero scores and an ``error`` (:func:`conduct_nlp.validation.row_error`);
    ``proba(texts, errors)`` scores the rest (bad items are passed as ``""``).
    """
    items = list(items)
    errors = [row_error(t, max_chars) for t in items]
    P = proba([t if e is None else "" for t, e in zip(items, errors)], errors)
    D = decide(P, thresholds, multilabel, classes=list(classes))
    shown = [t if isinstance(t, str) else ("" if t is None else str(t)) for t in items]
    names = [str(c) for c in classes]  # plain lists: per-row numpy indexing costs more than the model
    return [Prediction(text=txt, labels=tuple(c for c, d in zip(names, dr) if d),
                       scores=dict(zip(names, pr)), error=e)
            for txt, pr, dr, e in zip(shown, P.tolist(), D.tolist(), errors)]
