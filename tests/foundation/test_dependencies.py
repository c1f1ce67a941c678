"""The project's packages depend one way (docs/architecture.md): no import cycle between apps
or between modules, and the engine imports no web framework. Read from the source with ast,
every import counted, also those inside functions (a lazy import hides a cycle, it does not
remove it)."""

import ast
from pathlib import Path

from django.conf import settings

PACKAGES = ("accounts", "editor", "generation", "telegram_bot", "core", "config")
FRAMEWORKS = ("django", "rest_framework", "channels", "celery", "drf_spectacular", "asgiref")


def _modules():
    """{dotted module name: path} for every .py file of the packages (not their migrations)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((Path(settings.BASE_DIR) / package).rglob("*.py")):
            parts = path.relative_to(settings.BASE_DIR).with_suffix("").parts
            if "migrations" in parts:
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _imports(name, path, modules):
    """The project modules `name` imports (`from a import b` counts a.b when that is a module)."""
    is_package = path.name == "__init__.py"
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            submodules = [f"{base}.{alias.name}" for alias in node.names]
            # `from pkg import module` depends on the module; on pkg itself only for its names.
            names_of_base = any(sub not in modules for sub in submodules)
            candidates = [*([base] if names_of_base else []), *submodules]
        else:
            continue
        for candidate in candidates:
            # `import a.b.c` depends on the deepest project module it names.
            while candidate and candidate not in modules:
                candidate = candidate.rpartition(".")[0]
            if candidate and candidate != name:
                targets.add(candidate)
    return targets


def _graph():
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _cycles(graph):
    """Strongly connected components with more than one member (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _app(module):
    return module.split(".")[0]


def test_the_cycle_finder_finds_cycles():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_between_modules():
    assert _cycles(_graph()) == []


def test_no_import_cycle_between_apps():
    apps = {}
    for module, targets in _graph().items():
        apps.setdefault(_app(module), set()).update(_app(t) for t in targets if _app(t) != _app(module))
    assert _cycles(apps) == [], apps


def test_core_depends_on_no_app():
    graph = _graph()
    used = {target for module, targets in graph.items() if _app(module) == "core" for target in targets}
    assert {_app(target) for target in used} <= {"core"}


def test_the_engine_imports_no_web_framework():
    modules = _modules()
    offenders = []
    for name, path in modules.items():
        if name != "generation.engine" and not name.startswith("generation.engine."):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            offenders += [f"{name}: {n}" for n in names if n.split(".")[0] in FRAMEWORKS]
            # Nor the project's Django side: the engine runs without it (CLI, notebooks).
            offenders += [f"{name}: {n}" for n in names
                          if n.split(".")[0] in PACKAGES and not n.startswith("generation.engine")]
    assert offenders == []


def test_one_list_of_job_kinds():
    from core.kinds import JOB_KINDS
    from generation.engine.params import KINDS
    from generation.models import Job

    assert tuple(kind for kind, _ in JOB_KINDS) == KINDS
    assert Job.Kind.choices == [(kind, str(label)) for kind, label in JOB_KINDS]
