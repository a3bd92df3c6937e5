"""conduct_nlp: which "3 không, 3 phải" norms a Vietnamese citizen comment reports as broken or kept.

Quick use::

    >>> import conduct_nlp
    >>> p = conduct_nlp.classify("chi can bo huong dan tan tinh, tra kq dung hen")
    >>> p.labels
    ('enthusiasm:compliance', 'accuracy:compliance')

The names in ``__all__`` are the stable public API (semantic versioning; see
CHANGELOG.md for the deprecation policy).
"""

from __future__ import annotations

from typing import Sequence, overload

from ._version import __version__
from .classifier import ConductClassifier
from .data import LabelledData, check_files, dataset_stats, read_labelled
from .evaluation import evaluate, score_predictions
from .exceptions import (
    ConductNLPError,
    DataValidationError,
    IncompatibleModelError,
    InvalidInputError,
    InvalidLabelError,
    ModelIntegrityError,
    ModelNotFoundError,
    ModelVersionWarning,
)
from .features import analyze
from .labels import GUIDELINE_VERSION, LABEL_NAMES, LABELS, NORM_CODES, NORMS, Norm, label_name
from .normalize import normalize_text, strip_accents
from .pandas_api import add_predictions
from .persistence import default_model_path, load_model, read_manifest, save_model
from .prediction import Prediction

__all__ = [
    "__version__",
    "NORMS",
    "NORM_CODES",
    "LABELS",
    "LABEL_NAMES",
    "GUIDELINE_VERSION",
    "Norm",
    "label_name",
    "ConductClassifier",
    "Prediction",
    "classify",
    "load",
    "save_model",
    "load_model",
    "read_manifest",
    "default_model_path",
    "normalize_text",
    "strip_accents",
    "analyze",
    "read_labelled",
    "add_predictions",
    "check_files",
    "dataset_stats",
    "LabelledData",
    "evaluate",
    "score_predictions",
    "ConductNLPError",
    "InvalidLabelError",
    "InvalidInputError",
    "DataValidationError",
    "ModelNotFoundError",
    "ModelIntegrityError",
    "IncompatibleModelError",
    "ModelVersionWarning",
]


def load(path=None) -> ConductClassifier:
    """Load a fitted model.

    Parameters
    ----------
    path : path-like, optional
        A model saved with :meth:`ConductClassifier.save`. ``None`` returns
        the bundled default model (loaded once per process and shared).

    Raises
    ------
    ModelNotFoundError
        No model at ``path``, or no bundled default model.
    ModelIntegrityError
        The file does not match its manifest's SHA-256 (tampered or truncated).
    IncompatibleModelError
        The file's format version is unknown to this release.
    """
    from .persistence import load_default

    return load_default() if path is None else load_model(path)


@overload
def classify(text_or_texts: str, threshold=None) -> Prediction: ...
@overload
def classify(text_or_texts: Sequence[str], threshold=None) -> list[Prediction]: ...


def classify(text_or_texts, threshold=None):
    """Classify with the bundled default model (see :meth:`ConductClassifier.classify`)."""
    return load().classify(text_or_texts, threshold=threshold)
