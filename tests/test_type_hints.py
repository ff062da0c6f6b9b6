"""Every public function of the domain, the selectors and the services has type hints (STYLE 8)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TYPED = [
    "registry/models",
    "registry/importers",
    "centres/models.py",
    "centres/importers.py",
    "centres/roles.py",
    "centres/progress.py",
    "centres/measures.py",
    "centres/selectors.py",
    # The admin's import services (job_create, job_confirm, ...).
    "registry/admin/import_jobs.py",
]


def unhinted(source):
    """Return "name:line" of each public function or method missing a parameter's or the return
    type; nested functions and private names (but __init__) are left out."""
    missing = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef) and not child.name.startswith("_"):
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                if child.name.startswith("_") and child.name != "__init__":
                    continue
                args = child.args
                params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
                params = [p for p in params if p.arg not in ("self", "cls")]
                params += [p for p in (args.vararg, args.kwarg) if p is not None]
                returns = child.returns is not None or child.name == "__init__"
                if not returns or any(p.annotation is None for p in params):
                    missing.append(f"{prefix}{child.name}:{child.lineno}")

    visit(ast.parse(source), "")
    return missing


def typed_modules():
    for entry in TYPED:
        path = ROOT / entry
        paths = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        yield from (p for p in paths if "migrations" not in p.parts)


def test_public_functions_of_the_domain_selectors_and_services_have_type_hints():
    missing = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in typed_modules()
        for name in unhinted(path.read_text(encoding="utf-8"))
    ]
    assert missing == []


def test_it_names_a_function_without_hints():
    source = (
        "def typed(day: int) -> int: ...\n"
        "def untyped(day): ...\n"
        "def _private(day): ...\n"
        "class Thing:\n"
        "    def method(self, other: int): ...\n"
        "    def __str__(self): ...\n"
    )

    assert unhinted(source) == ["untyped:2", "Thing.method:5"]
