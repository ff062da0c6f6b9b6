"""The tests mirror the code: each test folder has its package, no test module imports another."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
MIRRORED = ("registry", "centres")


def mirrored_folders(app):
    """Return the test folders under tests/<app>, relative to it."""
    base = TESTS / app
    return [
        path.relative_to(base)
        for path in sorted(base.rglob("*"))
        if path.is_dir() and path.name != "__pycache__"
    ]


def is_test_module(module):
    """Say whether a dotted module name under tests is a test module (test_*.py)."""
    return module.startswith("tests.") and module.rsplit(".", 1)[-1].startswith("test_")


def imported_modules(path):
    """Yield the absolute names of the modules the file imports, relative imports resolved."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


@pytest.mark.parametrize("app", MIRRORED)
def test_every_test_folder_has_its_package_in_the_code(app):
    missing = [
        f"tests/{app}/{folder}"
        for folder in mirrored_folders(app)
        if not (ROOT / app / folder).is_dir()
        and not (ROOT / app / folder).with_suffix(".py").is_file()
    ]
    assert missing == []


def test_no_test_module_imports_another():
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in sorted(TESTS.rglob("*.py"))
        if "node_modules" not in path.parts
        for module in imported_modules(path)
        if is_test_module(module)
    ]
    assert offenders == []


def test_the_import_check_sees_a_test_module_imported_relatively_or_not():
    assert is_test_module("tests.registry.admin.test_roles")
    assert not is_test_module("tests.registry.forms")
    assert not is_test_module("tests.factories")
