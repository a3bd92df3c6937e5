"""The result type of :meth:`ConductClassifier.classify`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Prediction"]


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
