"""Check the package's internal import graph: no cycles, no reaching into private names.

Every ``import`` of a ``conduct_nlp`` module counts, at module level or inside a
function (a function-level import still makes a cycle, it only hides it).

    python scripts/check_imports.py          # prints the graph; exit 1 on a cycle or private access

A private name is one starting with ``_`` imported from another module
(``from .batch import _submit``) or read as an attribute of an imported
module (``batch._submit``). Dunder names (``__version__``) are allowed.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "conduct_nlp"


def module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _resolve(current: str, is_pkg: bool, level: int, target: str | None) -> str:
    base = current.split(".")
    if not is_pkg:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def collect(pkg: Path = PKG) -> tuple[dict[str, set[str]], list[str]]:
    """Return (module → imported package modules, private-name problems)."""
    modules = {module_name(p): p for p in pkg.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    problems: list[str] = []
    for mod, path in modules.items():
        is_pkg = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                src = _resolve(mod, is_pkg, node.level, node.module) if node.level else (node.module or "")
                if not src.startswith("conduct_nlp"):
                    continue
                for a in node.names:
                    sub = f"{src}.{a.name}"
                    if sub in modules:
                        graph[mod].add(sub)
                        aliases[a.asname or a.name] = sub
                    elif src in modules:
                        graph[mod].add(src)
                        if a.name.startswith("_") and not a.name.startswith("__"):
                            problems.append(f"{mod}: imports private name {a.name} from {src}")
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name in modules:
                        graph[mod].add(a.name)
                        aliases[a.asname or a.name] = a.name
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases and node.attr.startswith("_")
                    and not node.attr.startswith("__") and aliases[node.value.id] != mod):
                problems.append(f"{mod}: reads private {aliases[node.value.id]}.{node.attr}")
        graph[mod].discard(mod)
    return graph, problems


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            # importing a subpackage's parent package (``__init__``) is how Python loads it: skip
            if v.startswith(w + "."):
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def main() -> int:
    graph, problems = collect()
    for mod in sorted(graph):
        deps = sorted(d for d in graph[mod] if not mod.startswith(d + "."))
        print(f"{mod} -> {', '.join(deps) if deps else '-'}")
    cycles = find_cycles({m: {d for d in ds if m != "conduct_nlp"} for m, ds in graph.items()})
    # the package __init__ re-exports everything: it may import anything, nothing may import it
    importers_of_init = sorted(m for m, ds in graph.items() if "conduct_nlp" in ds and m != "conduct_nlp")
    for m in importers_of_init:
        problems.append(f"{m}: imports the package itself (conduct_nlp/__init__)")
    for c in cycles:
        print("CYCLE: " + " <-> ".join(c))
    for p in problems:
        print("PRIVATE: " + p if "private" in p else "UPWARD: " + p)
    if cycles or problems:
        return 1
    print(f"ok: {len(graph)} modules, no import cycle, no private access across modules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
