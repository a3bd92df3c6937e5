"""A few example comments per label, chosen deterministically in one pass with bounded memory."""

from __future__ import annotations

import heapq
import random
from typing import Any

from ..labels import LABELS

__all__ = ["ExampleKeeper"]


class ExampleKeeper:
    """Keep ``k`` example rows per label while rows stream past.

    With scores, the ``k`` rows with the highest score for the label (ties: the
    earlier row); without, a uniform reservoir sample (Algorithm R) with a fixed
    seed. Either way the choice depends only on the rows and their order, and
    no text is kept twice for one label. Memory: ``k`` rows per label.
    """

    def __init__(self, k: int = 3, seed: int = 0):
        if k < 0:
            raise ValueError(f"examples must be >= 0, got {k}")
        self.k = k
        self._rng = random.Random(seed)
        self._heaps: list[list[tuple[float, int, dict]]] = [[] for _ in LABELS]
        self._seen = [0] * len(LABELS)

    def offer(self, j: int, row_number: int, score: float | None, make: Any) -> None:
        """Consider the row ``row_number`` for label index ``j``; ``make()`` builds its record if kept."""
        if self.k == 0:
            return
        heap = self._heaps[j]
        if score is not None:
            key = (score, -row_number)
            if len(heap) == self.k and key <= heap[0][:2]:
                return
            record = make()
            if any(r["text"] == record["text"] for _, _, r in heap):
                return
            item = (score, -row_number, record)
            if len(heap) < self.k:
                heapq.heappush(heap, item)
            else:
                heapq.heapreplace(heap, item)
            return
        self._seen[j] += 1
        if len(heap) < self.k:
            record = make()
            if all(r["text"] != record["text"] for _, _, r in heap):
                heap.append((0.0, -row_number, record))
            return
        slot = self._rng.randrange(self._seen[j])
        if slot < self.k:
            record = make()
            if all(r["text"] != record["text"] for _, _, r in heap):
                heap[slot] = (0.0, -row_number, record)

    def examples(self) -> dict[str, list[dict]]:
        """Label code → kept records (with ``score``: ``None`` without scores), best first, else by row order."""
        out = {}
        for code, heap in zip(LABELS, self._heaps):
            scored = self._seen[LABELS.index(code)] == 0
            items = sorted(heap, key=lambda t: (-t[0], -t[1]))
            out[code] = [{**r, "score": s if scored else None} for s, _, r in items]
        return out
