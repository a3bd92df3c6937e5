"""Scale-out on Dask: classify Dask DataFrames and Bags partition by partition.

Dask and distributed are an optional extra (``pip install 'conduct-nlp[dask]'``).
Each worker process loads the model **once** (cached by path and SHA-256) and
reuses it for every partition, so the model file must be readable at the same
path on every worker (shared storage), or be shipped with
``client.upload_file``.

Example::

    import dask.dataframe as dd
    from dask.distributed import Client
    from conduct_nlp.distributed import classify_dataframe

    client = Client("tcp://scheduler:8786")
    ddf = dd.read_csv("s3://bucket/comments-*.csv", dtype=str, keep_default_na=False)
    out = classify_dataframe(ddf, model_path="/shared/models/conduct_vi.joblib")
    out.to_parquet("s3://bucket/labelled/")
"""

from __future__ import annotations

import threading
from typing import Any, Iterable, Iterator

from .batch import annotate, result_columns, score_column

__all__ = ["classify_dataframe", "classify_bag", "worker_model"]

_cache: dict[tuple[str, str], Any] = {}
_lock = threading.Lock()


def _require_dask():
    try:
        import dask  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("the Dask engine needs dask and distributed: pip install 'conduct-nlp[dask]'") from None


def _resolve(model_path) -> tuple[str, str]:
    from .persistence import default_model_path, read_manifest

    path = str(model_path or default_model_path())
    return path, read_manifest(path)["artifact"]["sha256"]


def worker_model(model_path: str, sha256: str):
    """The model at ``model_path``, loaded once per process and cached (checked against ``sha256``)."""
    key = (model_path, sha256)
    with _lock:
        model = _cache.get(key)
        if model is None:
            from .persistence import load_model

            model = load_model(model_path)
            _cache[key] = model
        return model


def _classify_records(records: list[dict], model_path: str, sha256: str, text_column: str,
                      threshold) -> list[dict]:
    return annotate(worker_model(model_path, sha256), records, text_column, threshold)


def _classify_pandas(pdf, model_path: str, sha256: str, text_column: str, threshold):
    from .pandas_api import add_predictions

    return add_predictions(pdf, model=worker_model(model_path, sha256), text_column=text_column,
                           threshold=threshold)


def classify_dataframe(ddf, model_path=None, text_column: str = "text", threshold=None):
    """Add prediction columns to a Dask DataFrame, partition by partition.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
    model_path : path-like, optional
        Model readable by every worker; default the bundled model.
    text_column : str
    threshold : float, optional

    Returns
    -------
    dask.dataframe.DataFrame
        The input columns plus ``labels``, one ``score_<code>`` per label and ``error``.
    """
    _require_dask()
    import pandas as pd

    if text_column not in ddf.columns:
        raise KeyError(f"no column {text_column!r}; columns are {list(ddf.columns)}")
    path, sha = _resolve(model_path)
    classes = worker_model(path, sha).classes_
    meta = ddf._meta.copy()
    meta["labels"] = pd.Series(dtype=object)
    for c in classes:
        meta[score_column(c)] = pd.Series(dtype=float)
    meta["error"] = pd.Series(dtype=object)
    return ddf.map_partitions(_classify_pandas, path, sha, text_column, threshold, meta=meta)


def _bag_partition(items, model_path, sha256, text_column, threshold):
    records = [i if isinstance(i, dict) else {text_column: i} for i in items]
    return _classify_records(records, model_path, sha256, text_column, threshold)


def classify_bag(bag, model_path=None, text_column: str = "text", threshold=None):
    """Classify a Dask Bag of strings or dicts; yields dicts with the result columns added."""
    _require_dask()
    path, sha = _resolve(model_path)
    return bag.map_partitions(_bag_partition, path, sha, text_column, threshold)


# ---------------------------------------------------------------- used by batch.classify_file
def _local_or_remote_client(scheduler: str | None, jobs: int):
    _require_dask()
    from dask.distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(n_workers=max(jobs, 1), threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address=None)
    return Client(cluster), cluster


def _submit_chunks(client, chunks: Iterable[tuple], model_path, model, window: int) -> Iterator[list[dict]]:
    """Send chunks to the cluster with at most ``window`` in flight; results in input order."""
    from collections import deque

    if model_path is None:
        raise ValueError("the Dask engine needs a model file the workers can read (--model PATH)")
    path, sha = _resolve(model_path)
    pending: deque = deque()
    for chunk, text_column, threshold in chunks:
        pending.append(client.submit(_classify_records, chunk, path, sha, text_column, threshold, pure=False))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def result_column_names(model) -> list[str]:
    """Columns :func:`classify_dataframe` adds (for building ``meta`` by hand)."""
    return result_columns(model.classes_)
