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
    path = tmp_path_factory.mktemp("model") / "small.skops"
    small_model.save(path, metrics={"note": "test fixture"})
    return path


def _cli_path() -> str:
    exe = Path(sys.executable).with_name("conduct-nlp")
    found = str(exe) if exe.exists() else shutil.which("conduct-nlp")
    if not found:
        pytest.fail("the conduct-nlp command is not installed; run `pip install -e .[dev]` first")
    return found


def _check(args, proc):
    if proc.returncode != 0:
        raise AssertionError(f"conduct-nlp {' '.join(map(str, args))} exited {proc.returncode}\n"
                             f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc


def _run_installed(*args, input=None, cwd=None, check=True):
    """Run the installed ``conduct-nlp`` command in a subprocess."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([_cli_path(), *map(str, args)], input=input, capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd, env=env, timeout=600)
    return _check(args, proc) if check else proc


def _run_in_process(*args, input=None, cwd=None, check=True):
    """Run ``conduct_nlp.cli.main(argv)`` in this process; stdin, stdout, stderr and cwd redirected."""
    import contextlib
    import io

    from conduct_nlp import cli

    out, err = io.StringIO(), io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO((input or "").encode("utf-8")), encoding="utf-8")
    old_cwd, old_stdin = os.getcwd(), sys.stdin
    try:
        sys.stdin = stdin
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main([str(a) for a in args])
            except SystemExit as e:  # argparse usage errors and --version
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
    finally:
        sys.stdin = old_stdin
        os.chdir(old_cwd)
    proc = subprocess.CompletedProcess(["conduct-nlp", *map(str, args)], code, out.getvalue(), err.getvalue())
    return _check(args, proc) if check else proc


@pytest.fixture(scope="session")
def run_cli():
    """Run the CLI in-process: ``run_cli("classify", "--allow-errors", path, "-o", out)`` → CompletedProcess-like."""
    return _run_in_process


@pytest.fixture(scope="session")
def run_installed():
    """Run the installed ``conduct-nlp`` command in a subprocess (for the few end-to-end checks)."""
    return _run_installed


@pytest.fixture(scope="session")
def cli_path():
    return _cli_path()


@pytest.fixture(scope="session")
def test_data():
    """The folder of the tests' own data files."""
    return DATA


@pytest.fixture(scope="session")
def repo_root():
    return ROOT


@pytest.fixture(scope="session")
def read_jsonl_file():
    return read_jsonl
