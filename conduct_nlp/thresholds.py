"""From probabilities to labels: per-label thresholds, their tuning, and :func:`decide`.

:func:`decide` is the one place where probabilities become labels; the
classifier, ``evaluate``, ``report``, ``suggest`` and ``compare`` all call it.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from .exceptions import InvalidLabelError
from .metrics import f1_from_counts

__all__ = ["best_thresholds", "threshold_array", "decide", "DEFAULT_GRID"]

DEFAULT_GRID = np.round(np.arange(0.10, 0.91, 0.025), 3)


def threshold_array(threshold: Any, classes: Sequence[str]) -> np.ndarray:
    """Per-label thresholds from one float, a sequence in ``classes`` order or a ``{code: float}`` mapping.

    A mapping may leave labels out (they get 0.5). Every threshold must lie in (0, 1).

    Raises
    ------
    InvalidLabelError
        A mapping names a code not in ``classes``.
    ValueError
        Wrong length or a value outside (0, 1).
    """
    classes = tuple(classes)
    if isinstance(threshold, Mapping):
        unknown = [k for k in threshold if k not in classes]
        if unknown:
            raise InvalidLabelError(unknown[0], classes)
        arr = np.array([float(threshold.get(c, 0.5)) for c in classes])
    elif isinstance(threshold, (int, float)) and not isinstance(threshold, bool):
        arr = np.full(len(classes), float(threshold))
    elif isinstance(threshold, str):
        raise ValueError(f"threshold must be a float, a per-label sequence or mapping; got {threshold!r}")
    else:
        arr = np.asarray(threshold, dtype=float)
        if arr.shape != (len(classes),):
            raise ValueError(f"threshold sequence must have {len(classes)} values, got shape {arr.shape}")
    if ((arr <= 0) | (arr >= 1)).any():
        raise ValueError(f"thresholds must be in (0, 1), got {arr.tolist()}")
    return arr


def decide(proba: np.ndarray, thresholds: Any, multilabel: bool = True,
           classes: Sequence[str] | None = None) -> np.ndarray:
    """Indicator matrix of the labels a model gives, from its probabilities.

    Parameters
    ----------
    proba : ndarray of shape (n, k)
        Probabilities in ``classes`` order.
    thresholds : ndarray of shape (k,), float, sequence or mapping
        Per-label thresholds (anything :func:`threshold_array` accepts; a
        mapping needs ``classes``).
    multilabel : bool, default=True
        ``True``: every label whose probability reaches its threshold.
        ``False`` (single-label models): the most probable label only, none for
        a row of zeros (a comment with no known feature).
    classes : sequence of str, optional
        Label codes, to read a mapping of thresholds.

    Returns
    -------
    ndarray of int8, shape (n, k)
    """
    P = np.asarray(proba, dtype=float)
    if P.ndim != 2:
        raise ValueError(f"proba must be 2-D (n, k), got shape {P.shape}")
    if not multilabel:
        out = np.zeros(P.shape, dtype=np.int8)
        if len(P):
            out[np.arange(len(P)), P.argmax(axis=1)] = 1
            out[P.max(axis=1) == 0] = 0
        return out
    if isinstance(thresholds, np.ndarray) and thresholds.shape == (P.shape[1],):
        t = thresholds
    else:
        t = threshold_array(thresholds, classes if classes is not None else [str(j) for j in range(P.shape[1])])
    return (P >= t).astype(np.int8)


def best_thresholds(Y: np.ndarray, P: np.ndarray, grid: np.ndarray = DEFAULT_GRID,
                    default: float = 0.5, shrink: float = 0.5) -> np.ndarray:
    """Pick, for each label, the threshold on ``grid`` that maximises F1.

    Parameters
    ----------
    Y : ndarray of shape (n, k)
        True 0/1 labels.
    P : ndarray of shape (n, k)
        Out-of-fold probabilities.
    grid : ndarray
        Candidate thresholds.
    default : float
        Threshold kept for a label with no positive example.
    shrink : float in [0, 1]
        Pull the chosen threshold this far back towards ``default``; F1-optimal
        thresholds on a few hundred examples overfit, and halfway is a robust
        compromise.

    Returns
    -------
    ndarray of shape (k,)
    """
    Y = np.asarray(Y).astype(bool)
    P = np.asarray(P, dtype=float)
    out = np.full(Y.shape[1], default, dtype=float)
    for j in range(Y.shape[1]):
        y = Y[:, j]
        if not y.any():
            continue
        pred = P[:, j][None, :] >= np.asarray(grid)[:, None]  # (grid, n)
        tp = (pred & y).sum(axis=1)
        fp = (pred & ~y).sum(axis=1)
        fn = (~pred & y).sum(axis=1)
        scores = f1_from_counts(tp, fp, fn)
        best = float(grid[int(np.argmax(scores))])
        out[j] = round(shrink * default + (1 - shrink) * best, 4)
    return out
