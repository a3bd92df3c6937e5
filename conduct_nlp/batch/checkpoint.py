"""Resumable output: ``OUTPUT.partial`` written chunk by chunk, ``OUTPUT.checkpoint.json`` after each.

The checkpoint records the rows and bytes of the last complete chunk, the
input's fingerprint, the model's SHA-256 and the options. ``--resume`` checks
that all of them are unchanged, truncates the partial file to the recorded
byte offset and goes on; the final output is byte-identical to an
uninterrupted run. The partial file is renamed to ``OUTPUT`` only when every
row is done, so no half-written file ever carries the final name.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from ..files import atomic_write_json, file_fingerprint

__all__ = ["CHECKPOINT_VERSION", "checkpoint_path", "partial_path", "new_state", "resume_state", "Output"]

CHECKPOINT_VERSION = 1
_MUST_MATCH = ("version", "input", "input_fingerprint", "model_sha256", "options")


def checkpoint_path(output_path: str) -> Path:
    return Path(str(output_path) + ".checkpoint.json")


def partial_path(output_path: str) -> Path:
    return Path(str(output_path) + ".partial")


def new_state(input_path: str, model_sha256: str | None, options: dict[str, Any]) -> dict:
    """The checkpoint of a run that has not started."""
    return {
        "version": CHECKPOINT_VERSION,
        "input": os.path.abspath(input_path) if input_path != "-" else "-",
        "input_fingerprint": file_fingerprint(input_path) if input_path != "-" else None,
        "model_sha256": model_sha256,
        "options": options,
        "rows_done": 0, "bytes_done": 0,
        "summary": None,
    }


def resume_state(output_path: str, state: dict, *, resume: bool, overwrite: bool) -> dict:
    """The state to run from: ``state`` itself, or the interrupted run's after checking it matches.

    Raises
    ------
    FileExistsError
        A checkpoint exists and neither ``resume`` nor ``overwrite`` was given.
    FileNotFoundError
        ``resume`` without a checkpoint.
    ValueError
        The input, model or options differ from the interrupted run's.
    """
    ckpt = checkpoint_path(output_path)
    if ckpt.exists():
        if overwrite:
            ckpt.unlink()
            return state
        if not resume:
            raise FileExistsError(
                f"{ckpt} exists: an earlier run into {output_path} was interrupted. "
                "Use --resume to continue it, or --overwrite to start again.")
        old = json.loads(ckpt.read_text("utf-8"))
        for key in _MUST_MATCH:
            if old.get(key) != state[key]:
                raise ValueError(
                    f"cannot resume: the {key.replace('_', ' ')} differs from the interrupted run "
                    f"({old.get(key)!r} then, {state[key]!r} now). Use --overwrite to start again.")
        return old
    if resume:
        raise FileNotFoundError(f"nothing to resume: no checkpoint {ckpt}")
    return state


class Output:
    """Where annotated text goes: stdout, or a partial file plus checkpoint."""

    def __init__(self, output_path: str, state: dict):
        self.state = state
        self.to_stdout = output_path == "-"
        self.output_path = output_path
        if self.to_stdout:
            self._f = None
            return
        self._part = partial_path(output_path)
        self._ckpt = checkpoint_path(output_path)
        # binary, so the checkpoint's byte offset is exact
        self._f = open(self._part, "r+b" if state["rows_done"] else "wb")
        if state["rows_done"]:
            self._f.truncate(state["bytes_done"])
            self._f.seek(state["bytes_done"])

    def write(self, text: str) -> None:
        if self._f is None:
            sys.stdout.write(text)
        else:
            self._f.write(text.encode("utf-8"))

    def commit(self, rows: int, summary: dict) -> None:
        """Record ``rows`` more rows as done (flush, fsync, checkpoint)."""
        self.state["rows_done"] += rows
        if self._f is None:
            return
        self._f.flush()
        os.fsync(self._f.fileno())
        self.state["bytes_done"] = self._f.tell()
        self.state["summary"] = summary
        atomic_write_json(self._ckpt, self.state)

    def close(self) -> None:
        if self._f is None:
            sys.stdout.flush()
        else:
            self._f.close()

    def finish(self) -> None:
        """Give the partial file its final name and drop the checkpoint."""
        if self._f is not None:
            os.replace(self._part, self.output_path)
            self._ckpt.unlink(missing_ok=True)
