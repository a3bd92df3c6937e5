"""Saving and loading models: a joblib artifact plus a JSON manifest.

Layout on disk, for ``model.save("models/conduct_vi.joblib")``::

    models/conduct_vi.joblib          the pickled estimator (joblib, compressed)
    models/conduct_vi.manifest.json   format version, library versions, labels,
                                      thresholds, training-data hash, metrics,
                                      and the artifact's SHA-256 and size

Loading a joblib/pickle file runs code. :func:`load_model` therefore reads the
manifest first and refuses an artifact whose SHA-256 or size differs from the
manifest's (tampered or truncated) *before* unpickling it. This protects
against corruption and casual tampering, not against an attacker who can
rewrite both files: only load models from a source you trust.

Both files are written to a temporary file in the target folder and renamed
into place (artifact first, manifest last), so a crash never leaves a
half-written model under its final name.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import threading
import warnings
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import joblib

from ._version import __version__
from .exceptions import IncompatibleModelError, ModelIntegrityError, ModelNotFoundError, ModelVersionWarning
from .files import atomic_write_bytes, sha256_file

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "save_model",
    "load_model",
    "read_manifest",
    "default_model_path",
    "bundled_model_path",
    "model_location",
    "resolve_model",
    "load_bundled",
    "load_default",
    "BUNDLED_MODELS",
    "manifest_path_for",
    "cached_model",
    "verify_model",
]

FORMAT_NAME = "conduct_nlp.model"
FORMAT_VERSION = 1
BUNDLED_MODELS: dict[str, str] = {
    "default": "conduct_vi.joblib",
    "fast": "conduct_vi_fast.joblib",
}
"""Names of the models shipped with the package → their file in ``models/``."""
DEFAULT_MODEL_FILE = BUNDLED_MODELS["default"]


def _lib_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def manifest_path_for(artifact: str | os.PathLike) -> Path:
    """``x/model.joblib`` → ``x/model.manifest.json``."""
    p = Path(artifact)
    return p.with_name(p.stem + ".manifest.json")


def save_model(model, path: str | os.PathLike, *, metrics: Mapping[str, Any] | None = None,
               data_files: Sequence[Mapping[str, Any]] | None = None) -> dict:
    """Save a fitted model and its manifest.

    Parameters
    ----------
    model : ConductClassifier
        A fitted model.
    path : path-like
        Where the artifact goes; ``.joblib`` is added if missing.
    metrics : dict, optional
        Evaluation results to record in the manifest.
    data_files : list of dict, optional
        Training files as ``{"path", "sha256", "rows"}``.

    Returns
    -------
    dict
        The manifest written.
    """
    from sklearn.utils.validation import check_is_fitted

    check_is_fitted(model, "estimators_")
    path = Path(path)
    if path.suffix != ".joblib":
        path = path.with_name(path.name + ".joblib")
    atomic_write_bytes(path, lambda f: joblib.dump(model, f, compress=("zlib", 3)))
    manifest = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "estimator": f"{type(model).__module__}.{type(model).__qualname__}",
        "artifact": {"file": path.name, "sha256": sha256_file(path), "size": path.stat().st_size},
        "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "versions": {
            "conduct_nlp": __version__,
            "scikit-learn": _lib_version("scikit-learn"),
            "underthesea": _lib_version("underthesea"),
            "numpy": _lib_version("numpy"),
            "joblib": _lib_version("joblib"),
            "python": platform.python_version(),
        },
        "tokenizer": {"name": getattr(model, "tokenizer", None),
                      "underthesea": _lib_version("underthesea")},
        "labels": [str(c) for c in model.classes_],
        "thresholds": {str(c): float(t) for c, t in zip(model.classes_, model.thresholds_)},
        "params": _jsonable(model.get_params()),
        "training_data": {**getattr(model, "training_data_", {}), "files": list(data_files or [])},
        "cv_report": getattr(model, "cv_report_", None),
        "metrics": _jsonable(dict(metrics or {})),
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    atomic_write_bytes(manifest_path_for(path), lambda f: f.write(text.encode("utf-8")))
    return manifest


def _jsonable(obj: Any) -> Any:
    return json.loads(json.dumps(obj, default=lambda o: o.tolist() if hasattr(o, "tolist") else repr(o)))


def _resolve(path: str | os.PathLike) -> tuple[Path, Path]:
    p = Path(path)
    if p.is_dir():
        manifests = sorted(p.glob("*.manifest.json"))
        if len(manifests) != 1:
            raise ModelNotFoundError(
                f"{p} is a folder with {len(manifests)} model manifests; give the .joblib file itself")
        p = manifests[0]
    if p.name.endswith(".manifest.json"):
        manifest = p
        artifact = p.with_name(p.name[: -len(".manifest.json")] + ".joblib")
    else:
        artifact, manifest = p, manifest_path_for(p)
    if not artifact.exists():
        raise ModelNotFoundError(f"no model file at {artifact}")
    if not manifest.exists():
        raise ModelIntegrityError(
            f"model {artifact} has no manifest ({manifest.name}); refusing to unpickle an unverified file")
    return artifact, manifest


def read_manifest(path: str | os.PathLike) -> dict:
    """Read and check the manifest of a model (artifact, manifest or folder path)."""
    _, manifest = _resolve(path)
    return _read_manifest_file(manifest)


def _read_manifest_file(manifest: Path) -> dict:
    try:
        data = json.loads(manifest.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ModelIntegrityError(f"cannot read model manifest {manifest}: {e}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise ModelIntegrityError(f"{manifest} is not a conduct_nlp model manifest")
    version = data.get("format_version")
    if not isinstance(version, int):
        raise ModelIntegrityError(f"{manifest}: format_version missing or not an integer")
    if version > FORMAT_VERSION:
        raise IncompatibleModelError(
            f"model format version {version} is newer than this conduct_nlp ({__version__}) reads "
            f"(up to {FORMAT_VERSION}); upgrade conduct_nlp to load it")
    if version not in _LOADERS:
        raise IncompatibleModelError(
            f"model format version {version} is no longer supported; supported: {sorted(_LOADERS)}")
    return data


def _verify_artifact(artifact: Path, manifest: dict) -> None:
    expected = manifest.get("artifact", {})
    size = artifact.stat().st_size
    if expected.get("size") is not None and size != expected["size"]:
        raise ModelIntegrityError(
            f"model file {artifact} is {size} bytes but its manifest says {expected['size']}: "
            "truncated or replaced; refusing to load it")
    digest = sha256_file(artifact)
    if digest != expected.get("sha256"):
        raise ModelIntegrityError(
            f"SHA-256 of {artifact} ({digest[:16]}…) does not match its manifest "
            f"({str(expected.get('sha256'))[:16]}…): the file was modified or corrupted; refusing to load it")


def _check_versions(manifest: dict, where: Path) -> None:
    saved = manifest.get("versions", {})
    for lib in ("scikit-learn", "underthesea"):
        have, had = _lib_version(lib), saved.get(lib)
        if had and have and had != have:
            warnings.warn(
                f"model {where.name} was saved with {lib} {had} but {lib} {have} is installed; "
                "predictions may differ. Retrain or pin the version to be sure.",
                ModelVersionWarning, stacklevel=4)


# Classes a model file may hold (the manifest's ``estimator``; manifests written
# before it was recorded hold a ConductClassifier).
ESTIMATOR_CLASSES = ("conduct_nlp.classifier.ConductClassifier",)


def _load_v1(artifact: Path, manifest: dict):
    from sklearn.exceptions import InconsistentVersionWarning

    expected = manifest.get("estimator", ESTIMATOR_CLASSES[0])
    if expected not in ESTIMATOR_CLASSES:
        raise ModelIntegrityError(
            f"{artifact}: manifest names estimator {expected!r}; this release loads only {ESTIMATOR_CLASSES}")

    with warnings.catch_warnings():
        # Our own ModelVersionWarning already names both versions.
        warnings.simplefilter("ignore", InconsistentVersionWarning)
        try:
            model = joblib.load(artifact)
        except Exception as e:  # corrupt pickle despite a matching hash, or missing classes
            raise ModelIntegrityError(f"cannot unpickle {artifact}: {type(e).__name__}: {e}") from None
    found = f"{type(model).__module__}.{type(model).__qualname__}"
    if found != expected:
        raise ModelIntegrityError(f"{artifact} holds a {found}, not the {expected} its manifest names")
    return model


# Format version → loader. A new format adds a loader here; old ones stay, with a test each.
_LOADERS: dict[int, Callable[[Path, dict], Any]] = {1: _load_v1}


def verify_model(path: str | os.PathLike, sha256: str | None = None) -> dict:
    """Check a model file against its manifest (and ``sha256`` when given) without loading it.

    Returns
    -------
    dict
        The manifest.

    Raises
    ------
    ModelNotFoundError, ModelIntegrityError, IncompatibleModelError
        As :func:`load_model`.
    """
    return _verified(path, sha256)[1]


def _verified(path: str | os.PathLike, sha256: str | None) -> tuple[Path, dict]:
    artifact, manifest_file = _resolve(path)
    manifest = _read_manifest_file(manifest_file)
    _verify_artifact(artifact, manifest)
    _check_pin(artifact, manifest, sha256)
    return artifact, manifest


def _check_pin(artifact, manifest: dict, sha256: str | None) -> None:
    if sha256 is not None and manifest["artifact"]["sha256"] != sha256.lower():
        raise ModelIntegrityError(
            f"{artifact} has SHA-256 {manifest['artifact']['sha256'][:16]}… but {sha256[:16]}… was pinned; "
            "refusing to load a model other than the one expected")


def load_model(path: str | os.PathLike, sha256: str | None = None):
    """Load a model saved by :func:`save_model`, verifying it first.

    Parameters
    ----------
    path : path-like
        The ``.joblib`` artifact, its ``.manifest.json``, or a folder holding one model.
    sha256 : str, optional
        The SHA-256 the artifact must have (pin the model you expect: a manifest
        rewritten to match a replaced file is then still refused).

    Returns
    -------
    ConductClassifier

    Raises
    ------
    ModelNotFoundError
        No such file.
    ModelIntegrityError
        Missing or unreadable manifest, or an artifact whose SHA-256 or size
        does not match it.
    IncompatibleModelError
        A format version this release cannot read.

    Warns
    -----
    ModelVersionWarning
        When scikit-learn or underthesea differ from the versions the model was saved with.
    """
    artifact, manifest = _verified(path, sha256)
    _check_versions(manifest, artifact)
    model = _LOADERS[manifest["format_version"]](artifact, manifest)
    model.manifest_ = manifest
    _warm_up(model)
    return model


_warm_lock = threading.Lock()


def _warm_up(model) -> None:
    """One prediction under a process-wide lock, so a loaded model is safe to share between threads.

    underthesea sets its word segmenter up lazily on first use, and that set-up races when
    several threads make the first call at once; the stacked linear heads are built here too.
    """
    with _warm_lock:
        model.classify_batch(["khởi động"])


def _unknown_name(name: str) -> ModelNotFoundError:
    return ModelNotFoundError(
        f"unknown bundled model {name!r}; valid names: {', '.join(sorted(BUNDLED_MODELS))} "
        "(or give the path of a model file)")


def bundled_model_path(name: str = "default") -> Path:
    """Where a bundled model is: inside the installed package, or ``models/`` of a checkout.

    Parameters
    ----------
    name : str, default="default"
        One of :data:`BUNDLED_MODELS` (``"default"``, ``"fast"``).

    Raises
    ------
    ModelNotFoundError
        For an unknown name (the message lists the valid ones), or when the
        model is not bundled with this installation.
    """
    if name not in BUNDLED_MODELS:
        raise _unknown_name(name)
    file = BUNDLED_MODELS[name]
    # an installed wheel carries the models in conduct_nlp/default_model/; a checkout in models/
    candidates = [Path(__file__).resolve().parent / "default_model" / file,
                  Path(__file__).resolve().parent.parent / "models" / file]
    for c in candidates:
        if c.exists():
            return c
    raise ModelNotFoundError(
        f"bundled model {name!r} not found (looked in: " + ", ".join(str(c) for c in candidates) + "). "
        "Train it with `python scripts/train_default.py` or pass a model path.")


def default_model_path() -> Path:
    """Where the bundled default model is (``bundled_model_path("default")``)."""
    return bundled_model_path("default")


def _bundled_name(model) -> str | None:
    """The bundled name ``model`` refers to (``None`` → ``"default"``); ``None`` for a path.

    A string that names an existing file or folder is a path, even if it is also a bundled name.
    """
    if model is None:
        return "default"
    if isinstance(model, str) and model in BUNDLED_MODELS and not Path(model).exists():
        return model
    return None


def model_location(model: str | os.PathLike | None) -> Path:
    """The file behind a model reference: ``None`` (the default), a bundled name, or a path.

    A string that names an existing file or folder is a path; otherwise a
    string without a path separator or suffix must be a bundled name.
    """
    name = _bundled_name(model)
    if name is not None:
        return bundled_model_path(name)
    p = Path(model)
    if not p.exists() and isinstance(model, str) and "/" not in model and "\\" not in model and not p.suffix:
        raise _unknown_name(model)
    return p


_bundled_lock = threading.Lock()
_bundled: dict[str, Any] = {}


def load_bundled(name: str = "default"):
    """A bundled model by name, loaded once per process and cached (thread-safe)."""
    model = _bundled.get(name)
    if model is None:
        with _bundled_lock:
            model = _bundled.get(name)
            if model is None:
                model = _bundled[name] = load_model(bundled_model_path(name))
    return model


def load_default():
    """The bundled default model, loaded once per process and cached (thread-safe)."""
    return load_bundled("default")


def resolve_model(model=None, sha256: str | None = None):
    """A fitted model from a reference: a model object, ``None``, a bundled name or a path.

    Bundled models are cached per process; a path is loaded (and verified) each time.
    ``sha256`` pins the file (not for a model object, which has no file to check).
    """
    if hasattr(model, "predict_proba"):
        if sha256 is not None:
            raise TypeError("sha256= pins a model file; got a model that is already loaded")
        return model
    name = _bundled_name(model)
    if name is None:
        return load_model(model_location(model), sha256)
    loaded = load_bundled(name)  # verified when it was loaded; the pin is checked against its manifest
    _check_pin(bundled_model_path(name), loaded.manifest_, sha256)
    return loaded


_cache_lock = threading.Lock()
_cache: dict[tuple[str, str], Any] = {}


def cached_model(path: str | os.PathLike, sha256: str):
    """The model at ``path``, loaded once per process and cached by path and SHA-256.

    Used by worker processes (process pool, Dask) so that every chunk they
    classify reuses one loaded model. A file whose SHA-256 is no longer
    ``sha256`` (it changed since the run started) is refused on first load.
    """
    key = (str(path), sha256)
    with _cache_lock:
        model = _cache.get(key)
        if model is None:
            model = _cache[key] = load_model(path, sha256)
        return model
