"""What counts as classifiable text: one policy for every entry point.

``classify``, ``classify_iter``, ``conduct-nlp classify``, ``add_predictions``
and the Dask integration all apply :func:`row_error` to each item:

- ``None`` → ``"missing text"``; any other non-``str`` → ``"text is not a string (int)"``;
- blank text → ``"empty text"``;
- text that cannot be encoded as UTF-8 (a lone surrogate) → ``"text is not valid Unicode ..."``;
- text longer than ``max_chars`` (default :data:`MAX_CHARS`) → ``"text too long (N characters > M)"``.

Such an item gets a :class:`~conduct_nlp.Prediction` with no labels, zero
scores and that ``error``; it never stops a batch. Too-long text is **refused,
not truncated**: a label computed from part of a comment would be counted as if
it described the whole one, and a refusal is visible in the output where a cut
is not. Raise ``max_chars`` (``ConductClassifier(max_chars=...)``) to accept
longer comments.

``fit`` applies the same policy to training texts and refuses a training set
with any failing row, naming it.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence, TypeVar

from .exceptions import InvalidInputError

__all__ = ["MAX_CHARS", "check_texts", "row_error", "iter_batches"]

T = TypeVar("T")

MAX_CHARS = 10_000
"""Default longest comment (in characters) a model classifies."""


def check_texts(texts: Any, *, name: str = "texts") -> list[str]:
    """Validate model input: a ``str`` or an iterable of ``str``.

    Returns
    -------
    list of str

    Raises
    ------
    InvalidInputError
        Naming the position and type of the first item that is not a string.
    """
    if isinstance(texts, str):
        return [texts]
    if texts is None or isinstance(texts, (bytes, bytearray, Mapping)) or not hasattr(texts, "__iter__"):
        raise InvalidInputError(
            f"{name} must be a str or a list of str, got {type(texts).__name__}"
        )
    out = list(texts)
    for i, t in enumerate(out):
        if not isinstance(t, str):
            raise InvalidInputError(
                f"{name}[{i}] must be str, got {type(t).__name__} ({t!r:.60})"
            )
    return out


def row_error(value: Any, max_chars: int | None = MAX_CHARS) -> str | None:
    """Why ``value`` cannot be classified, or ``None`` if it can (see the module docstring)."""
    if value is None:
        return "missing text"
    if not isinstance(value, str):
        return f"text is not a string ({type(value).__name__})"
    if not value.strip():
        return "empty text"
    if max_chars is not None and len(value) > max_chars:
        return f"text too long ({len(value)} characters > {max_chars})"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        return f"text is not valid Unicode (lone surrogate at character {e.start})"
    return None


def iter_batches(classify_batch: Callable[[Sequence[Any], Any], Sequence[T]], texts: Iterable[Any],
                 batch_size: int, threshold: Any = None) -> Iterator[T]:
    """Run ``classify_batch(batch, threshold)`` over ``texts`` lazily, ``batch_size`` items at a time.

    The shared body of every model's ``classify_iter``: a single ``str`` is one comment (not an
    iterable of characters); outputs come in input order.

    Raises
    ------
    ValueError
        ``batch_size`` is not an int >= 1.
    InvalidInputError
        ``texts`` is not an iterable (or is bytes).
    """
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be an int >= 1, got {batch_size!r}")
    if isinstance(texts, str):
        texts = [texts]
    elif texts is None or isinstance(texts, (bytes, bytearray)) or not hasattr(texts, "__iter__"):
        raise InvalidInputError(f"texts must be an iterable of str, got {type(texts).__name__}")
    return _batches(classify_batch, texts, batch_size, threshold)


def _batches(classify_batch, texts, batch_size, threshold):
    batch: list[Any] = []
    for item in texts:
        batch.append(item)
        if len(batch) >= batch_size:
            yield from classify_batch(batch, threshold)
            batch = []
    if batch:
        yield from classify_batch(batch, threshold)
