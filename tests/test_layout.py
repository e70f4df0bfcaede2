"""The house rules of the source tree (issue #14), checked on the code itself.

Every import counts, type-only and function-level ones included: a cycle hidden behind ``TYPE_CHECKING``
or a lazy import is still two modules that cannot be understood one without the other.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "reportgen"
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = ["reportgen", *path.relative_to(SRC).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules ``name`` imports, resolving ``from pkg import sub`` to the submodule."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            subs = {f"{target}.{alias.name}" for alias in node.names}
            found.update(subs & known)
            if not subs <= known:  # a name defined in the module itself, not a submodule of a package
                found.add(target)
    return {m for m in found if m in known and m != name}


def test_no_import_cycles_type_only_imports_included() -> None:
    mods = modules()
    graph = {name: imports_of(name, path, set(mods)) for name, path in mods.items()}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_the_cycle_check_sees_a_type_only_import(tmp_path: Path) -> None:
    a = tmp_path / "a.py"
    a.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from reportgen.b import B\n")
    assert imports_of("reportgen.a", a, {"reportgen.a", "reportgen.b"}) == {"reportgen.b"}


def test_no_module_over_400_lines() -> None:
    sizes = {name: len(p.read_text(encoding="utf-8").splitlines()) for name, p in modules().items()}
    long = {name: n for name, n in sizes.items() if n > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_no_interpreter_internals_or_gil_tuning() -> None:
    banned = re.compile(r"re\._compiler|re\._parser|sre_compile|sre_parse|setswitchinterval|_optimize_charset")
    hits = [name for name, p in modules().items() if banned.search(p.read_text(encoding="utf-8"))]
    assert not hits, f"modules reaching into interpreter internals: {hits}"


def test_openai_and_instructor_are_imported_in_one_module_only() -> None:
    mods = modules()
    users = {
        name
        for name, path in mods.items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, (ast.Import, ast.ImportFrom))
        and any(
            (n.split(".")[0] in ("openai", "instructor", "httpx2"))
            for n in ([a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""])
        )
    }
    assert users <= {"reportgen.engines.llm.client"}, users


def test_every_package_says_what_lives_there_and_what_it_may_import() -> None:
    for init in SRC.rglob("__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        where = init.relative_to(SRC)
        assert len(doc) > 80 and "may import" in doc.lower(), f"{where} needs a docstring saying what it may import"
