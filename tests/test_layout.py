"""The package's import graph: no cycles, no module reading another module's private names."""
import importlib.util


def test_no_import_cycle_and_no_private_access(repo_root, capsys):
    spec = importlib.util.spec_from_file_location("check_imports", repo_root / "scripts" / "check_imports.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    graph, problems = mod.collect()
    assert "conduct_nlp.classifier" in graph and "conduct_nlp.batch.run" in graph
    assert not mod.find_cycles(graph), mod.find_cycles(graph)
    assert not problems, problems
    assert mod.main() == 0
    # imports point down: the text layer imports nothing from the layers above it
    for low in ("conduct_nlp.normalize", "conduct_nlp.labels", "conduct_nlp.exceptions", "conduct_nlp.prediction",
                "conduct_nlp.validation", "conduct_nlp.records", "conduct_nlp.files", "conduct_nlp.metrics"):
        assert not graph[low] & {"conduct_nlp.classifier", "conduct_nlp.persistence", "conduct_nlp.cli",
                                 "conduct_nlp.batch.run"}, (low, graph[low])
    assert "conduct_nlp.classifier" not in graph["conduct_nlp.persistence"]
