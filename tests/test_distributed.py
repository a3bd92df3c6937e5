"""Scale-out on Dask: a real LocalCluster on loopback gives the local results."""

from __future__ import annotations

import csv

import pytest

import conduct_nlp


dd = pytest.importorskip("dask.dataframe", reason="the dask extra is not installed")
distributed = pytest.importorskip("dask.distributed", reason="the dask extra is not installed")
pd = pytest.importorskip("pandas")

TEXTS = ["Cán bộ hách dịch quá", "chi nv huong dan tan tinh", "", "Trả đúng hẹn", None,
         "Cho hỏi giờ làm việc?", "cb ko nghe may 😡"]


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as c, distributed.Client(c) as client:
        yield c, client


def test_dask_dataframe_equals_local(cluster, saved_model):
    model = conduct_nlp.load(saved_model)
    df = pd.DataFrame({"text": TEXTS * 5, "k": range(len(TEXTS) * 5)})
    ddf = dd.from_pandas(df, npartitions=4)
    from conduct_nlp.distributed import classify_dataframe

    out = classify_dataframe(ddf, model_path=saved_model).compute().sort_values("k")
    local = conduct_nlp.add_predictions(df, model=model)
    assert list(out["labels"]) == list(local["labels"])
    assert list(out["error"]) == list(local["error"])
    for c in model.classes_:
        assert list(out[f"score_{c}"].fillna(-1)) == list(local[f"score_{c}"].fillna(-1))


def test_dask_bag(cluster, saved_model):
    import dask.bag as db

    from conduct_nlp.distributed import classify_bag

    model = conduct_nlp.load(saved_model)
    texts = [t for t in TEXTS if t]
    got = classify_bag(db.from_sequence(texts, npartitions=3), model_path=saved_model).compute()
    assert [g["labels"] for g in got] == [list(model.classify(t).labels) for t in texts]


def test_cli_dask_engine_equals_local(run_cli, cluster, saved_model, tmp_path):
    c, _ = cluster
    src = tmp_path / "in.csv"
    with open(src, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text", "n"])
        for i in range(120):
            w.writerow([TEXTS[i % len(TEXTS)] or "", i])
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    run_cli("classify", "--allow-errors", src, "-o", local, "--model", saved_model, "--chunk-size", "25", "-q")
    run_cli("classify", "--allow-errors", src, "-o", remote, "--model", saved_model, "--chunk-size", "25", "-q",
            "--engine", "dask", "--scheduler", c.scheduler_address)
    assert local.read_bytes() == remote.read_bytes()
    assert len(local.read_text("utf-8").splitlines()) == 120
