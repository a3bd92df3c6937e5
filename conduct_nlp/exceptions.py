"""Exceptions raised by conduct_nlp.

Every class also subclasses the matching built-in exception, so callers that
only know Python's built-ins (``ValueError``, ``FileNotFoundError``...) still
catch them.
"""

from __future__ import annotations

__all__ = [
    "ConductNLPError",
    "InvalidLabelError",
    "InvalidInputError",
    "DataValidationError",
    "ModelNotFoundError",
    "ModelIntegrityError",
    "IncompatibleModelError",
    "ModelVersionWarning",
]


class ConductNLPError(Exception):
    """Base class of every error raised on purpose by conduct_nlp."""


class InvalidLabelError(ConductNLPError, ValueError):
    """A label code is not one of the model's label codes."""

    def __init__(self, label: object, valid: tuple[str, ...] | list[str]):
        self.label = label
        self.valid = tuple(valid)
        super().__init__(
            f"unknown label code {label!r}; valid codes are: {', '.join(self.valid)}"
        )


class InvalidInputError(ConductNLPError, TypeError):
    """An input given to classify/predict is not text."""


class DataValidationError(ConductNLPError, ValueError):
    """A labelled data file has problems.

    Attributes
    ----------
    problems : list of str
        One line per problem, each starting with ``file:line:``.
    """

    def __init__(self, problems: list[str], *, header: str = "invalid data"):
        self.problems = list(problems)
        shown = self.problems[:50]
        more = len(self.problems) - len(shown)
        text = f"{header}: {len(self.problems)} problem(s)\n" + "\n".join(shown)
        if more:
            text += f"\n... and {more} more"
        super().__init__(text)


class ModelNotFoundError(ConductNLPError, FileNotFoundError):
    """No model file at the given place (or no bundled default model)."""


class ModelIntegrityError(ConductNLPError, ValueError):
    """A model file is corrupt, truncated, tampered with, or its manifest is unreadable."""


class IncompatibleModelError(ConductNLPError, ValueError):
    """A model file was written in a format this version cannot read."""


class ModelVersionWarning(UserWarning):
    """A model was saved with other library versions than the ones installed."""


class UnsafeFormatWarning(UserWarning):
    """A model file in the legacy joblib (pickle) format was written or loaded: such a file can run code."""
