"""Where chunks are classified: in this process, a process pool, or a Dask cluster.

Every engine yields the annotated chunks **in input order** with a bounded
number in flight, so memory stays flat and the output is the same bytes for
any engine and any number of workers.
"""

from __future__ import annotations

from collections import deque
from typing import Callable, Iterable, Iterator

from ..persistence import cached_predictor, predictor_pin
from .rows import annotate

__all__ = ["ordered_window", "LocalEngine", "PoolEngine", "DaskEngine", "classify_records", "dask_client"]

Chunk = tuple  # (rows, text_column, threshold)


def ordered_window(submit: Callable, result: Callable, items: Iterable, window: int) -> Iterator:
    """Submit items with at most ``window`` pending; yield their results in input order."""
    pending: deque = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


class LocalEngine:
    """Classify every chunk in this process. Use as a context manager; iterate :meth:`results`."""

    def __init__(self, model):
        self.model = model

    def results(self, chunks: Iterable[Chunk]) -> Iterator[list[dict]]:
        for rows, text_column, threshold in chunks:
            yield annotate(self.model, rows, text_column, threshold)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass


# ---------------------------------------------------------------- process pool
_WORKER_MODEL = None


def _init_worker(model_path: str | None, sha256: str | None, model_bytes: bytes | None) -> None:
    global _WORKER_MODEL
    if model_path is not None:  # the inference-only predictor when the model has one (same outputs)
        _WORKER_MODEL = cached_predictor(model_path, sha256)
    else:
        import pickle

        _WORKER_MODEL = pickle.loads(model_bytes)  # noqa: S301 - our own model, sent by the parent


def _work(chunk: Chunk) -> list[dict]:
    rows, text_column, threshold = chunk
    return annotate(_WORKER_MODEL, rows, text_column, threshold)


class PoolEngine:
    """Classify chunks in ``jobs`` spawned processes that load the model once each.

    Use as a context manager; iterate :meth:`results`.
    """

    def __init__(self, model, model_path: str | None, jobs: int):
        import multiprocessing as mp
        import pickle

        sha = predictor_pin(model_path) if model_path else None
        ctx = mp.get_context("spawn")
        self.jobs = jobs
        self.pool = ctx.Pool(jobs, initializer=_init_worker,
                             initargs=(model_path, sha, None if model_path else pickle.dumps(model)))

    def results(self, chunks: Iterable[Chunk]) -> Iterator[list[dict]]:
        return ordered_window(lambda c: self.pool.apply_async(_work, (c,)), lambda r: r.get(),
                              chunks, 2 * self.jobs)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.pool.terminate()


# ---------------------------------------------------------------- Dask
def classify_records(records: list[dict], model_path: str, sha256: str, text_column: str,
                     threshold) -> list[dict]:
    """Run on a Dask worker: classify records with the worker's cached model (its predictor when pinned to it)."""
    return annotate(cached_predictor(model_path, sha256), records, text_column, threshold)


def dask_client(scheduler: str | None, workers: int):
    """A client of the cluster at ``scheduler``, or of a new local cluster; returns ``(client, cluster)``."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("the Dask engine needs dask and distributed: pip install 'conduct-nlp[dask]'") from None
    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address=None)
    return Client(cluster), cluster


class DaskEngine:
    """Send chunks to a Dask cluster; the workers load the model file once each."""

    def __init__(self, model_path: str | None, scheduler: str | None, jobs: int):
        if model_path is None:
            raise ValueError("the Dask engine needs a model file the workers can read (--model PATH)")
        self.path = str(model_path)
        self.sha = predictor_pin(self.path)
        self.jobs = jobs
        self.client, self.cluster = dask_client(scheduler, jobs)

    def results(self, chunks: Iterable[Chunk]) -> Iterator[list[dict]]:
        def submit(c: Chunk):
            rows, text_column, threshold = c
            return self.client.submit(classify_records, rows, self.path, self.sha, text_column, threshold,
                                      pure=False)
        return ordered_window(submit, lambda fut: fut.result(), chunks, 2 * max(self.jobs, 1))

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
