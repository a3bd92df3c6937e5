"""A freshly loaded model shared by many threads from the first call gives the sequential results."""
import json
import subprocess
import sys

CODE = r"""
import json, threading
import conduct_nlp
texts = [f"Cán bộ số {i} hách dịch, quát tháo người dân" if i % 2 else f"chị {i} hướng dẫn tận tình" for i in range(40)]
for name in ("default", "fast"):
    model = conduct_nlp.load(name)          # fresh process: nothing tokenized yet
    barrier = threading.Barrier(8)
    results, errors = [None] * 8, []
    def work(k):
        try:
            barrier.wait()
            results[k] = [p.labels for p in model.classify(texts)]
        except Exception as e:  # noqa: BLE001
            errors.append(repr(e))
    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    sequential = [p.labels for p in model.classify(texts)]
    print(json.dumps({"name": name, "errors": errors, "same": all(r == sequential for r in results)}))
"""


def test_eight_threads_on_a_freshly_loaded_model():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    for line in out.stdout.strip().splitlines():
        r = json.loads(line)
        assert r["errors"] == [] and r["same"], r
