"""The package's modules import each other without cycles (each stage imports the stages before it)."""

import ast

from rag.config import PROJECT_ROOT


def imports() -> dict[str, set[str]]:
    """Each module of `rag` and the modules of `rag` it imports, at the top or inside a function."""
    graph = {}
    for path in (PROJECT_ROOT / "rag").glob("*.py"):
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                found.update([node.module.split(".")[0]] if node.module else [a.name for a in node.names])
        graph[path.stem] = found - {path.stem}
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """A chain of imports that comes back to where it started, or []."""
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> list[str]:
        state[module] = 1
        for dep in sorted(graph.get(module, ())):
            if state.get(dep) == 1:
                return path + [dep]
            if not state.get(dep) and (found := visit(dep, path + [dep])):
                return found
        state[module] = 2
        return []

    for module in sorted(graph):
        if not state.get(module) and (found := visit(module, [module])):
            return found
    return []


def test_the_modules_import_each_other_without_cycles():
    graph = imports()
    assert {"documents", "normalize", "assistant", "referents", "questions"} <= graph.keys()
    assert cycle(graph) == []
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]  # the check finds one
