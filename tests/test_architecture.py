"""The layout keeps its rules (docs/architecture.md).

``lint-imports`` (contracts in pyproject.toml) checks the layers; these tests check what it
cannot: no import circle among modules at import time, lazy imports only where a reason other
than a circle needs them, and one name per concern.
"""

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "diagnostics", "assessments", "reports", "backups", "guide")

# Imports made inside a function for a reason other than a circle, with that reason.
LAZY_ALLOWED = {
    ("reports.apps", "reports.monitoring.signals"): "AppConfig.ready connects the signals",
    ("reports.documents.services", "reports.documents.pdf.render"): "WeasyPrint stays out of web",
    ("reports.documents.services", "reports.documents.pdf.brief"): "WeasyPrint stays out of web",
}
CONCERNS = ("models", "services", "selectors", "forms", "views", "urls", "api", "serializers")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _target(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imported(node: ast.Import | ast.ImportFrom, module: str) -> Iterator[str]:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        assert node.level == 0, f"{module}: relative import"
        base = node.module or ""
        names = [f"{base}.{alias.name}" for alias in node.names]
    for name in names:
        if name.split(".")[0] in PACKAGES and (target := _target(name)) and target != module:
            yield target


def _imports(module: str, *, lazy: bool) -> set[str]:
    """What a module imports when it is loaded (lazy=False) or from inside functions."""
    found: set[str] = set()

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import | ast.ImportFrom) and in_function == lazy:
                found.update(_imported(child, module))
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            visit(child, inner)

    visit(ast.parse(MODULES[module].read_text()), False)
    return found


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while (member := stack.pop()) != node:
                component.append(member)
            component.append(node)
            if len(component) > 1:
                circles.append(sorted(component))

    for node in graph:
        if node not in index:
            connect(node)
    return circles


def test_no_module_imports_itself_back_at_load_time() -> None:
    graph = {module: _imports(module, lazy=False) for module in MODULES}
    assert _circles(graph) == []


def test_the_circle_finder_sees_a_circle() -> None:
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_lazy_imports_are_the_task_seam_or_have_a_reason() -> None:
    unexplained = []
    for module in MODULES:
        for target in _imports(module, lazy=True):
            seam = target.endswith(".tasks") and module.rpartition(".")[2] in {
                "services",
                "signals",
            }
            if not seam and (module, target) not in LAZY_ALLOWED:
                unexplained.append(f"{module} -> {target}")
    assert unexplained == []


def test_each_concern_has_one_name() -> None:
    """``services.py`` or a ``services/`` package, never ``services_indicators.py``."""
    misnamed = [
        module
        for module in MODULES
        if ".management.commands." not in module
        and module.rpartition(".")[2].startswith(tuple(f"{c}_" for c in CONCERNS))
    ]
    assert misnamed == []


def _defines(module: str, name: str) -> bool:
    for node in ast.parse(MODULES[module].read_text()).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name == name:
            return True
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.ImportFrom):
            targets = node.targets if isinstance(node, ast.Assign) else []
            names = [getattr(t, "id", None) for t in targets]
            if isinstance(node, ast.AnnAssign):
                names.append(getattr(node.target, "id", None))
            if isinstance(node, ast.ImportFrom):
                names += [alias.asname or alias.name for alias in node.names]
            if name in names:
                return True
    return False


def _resolves(dotted: str) -> bool:
    """``pdf.content.roadmap_content``: the longest module path that matches (it may be
    shortened at the front), then one name it defines; or a module itself."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        path, rest = ".".join(parts[:cut]), parts[cut:]
        found = [m for m in MODULES if m == path or m.endswith(f".{path}")]
        if found:
            return len(rest) <= 1 and any(not rest or _defines(m, rest[0]) for m in found)
    return False


def test_the_architecture_page_names_code_that_exists() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text()
    named = set(re.findall(r"`([a-z_]+(?:\.[A-Za-z_]+)+)`", text)) - {"transaction.on_commit"}
    named = {name for name in named if name.rpartition(".")[2] not in {"py", "toml", "md"}}
    assert len(named) > 30
    assert [name for name in sorted(named) if not _resolves(name)] == []


def test_a_name_that_does_not_exist_is_caught() -> None:
    assert _resolves("assessments.services.answer_record")
    assert not _resolves("assessments.services.answer_forget")
    assert not _resolves("reports.services_indicators")


def test_roles_are_tested_only_where_the_policy_lives() -> None:
    """Views, APIs, services and templates ask the rules; only the rules and the selectors'
    querysets (and the pickers that list users of a role) name roles."""
    allowed = ("rules", "roles", "selectors", "forms", "serializers", "demo", "commands")
    naming = [
        module
        for module, path in MODULES.items()
        if not any(part in allowed for part in module.split("."))
        and re.search(r"\broles_of\(|\bRole\.[A-Z_]+\b|\bsees_everything\(", path.read_text())
    ]
    assert naming == []
