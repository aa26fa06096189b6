"""The package's shape (issue 20): readers and writers meet only in the model and in each
target's conventions (converter/conventions/), and no module imports itself round a circle.

The imports are read from the source with `ast`, every `import` and `from ... import` at any
depth (one inside a function is a dependency too, only a later one), so a test run needs no
import of the package to tell."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "converter"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules `path` imports: `from a.b import c` is `a.b.c` where that is a
    module, else `a.b`."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                if full in known:
                    out.add(full)
                elif base in known:
                    out.add(base)
    out.discard(here)
    return out


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(path, known) for name, path in known.items()}


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One circle of imports, as the list of its modules, or None."""
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := walk(node)):
            return found
    return None


def test_the_walk_finds_a_circle_and_reads_relative_imports() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None
    names = graph()
    assert "converter.conventions" in names["converter.readers.jekyll"]
    assert "converter.conventions.jekyll" in names["converter.readers.jekyll"]


def test_readers_and_writers_do_not_import_each_other() -> None:
    edges = graph()
    crossing = [
        f"{a} imports {b}"
        for a, targets in edges.items()
        for b in targets
        if (a.startswith("converter.readers") and b.startswith("converter.writers"))
        or (a.startswith("converter.writers") and b.startswith("converter.readers"))
        or (
            a.startswith("converter.conventions")
            and b.startswith(("converter.readers", "converter.writers"))
        )
    ]
    assert not crossing, crossing


def test_no_module_imports_itself_round_a_circle() -> None:
    found = cycle(graph())
    assert found is None, " -> ".join(found or [])
