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

import importlib
from typing import TYPE_CHECKING, Any, Sequence, overload

from ._version import __version__
from .analysis import analyze
from .compiled import Predictor
from .exceptions import (
    ConductNLPError,
    DataValidationError,
    IncompatibleModelError,
    InvalidInputError,
    InvalidLabelError,
    ModelIntegrityError,
    ModelNotFoundError,
    ModelVersionWarning,
    UnsafeFormatWarning,
)
from .labels import GUIDELINE_VERSION, LABEL_NAMES, LABELS, NORM_CODES, NORMS, Norm, label_name
from .normalize import normalize_text, strip_accents
from .persistence import (
    BUNDLED_MODELS,
    TRUSTED_TYPES,
    bundled_model_path,
    convert_model,
    default_model_path,
    load_model,
    load_predictor,
    read_manifest,
    resolve_model,
    save_model,
)
from .prediction import Prediction

# Names whose modules import scikit-learn, scipy.stats or pandas: imported on first use
# (PEP 562), so that ``import conduct_nlp`` and a predictor's cold start stay light.
_LAZY: dict[str, str] = {
    "ConductClassifier": ".classifier",
    "BUNDLED_PARAMS": ".classifier",
    "FAST_PARAMS": ".classifier",
    "LabelledData": ".data",
    "check_files": ".data",
    "dataset_stats": ".data",
    "read_labelled": ".data",
    "evaluate": ".evaluation",
    "score_predictions": ".evaluation",
    "add_predictions": ".pandas_api",
    "sample_comments_path": ".datasets",
    "Summary": ".summary",
    "summarize": ".summary",
    "summary_html": ".summary",
}

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from .classifier import BUNDLED_PARAMS, FAST_PARAMS, ConductClassifier
    from .data import LabelledData, check_files, dataset_stats, read_labelled
    from .datasets import sample_comments_path
    from .evaluation import evaluate, score_predictions
    from .pandas_api import add_predictions
    from .summary import Summary, summarize, summary_html


def __getattr__(name: str) -> Any:
    """Import a heavy public name on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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
    "BUNDLED_PARAMS",
    "FAST_PARAMS",
    "Prediction",
    "classify",
    "load",
    "load_predictor",
    "Predictor",
    "save_model",
    "convert_model",
    "TRUSTED_TYPES",
    "load_model",
    "read_manifest",
    "default_model_path",
    "bundled_model_path",
    "BUNDLED_MODELS",
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
    "UnsafeFormatWarning",
    "summarize",
    "Summary",
    "summary_html",
    "sample_comments_path",
]


def load(model=None, *, path=None, sha256: str | None = None) -> "ConductClassifier":
    """Load a fitted model by bundled name or path.

    Parameters
    ----------
    model : str or path-like, optional
        ``None`` or ``"default"``: the bundled default model; ``"fast"``: the
        bundled fast model (see ``conduct-nlp models``); anything else: the
        path of a model saved with :meth:`ConductClassifier.save`. Bundled
        models are loaded once per process and shared.
    path : path-like, optional
        Same as ``model`` (the parameter's name before 0.2; kept working).
    sha256 : str, optional
        Pin the artifact's SHA-256: any other file is refused before it is unpickled.

    Raises
    ------
    ModelNotFoundError
        No model at the path, or an unknown name (the message lists the valid names).
    ModelIntegrityError
        The file does not match its manifest's SHA-256 (tampered or truncated).
    IncompatibleModelError
        The file's format version is unknown to this release.
    """
    if path is not None:
        if model is not None:
            raise TypeError("give the model either positionally or as path=, not both")
        model = path
    return resolve_model(model, sha256)


@overload
def classify(text_or_texts: str, threshold=None, model=None) -> Prediction: ...
@overload
def classify(text_or_texts: Sequence[str], threshold=None, model=None) -> list[Prediction]: ...


def classify(text_or_texts, threshold=None, model=None):
    """Classify with a bundled model (see :meth:`ConductClassifier.classify`).

    ``model`` is ``None``/``"default"``, ``"fast"``, a path, or a loaded model.
    A model given by name or path runs through its inference-only predictor
    (:func:`load_predictor`: same outputs, no scikit-learn) when it has one.
    """
    return load_predictor(model).classify(text_or_texts, threshold=threshold)
