from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import conduct_nlp

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def mini_rows():
    return read_jsonl(DATA / "mini_train.jsonl")


@pytest.fixture(scope="session")
def small_model(mini_rows):
    """A model fitted on the 40 hand-written comments of tests/data/mini_train.jsonl."""
    return conduct_nlp.ConductClassifier(min_df=1, C=10, classifier="logreg", threshold=0.5, cv=5).fit(
        [r["text"] for r in mini_rows], [r["labels"] for r in mini_rows])


@pytest.fixture(scope="session")
def saved_model(small_model, tmp_path_factory):
    path = tmp_path_factory.mktemp("model") / "small.joblib"
    small_model.save(path, metrics={"note": "test fixture"})
    return path


def cli_path() -> str:
    exe = Path(sys.executable).with_name("conduct-nlp")
    found = str(exe) if exe.exists() else shutil.which("conduct-nlp")
    if not found:
        pytest.fail("the conduct-nlp command is not installed; run `pip install -e .[dev]` first")
    return found


def run_cli(*args, input=None, cwd=None, check=True):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([cli_path(), *map(str, args)], input=input, capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd, env=env, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"conduct-nlp {' '.join(map(str, args))} exited {proc.returncode}\n"
                             f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc
