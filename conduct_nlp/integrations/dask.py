"""Scale-out on Dask: classify Dask DataFrames and Bags partition by partition.

Dask and distributed are an optional extra (``pip install 'conduct-nlp[dask]'``).
Each worker process loads the model **once** (cached by path and SHA-256) and
reuses it for every partition, so the model file must be readable at the same
path on every worker (shared storage), or be shipped with
``client.upload_file``.

Example::

    import dask.dataframe as dd
    from dask.distributed import Client
    from conduct_nlp.integrations.dask import classify_dataframe

    client = Client("tcp://scheduler:8786")
    ddf = dd.read_csv("s3://bucket/comments-*.csv", dtype=str, keep_default_na=False)
    out = classify_dataframe(ddf, model_path="/shared/models/conduct_vi.skops")
    out.to_parquet("s3://bucket/labelled/")
"""

from __future__ import annotations


from ..batch.engines import classify_records
from ..batch.rows import result_columns, score_column
from ..persistence import cached_model, model_location, read_manifest
from .pandas import add_predictions

__all__ = ["classify_dataframe", "classify_bag", "worker_model", "result_column_names"]


def _require_dask():
    try:
        import dask  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("the Dask engine needs dask and distributed: pip install 'conduct-nlp[dask]'") from None


def _resolve(model_path) -> tuple[str, str]:
    path = str(model_location(model_path))
    return path, read_manifest(path)["artifact"]["sha256"]


def worker_model(model_path: str, sha256: str):
    """The model at ``model_path``, loaded once per process and cached (checked against ``sha256``)."""
    return cached_model(model_path, sha256)


def _classify_pandas(pdf, model_path: str, sha256: str, text_column: str, threshold):
    return add_predictions(pdf, model=worker_model(model_path, sha256), text_column=text_column,
                           threshold=threshold)


def classify_dataframe(ddf, model_path=None, text_column: str = "text", threshold=None):
    """Add prediction columns to a Dask DataFrame, partition by partition.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
    model_path : str or path-like, optional
        Model file readable by every worker, or a bundled name (``"default"``,
        ``"fast"``); default the bundled default model.
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
    return classify_records(records, model_path, sha256, text_column, threshold)


def classify_bag(bag, model_path=None, text_column: str = "text", threshold=None):
    """Classify a Dask Bag of strings or dicts; yields dicts with the result columns added."""
    _require_dask()
    path, sha = _resolve(model_path)
    return bag.map_partitions(_bag_partition, path, sha, text_column, threshold)


def result_column_names(model) -> list[str]:
    """Columns :func:`classify_dataframe` adds (for building ``meta`` by hand)."""
    return result_columns(model.classes_)
