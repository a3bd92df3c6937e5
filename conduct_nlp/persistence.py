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
import hashlib
import json
import os
import platform
import tempfile
import threading
import warnings
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import joblib

from ._version import __version__
from .exceptions import IncompatibleModelError, ModelIntegrityError, ModelNotFoundError, ModelVersionWarning

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "save_model",
    "load_model",
    "read_manifest",
    "default_model_path",
    "load_default",
    "sha256_file",
    "manifest_path_for",
    "atomic_write_bytes",
]

FORMAT_NAME = "conduct_nlp.model"
FORMAT_VERSION = 1
DEFAULT_MODEL_FILE = "conduct_vi.joblib"


def _lib_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def sha256_file(path: str | os.PathLike, chunk: int = 1 << 20) -> str:
    """SHA-256 hex digest of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(chunk), b""):
            h.update(block)
    return h.hexdigest()


def manifest_path_for(artifact: str | os.PathLike) -> Path:
    """``x/model.joblib`` → ``x/model.manifest.json``."""
    p = Path(artifact)
    return p.with_name(p.stem + ".manifest.json")


def atomic_write_bytes(path: str | os.PathLike, write: Callable[[Any], None]) -> None:
    """Write a file through a temporary file in the same folder, then rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


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


def _load_v1(artifact: Path, manifest: dict):
    from sklearn.exceptions import InconsistentVersionWarning

    from .classifier import ConductClassifier

    with warnings.catch_warnings():
        # Our own ModelVersionWarning already names both versions.
        warnings.simplefilter("ignore", InconsistentVersionWarning)
        try:
            model = joblib.load(artifact)
        except Exception as e:  # corrupt pickle despite a matching hash, or missing classes
            raise ModelIntegrityError(f"cannot unpickle {artifact}: {type(e).__name__}: {e}") from None
    if not isinstance(model, ConductClassifier):
        raise ModelIntegrityError(f"{artifact} holds a {type(model).__name__}, not a ConductClassifier")
    return model


# Format version → loader. A new format adds a loader here; old ones stay, with a test each.
_LOADERS: dict[int, Callable[[Path, dict], Any]] = {1: _load_v1}


def load_model(path: str | os.PathLike):
    """Load a model saved by :func:`save_model`, verifying it first.

    Parameters
    ----------
    path : path-like
        The ``.joblib`` artifact, its ``.manifest.json``, or a folder holding one model.

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
    artifact, manifest_file = _resolve(path)
    manifest = _read_manifest_file(manifest_file)
    _verify_artifact(artifact, manifest)
    _check_versions(manifest, artifact)
    model = _LOADERS[manifest["format_version"]](artifact, manifest)
    model.manifest_ = manifest
    return model


def default_model_path() -> Path:
    """Where the bundled default model is: inside the installed package, or ``models/`` of a checkout.

    Raises
    ------
    ModelNotFoundError
        When no default model is bundled.
    """
    # an installed wheel carries the model in conduct_nlp/default_model/; a checkout in models/
    candidates = [Path(__file__).resolve().parent / "default_model" / DEFAULT_MODEL_FILE]
    candidates.append(Path(__file__).resolve().parent.parent / "models" / DEFAULT_MODEL_FILE)
    for c in candidates:
        if c.exists():
            return c
    raise ModelNotFoundError(
        "no bundled default model found (looked in: " + ", ".join(str(c) for c in candidates) + "). "
        "Train one with `python scripts/train_default.py` or pass a model path.")


_default_lock = threading.Lock()
_default_model = None


def load_default():
    """The bundled default model, loaded once per process and cached (thread-safe)."""
    global _default_model
    if _default_model is None:
        with _default_lock:
            if _default_model is None:
                _default_model = load_model(default_model_path())
    return _default_model
