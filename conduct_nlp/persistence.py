"""Saving and loading models: a skops artifact plus a JSON manifest.

Layout on disk, for ``model.save("models/conduct_vi.skops")``::

    models/conduct_vi.skops           the estimator, in skops format (a zip of
                                      JSON and numpy arrays: data, not code)
    models/conduct_vi.manifest.json   format version, library versions, labels,
                                      thresholds, training-data hash, metrics,
                                      and the artifact's SHA-256 and size
    models/conduct_vi.predictor.npz   the inference-only copy (numpy arrays only,
                                      :mod:`conduct_nlp.compiled`), when the
                                      configuration allows; its SHA-256 and size
                                      are in the manifest (``"predictor"``)

Format 2 (the default, ``.skops``) is read with :func:`skops.io.load` and an
explicit allow-list of the types this library writes
(:data:`TRUSTED_TYPES`): a file holding any other type is refused before
anything in it is built, so loading a model cannot run code.

Format 1 (``.joblib``, conduct_nlp 0.1) is a pickle, and loading a pickle
runs code. Such files still load, after the manifest check below, with an
:class:`~conduct_nlp.exceptions.UnsafeFormatWarning`; :func:`convert_model`
rewrites one as format 2. Saving to a path ending in ``.joblib`` still writes
format 1 (with the same warning).

Whatever the format, :func:`load_model` reads the manifest first and refuses
an artifact whose SHA-256 or size differs from the manifest's (tampered or
truncated), and ``sha256=`` pins the exact file one expects.

Every file is written to a temporary file in the target folder and renamed
into place (artifact first, predictor next, manifest last), so a crash never
leaves a half-written model under its final name.

:func:`load_predictor` reads only the manifest and the predictor file (no
scikit-learn, no skops) and falls back to :func:`load_model` for a model
without one.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import threading
import warnings
import zipfile
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from ._version import __version__
from .compiled import (
    PREDICTOR_VERSION,
    READABLE_VERSIONS,
    Predictor,
    export_predictor,
    read_predictor,
    unsupported_reason,
    write_predictor,
)
from .exceptions import (
    IncompatibleModelError,
    ModelIntegrityError,
    ModelNotFoundError,
    ModelVersionWarning,
    UnsafeFormatWarning,
)
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
    "convert_model",
    "TRUSTED_TYPES",
    "load_predictor",
    "cached_predictor",
    "predictor_path_for",
    "predictor_pin",
]

TRUSTED_TYPES: tuple[str, ...] = (
    "conduct_nlp.classifier.ConductClassifier",
    "conduct_nlp.classifier._ConstantProba",
    "conduct_nlp.classifier._OneOfMany",
    "conduct_nlp.features.CompactTfidfVectorizer",
    "conduct_nlp.features.NgramFeatures",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.svm._classes.LinearSVC",
)
"""Every type (besides builtins and numpy/scipy containers) a model file may hold.

skops files holding anything else are refused before they are loaded."""

FORMAT_NAME = "conduct_nlp.model"
FORMAT_VERSION = 2
"""Format written by :func:`save_model` (1: joblib pickle, 2: skops)."""
SUFFIXES = {".skops": 2, ".joblib": 1}
"""Artifact suffix → the format version it is written in."""
BUNDLED_MODELS: dict[str, str] = {
    "default": "conduct_vi.skops",
    "fast": "conduct_vi_fast.skops",
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


def predictor_path_for(artifact: str | os.PathLike) -> Path:
    """``x/model.skops`` → ``x/model.predictor.npz`` (the inference-only copy, :mod:`conduct_nlp.compiled`)."""
    p = Path(artifact)
    return p.with_name(p.stem + ".predictor.npz")


def save_model(model, path: str | os.PathLike, *, metrics: Mapping[str, Any] | None = None,
               data_files: Sequence[Mapping[str, Any]] | None = None) -> dict:
    """Save a fitted model and its manifest.

    Parameters
    ----------
    model : ConductClassifier
        A fitted model.
    path : path-like
        Where the artifact goes. ``.skops`` (format 2, safe to load) is added
        when the name ends otherwise; a name ending in ``.joblib`` writes the
        legacy pickle format 1 and warns.
    metrics : dict, optional
        Evaluation results to record in the manifest.
    data_files : list of dict, optional
        Training files as ``{"path", "sha256", "rows"}``.

    Returns
    -------
    dict
        The manifest written. Its ``"predictor"`` entry names the inference-only
        copy written beside the artifact (``<stem>.predictor.npz``, see
        :mod:`conduct_nlp.compiled`), or has ``"file": None`` and the reason
        when the configuration has none.

    Warns
    -----
    UnsafeFormatWarning
        When writing a ``.joblib`` file.
    """
    from sklearn.utils.validation import check_is_fitted

    check_is_fitted(model, "estimators_")
    path = Path(path)
    if path.suffix not in SUFFIXES:
        path = path.with_name(path.name + ".skops")
    version = SUFFIXES[path.suffix]
    if version == 1:
        warnings.warn(f"{path.name}: the .joblib format is a pickle, which runs code when loaded; "
                      "save to a .skops path for the safe format", UnsafeFormatWarning, stacklevel=3)
    atomic_write_bytes(path, lambda f: _WRITERS[version](model, f))
    predictor = _write_predictor(model, path)
    manifest = {
        "format": FORMAT_NAME,
        "format_version": version,
        "estimator": f"{type(model).__module__}.{type(model).__qualname__}",
        "artifact": {"file": path.name, "sha256": sha256_file(path), "size": path.stat().st_size,
                     "serialization": "skops" if version == 2 else "joblib"},
        "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "versions": {lib: _lib_version(lib) for lib in _RECORDED_LIBS} | {
            "conduct_nlp": __version__, "python": platform.python_version()},
        "tokenizer": {"name": getattr(model, "tokenizer", None),
                      "underthesea": _lib_version("underthesea")},
        "labels": [str(c) for c in model.classes_],
        "thresholds": {str(c): float(t) for c, t in zip(model.classes_, model.thresholds_)},
        "params": _jsonable(model.get_params()),
        "training_data": {**getattr(model, "training_data_", {}), "files": list(data_files or [])},
        "cv_report": getattr(model, "cv_report_", None),
        "metrics": _jsonable(dict(metrics or {})),
        "predictor": predictor,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    atomic_write_bytes(manifest_path_for(path), lambda f: f.write(text.encode("utf-8")))
    return manifest


_RECORDED_LIBS = ("scikit-learn", "underthesea", "numpy", "scipy", "skops", "joblib")


def _write_predictor(model, artifact: Path) -> dict:
    """Write the inference-only copy beside ``artifact``; its manifest entry (``file: None`` + reason if none)."""
    target = predictor_path_for(artifact)
    reason = unsupported_reason(model)
    if reason is not None:
        target.unlink(missing_ok=True)  # a stale file of an earlier model saved under this name
        return {"file": None, "unsupported": reason}
    arrays = export_predictor(model)
    atomic_write_bytes(target, lambda f: write_predictor(arrays, f))
    return {"file": target.name, "sha256": sha256_file(target), "size": target.stat().st_size,
            "format_version": PREDICTOR_VERSION}


def _write_skops(model, f) -> None:
    import skops.io as sio

    state = model.__dict__.pop("manifest_", None)  # the manifest lives beside the artifact, not in it
    try:
        sio.dump(model, f, compression=zipfile.ZIP_DEFLATED, compresslevel=6)
    finally:
        if state is not None:
            model.manifest_ = state


def _write_joblib(model, f) -> None:
    import joblib

    joblib.dump(model, f, compress=("zlib", 3))


_WRITERS: dict[int, Callable[[Any, Any], None]] = {1: _write_joblib, 2: _write_skops}


def _jsonable(obj: Any) -> Any:
    return json.loads(json.dumps(obj, default=lambda o: o.tolist() if hasattr(o, "tolist") else repr(o)))


def _resolve(path: str | os.PathLike) -> tuple[Path, Path]:
    p = Path(path)
    if p.is_dir():
        manifests = sorted(p.glob("*.manifest.json"))
        if len(manifests) != 1:
            raise ModelNotFoundError(
                f"{p} is a folder with {len(manifests)} model manifests; give the model file itself")
        p = manifests[0]
    if p.name.endswith(".manifest.json"):
        manifest, artifact = p, _artifact_named_by(p)
    else:
        artifact, manifest = p, manifest_path_for(p)
    if not artifact.exists():
        raise ModelNotFoundError(f"no model file at {artifact}")
    if not manifest.exists():
        raise ModelIntegrityError(
            f"model {artifact} has no manifest ({manifest.name}); refusing to load an unverified file")
    return artifact, manifest


def _artifact_named_by(manifest: Path) -> Path:
    """The artifact a manifest names (a bare file name beside it), or the 0.1 default ``.joblib``."""
    stem = manifest.name[: -len(".manifest.json")]
    try:
        name = json.loads(manifest.read_text("utf-8"))["artifact"]["file"]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError):
        return manifest.with_name(stem + ".joblib")  # reported properly when the manifest is read
    return _sibling(manifest, name, "artifact")


def _sibling(manifest: Path, name: Any, what: str) -> Path:
    """The file ``name`` beside ``manifest``; a manifest may only name a plain file in its own folder."""
    if not isinstance(name, str) or Path(name).name != name or name in ("", ".", ".."):
        raise ModelIntegrityError(f"{manifest}: {what} file {name!r} is not a plain file name")
    return manifest.with_name(name)


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


def _check_versions(manifest: dict, where: Path, libs: Sequence[str] = ("scikit-learn", "underthesea")) -> None:
    saved = manifest.get("versions", {})
    for lib in libs:
        have, had = _lib_version(lib), saved.get(lib)
        if had and have and had != have:
            warnings.warn(
                f"model {where.name} was saved with {lib} {had} but {lib} {have} is installed; "
                "predictions may differ. Retrain or pin the version to be sure.",
                ModelVersionWarning, stacklevel=4)


# Classes a model file may hold (the manifest's ``estimator``; manifests written
# before it was recorded hold a ConductClassifier).
ESTIMATOR_CLASSES = ("conduct_nlp.classifier.ConductClassifier",)


def _expected_estimator(artifact: Path, manifest: dict) -> str:
    expected = manifest.get("estimator", ESTIMATOR_CLASSES[0])
    if expected not in ESTIMATOR_CLASSES:
        raise ModelIntegrityError(
            f"{artifact}: manifest names estimator {expected!r}; this release loads only {ESTIMATOR_CLASSES}")
    return expected


def _check_class(model, expected: str, artifact: Path) -> None:
    found = f"{type(model).__module__}.{type(model).__qualname__}"
    if found != expected:
        raise ModelIntegrityError(f"{artifact} holds a {found}, not the {expected} its manifest names")


def _load_v1(artifact: Path, manifest: dict):
    """Format 1: a joblib pickle (conduct_nlp 0.1). Runs code: loaded only after the hash check."""
    import joblib
    from sklearn.exceptions import InconsistentVersionWarning

    from .features import legacy_vocabulary_allowed

    expected = _expected_estimator(artifact, manifest)
    warnings.warn(f"{artifact.name} is in the legacy joblib format, a pickle that can run code when loaded; "
                  "convert it with conduct_nlp.convert_model() to the safe .skops format",
                  UnsafeFormatWarning, stacklevel=4)
    with warnings.catch_warnings(), legacy_vocabulary_allowed():
        # Our own ModelVersionWarning already names both versions.
        warnings.simplefilter("ignore", InconsistentVersionWarning)
        try:
            model = joblib.load(artifact)
        except Exception as e:  # corrupt pickle despite a matching hash, or missing classes
            raise ModelIntegrityError(f"cannot unpickle {artifact}: {type(e).__name__}: {e}") from None
    _check_class(model, expected, artifact)
    return model


def _load_v2(artifact: Path, manifest: dict):
    """Format 2: a skops file, loaded with :data:`TRUSTED_TYPES` as the only types allowed."""
    import skops.io as sio

    expected = _expected_estimator(artifact, manifest)
    try:
        untrusted = sio.get_untrusted_types(file=artifact)
    except Exception as e:  # not a zip, or no schema in it
        raise ModelIntegrityError(f"cannot read {artifact} as a skops file: {type(e).__name__}: {e}") from None
    foreign = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if foreign:
        raise ModelIntegrityError(
            f"{artifact} holds types this library never writes: {', '.join(foreign)}; "
            "refusing to load it (a model file must hold only conduct_nlp's own types)")
    try:
        model = sio.load(artifact, trusted=list(untrusted))
    except Exception as e:  # a malformed schema despite a matching hash
        raise ModelIntegrityError(f"cannot load {artifact}: {type(e).__name__}: {e}") from None
    _check_class(model, expected, artifact)
    return model


# Format version → loader. A new format adds a loader here; old ones stay, with a test each.
_LOADERS: dict[int, Callable[[Path, dict], Any]] = {1: _load_v1, 2: _load_v2}


def convert_model(src: str | os.PathLike, dst: str | os.PathLike | None = None,
                  sha256: str | None = None) -> dict:
    """Rewrite a model in the current safe format (e.g. a 0.1 ``.joblib`` file as ``.skops``).

    Parameters
    ----------
    src : path-like
        The model to convert; verified against its manifest (and ``sha256``) first.
        A ``.joblib`` file is a pickle: convert only files you trust.
    dst : path-like, optional
        Where to write; default ``src`` with the suffix ``.skops``.
    sha256 : str, optional
        Pin the SHA-256 ``src`` must have.

    Returns
    -------
    dict
        The new manifest; metrics and training files are carried over.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnsafeFormatWarning)
        model = load_model(src, sha256)
    old = model.manifest_
    dst = Path(dst) if dst is not None else _resolve(model_location(src))[0].with_suffix(".skops")
    if dst.suffix != ".skops":
        raise ValueError(f"convert to a .skops file, got {dst}")
    return save_model(model, dst, metrics=old.get("metrics"),
                      data_files=old.get("training_data", {}).get("files"))


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


def _once(store: dict, lock: threading.Lock, key: Any, load: Callable[[], Any]) -> Any:
    """``store[key]``, made by ``load()`` on first use: one load per key per process, whatever the threads."""
    found = store.get(key)
    if found is None:
        with lock:
            found = store.get(key)
            if found is None:
                found = store[key] = load()
    return found


def load_bundled(name: str = "default"):
    """A bundled model by name, loaded once per process and cached (thread-safe)."""
    return _once(_bundled, _bundled_lock, name, lambda: load_model(bundled_model_path(name)))


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
    return _once(_cache, _cache_lock, (str(path), sha256), lambda: load_model(path, sha256))


# ---------------------------------------------------------------- inference-only predictor
_predictor_lock = threading.Lock()
_predictors: dict[tuple[str, str | None], Any] = {}


def load_predictor(model=None, sha256: str | None = None):
    """The inference-only copy of a model (:class:`~conduct_nlp.compiled.Predictor`), or the model itself.

    A :class:`Predictor` gives the same ``classify``/``predict``/``predict_proba``
    outputs as the full model, and loads without scikit-learn or skops (the
    fast model's cold start is a fraction of a second). Models saved without
    one (configurations it does not support, or files written before 0.3) load
    as the full :class:`~conduct_nlp.ConductClassifier`, which has the same
    prediction API.

    Parameters
    ----------
    model : str or path-like, optional
        ``None``/``"default"``, ``"fast"`` (bundled models: loaded once per
        process and shared, thread-safe), or the path of a saved model (loaded
        and verified each time). A loaded model is returned as it is.
    sha256 : str, optional
        Pin the predictor file's SHA-256 (the manifest's ``predictor.sha256``).
        A pin of the model artifact itself (``artifact.sha256``) returns the
        full model, verified as :func:`load_model` does: only the predictor's
        own hash vouches for the predictor file.

    Raises
    ------
    ModelNotFoundError, ModelIntegrityError, IncompatibleModelError
        As :func:`load_model`; a predictor file that is missing or does not
        match its manifest entry is a :class:`ModelIntegrityError`.
    """
    if hasattr(model, "predict_proba"):
        if sha256 is not None:
            raise TypeError("sha256= pins a model file; got a model that is already loaded")
        return model
    name = _bundled_name(model)
    path = bundled_model_path(name) if name is not None else model_location(model)
    if name is None:
        return _load_predictor_file(path, sha256)
    return _cached_predictor(path, sha256)


def predictor_pin(path: str | os.PathLike) -> str:
    """The SHA-256 to pin :func:`load_predictor` of ``path`` with: the predictor file's, else the artifact's.

    Worker processes load with it, so a file that changes during a run is refused either way.
    """
    manifest = read_manifest(path)
    entry = manifest.get("predictor") or {}
    return entry["sha256"] if entry.get("file") else manifest["artifact"]["sha256"]


def cached_predictor(path: str | os.PathLike, sha256: str | None):
    """:func:`load_predictor` of ``path``, loaded once per process and cached by path and pin (for workers)."""
    return _cached_predictor(Path(path), sha256)


def _cached_predictor(path: Path, sha256: str | None):
    key = (str(path), sha256.lower() if sha256 else None)
    return _once(_predictors, _predictor_lock, key, lambda: _load_predictor_file(path, sha256))


def _load_predictor_file(path: Path, sha256: str | None):
    artifact, manifest_file = _resolve(path)
    manifest = _read_manifest_file(manifest_file)
    entry = manifest.get("predictor") or {}
    if not entry.get("file") or (sha256 is not None and sha256.lower() != entry.get("sha256")):
        return load_model(artifact, sha256)  # no predictor for this model, or the artifact is pinned
    target = _predictor_file(manifest_file, entry)
    predictor = _read_predictor_checked(target, entry)
    if predictor.tokenizer != "syllable":
        _check_versions(manifest, artifact, ("underthesea",))
    predictor.manifest_ = manifest
    with _warm_lock:  # underthesea's segmenter sets itself up on first use; that races between threads
        predictor.classify_batch(["khởi động"])
    return predictor


def _predictor_file(manifest_file: Path, entry: dict) -> Path:
    name = entry["file"]
    target = _sibling(manifest_file, name, "predictor")
    if not target.exists():
        raise ModelIntegrityError(f"{manifest_file.name} names the predictor file {name}, which is missing; "
                                  "refusing to guess (re-save the model, or load() the full model)")
    return target


def _read_predictor_checked(target: Path, entry: dict) -> Predictor:
    """Read the file once, check its size and SHA-256 against the manifest, then build the predictor."""
    import hashlib

    data = target.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if len(data) != entry.get("size") or digest != entry.get("sha256"):
        raise ModelIntegrityError(
            f"predictor file {target} ({len(data)} bytes, SHA-256 {digest[:16]}…) does not match its manifest "
            f"({entry.get('size')} bytes, {str(entry.get('sha256'))[:16]}…): modified or corrupted; "
            "refusing to load it")
    if entry.get("format_version") not in READABLE_VERSIONS:
        raise IncompatibleModelError(
            f"{target}: predictor format {entry.get('format_version')!r}; this release reads {READABLE_VERSIONS}")
    try:
        return read_predictor(data)
    except Exception as e:  # a malformed file despite a matching hash
        raise ModelIntegrityError(f"cannot read predictor {target}: {type(e).__name__}: {e}") from None
