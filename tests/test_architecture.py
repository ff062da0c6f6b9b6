"""Imports point one way, as docs/architecture.md draws them (STYLE "Which way the arrows point").

Every module of registry/, centres/ and bench/ is parsed (ast, nothing is imported): each
import, and each string naming a module or a model ("registry.web.guards.X", "centres.Centre"),
must point at a package that lists the importing one among those that may import it. The
registry app never names centres, by module or by app label; only the project files (settings,
root URLconf, wsgi, asgi) name both.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("registry", "centres", "bench")
PROJECT = "project"
ANYONE = "*"

# Each package: the modules it holds (dotted prefixes), and the packages that may import it.
# Keep in step with docs/architecture.md.
PACKAGES = {
    PROJECT: (
        ["registry.settings", "registry.urls", "registry.wsgi", "registry.asgi"],
        {"bench"},
    ),
    "registry.apps": (["registry.apps", "registry"], {PROJECT}),
    "registry.models": (["registry.models"], {ANYONE}),
    "registry.importers": (
        ["registry.importers"],
        {"registry.admin", "registry.management", "centres.importers", "bench"},
    ),
    # Commands are entry points beside the admin: send_return_reminders uses its scoping.
    "registry.admin": (
        ["registry.admin"],
        {PROJECT, "registry.apps", "registry.management", "centres.admin", "bench"},
    ),
    "registry.public": (
        ["registry.public"],
        {
            PROJECT,
            "registry.templatetags",
            "registry.api",
            "centres.public",
            "centres.api",
            "bench",
        },
    ),
    "registry.web": (
        ["registry.web"],
        {
            PROJECT,
            "registry.admin",
            "registry.public",
            "registry.api",
            "centres.public",
            "centres.api",
            "bench",
        },
    ),
    # The JSON API (SPEC §4.4): reads the public lists' declarations, filters and forms.
    "registry.api": (["registry.api"], {PROJECT, "centres.api", "bench"}),
    "registry.templatetags": (["registry.templatetags"], {"bench"}),
    "registry.management": (["registry.management"], {"bench"}),
    "registry.formats": (["registry.formats"], {PROJECT}),
    "registry.migrations": (["registry.migrations"], set()),
    "centres.apps": (["centres.apps", "centres"], {PROJECT}),
    "centres.models": (
        ["centres.models", "centres.roles"],
        {
            "centres.progress",
            "centres.measures",
            "centres.selectors",
            "centres.trajectories",
            "centres.importers",
            "centres.admin",
            "centres.public",
            "centres.api",
            "centres.management",
            "centres.migrations",
            "bench",
        },
    ),
    "centres.progress": (
        ["centres.progress"],
        {
            "centres.measures",
            "centres.selectors",
            "centres.trajectories",
            "centres.public",
            "centres.api",
            "bench",
        },
    ),
    "centres.measures": (
        ["centres.measures"],
        {"centres.selectors", "centres.trajectories", "centres.public", "centres.api", "bench"},
    ),
    "centres.selectors": (["centres.selectors"], {"centres.public", "centres.api", "bench"}),
    "centres.trajectories": (["centres.trajectories"], {"centres.public", "bench"}),
    # The map's boundary data and its conversion (SPEC §4.3): no models, no queries.
    "centres.geo": (["centres.geo"], {"centres.public", "centres.management", "bench"}),
    "centres.importers": (["centres.importers"], {"centres.admin", "bench"}),
    "centres.admin": (["centres.admin"], set()),
    "centres.public": (["centres.public"], {PROJECT, "centres.api", "bench"}),
    "centres.api": (["centres.api"], {PROJECT, "bench"}),
    "centres.management": (["centres.management"], set()),
    "centres.migrations": (["centres.migrations"], set()),
    # The benchmark tooling; generate_registry is the generator's command.
    "bench": (["bench"], {"centres.management"}),
}

# Imports that point the wrong way for now, each with its reason. Delete an entry once fixed.
KNOWN_EXCEPTIONS = {
    # A migration is history: 0006 made the role groups, centres' models among them, before
    # each app granted its own (registry/models/roles.py, centres/roles.py, restored after every
    # migrate). Rewriting it would change the graph databases have already applied.
    ("registry.migrations.0006_roles", "centres.models"),
}

# Strings that name a module ("registry.web.guards.RequestGuardMiddleware") or a model
# ("centres.Centre"); file names such as "centres.csv" are neither.
DOTTED = re.compile(r"(registry|centres|bench)(\.[A-Za-z_]\w*)+")
FILE_NAME = re.compile(r".*\.(csv|html|txt|json|py|xlsx|md|po|mo|sql)")
# Calls that take an app label as their first argument.
APP_LABEL_CALLS = {"get_model", "get_app_config", "is_installed", "get_models"}


def package_of(name):
    """Return the package a dotted module name belongs to, or None outside the packages.

    An app's own name ("registry", "centres") stands for its __init__ only: a module at the
    top of an app that no package lists belongs nowhere.
    """
    best = None
    for package, (prefixes, _) in PACKAGES.items():
        for prefix in prefixes:
            inside = name.startswith(prefix + ".") and prefix not in ("registry", "centres")
            if (name == prefix or inside) and (best is None or len(prefix) > len(best[1])):
                best = (package, prefix)
    return best and best[0]


def module_name(path):
    """Return the dotted name of a module file under ROOT."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_type_checking(node):
    """Say whether an `if` statement is `if TYPE_CHECKING:` (imports for annotations only)."""
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def references(source, module, is_package=False):
    """Yield (line, target module or model, kind, runtime) for what the source refers to.

    kind is "import", "string" (a dotted name in a string) or "app label" (a call such as
    apps.get_model("centres", ...)); runtime is False for imports under `if TYPE_CHECKING:`.
    """
    tree = ast.parse(source)
    package = module if is_package else module.rpartition(".")[0]
    typing_only = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and is_type_checking(node):
            typing_only.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    for node in ast.walk(tree):
        runtime = id(node) not in typing_only
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, "import", runtime
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            if node.module:
                yield node.lineno, target, "import", runtime
            for alias in node.names:
                yield node.lineno, f"{target}.{alias.name}", "import", runtime
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if DOTTED.fullmatch(node.value) and not FILE_NAME.fullmatch(node.value):
                app, _, rest = node.value.partition(".")
                target = node.value
                # "app.Model", "app.model" or "app.change_model" name the app's models.
                if rest[:1].isupper() or package_of(target) is None:
                    target = f"{app}.models"
                yield node.lineno, target, "string", True
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", None))
            first = node.args[0] if node.args else None
            if name in APP_LABEL_CALLS and isinstance(first, ast.Constant) and first.value in APPS:
                yield node.lineno, f"{first.value}.models", "app label", True


def violations(source, module, is_package=False):
    """Return "module:line kind target" for each reference that points the wrong way."""
    found = []
    here = package_of(module)
    seen = set()
    for line, target, kind, _ in references(source, module, is_package):
        there = package_of(target)
        if there is None or there == here:
            continue
        if (module, target) in KNOWN_EXCEPTIONS or (module, target.rpartition(".")[0]) in (
            KNOWN_EXCEPTIONS
        ):
            continue
        allowed = PACKAGES[there][1]
        if ANYONE in allowed or here in allowed:
            continue
        key = (line, there)
        if key not in seen:
            seen.add(key)
            found.append(f"{module}:{line} {kind} {target} ({here} may not use {there})")
    return found


def app_modules():
    """Yield (path, dotted name) of every module of the apps and the bench tooling."""
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            yield path, module_name(path)


def test_every_module_belongs_to_a_package_of_the_architecture():
    assert [name for _, name in app_modules() if package_of(name) is None] == []


def test_every_import_points_the_way_the_architecture_allows():
    found = []
    for path, name in app_modules():
        found += violations(path.read_text(encoding="utf-8"), name, path.name == "__init__.py")
    assert found == []


def test_the_known_exceptions_still_exist():
    """Each exception names an import that is still there; delete it once it is gone."""
    sources = {name: path.read_text(encoding="utf-8") for path, name in app_modules()}
    for module, target in KNOWN_EXCEPTIONS:
        targets = {ref[1] for ref in references(sources[module], module)}
        assert target in targets, (module, target)


def test_the_progress_arithmetic_imports_nothing_of_the_orm():
    path = ROOT / "centres" / "progress.py"
    runtime = {
        target
        for _, target, kind, is_runtime in references(path.read_text(), "centres.progress")
        if kind == "import" and is_runtime
    }
    orm = {
        target
        for target in runtime
        if target.startswith("django.db") or ".models" in target or target.endswith("models")
    }
    assert orm == set()
    assert {target.split(".")[0] for target in runtime} <= {
        "__future__",
        "collections",
        "dataclasses",
        "datetime",
        "decimal",
        "django",
        "enum",
        "fractions",
        "typing",
    }


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("registry.public.views", "from centres.models import Centre", "centres.models"),
        ("registry.models.places", "import centres.selectors", "centres.selectors"),
        ("registry.models.places", "X = 'centres.Centre'", "centres.models"),
        ("registry.admin.scoping", "user.has_perm('centres.change_centre')", "centres.models"),
        ("registry.admin.site", "apps.get_model('centres', 'Centre')", "centres.models"),
        ("registry.models.companies", "from registry.admin import site", "registry.admin"),
        ("registry.importers.base", "from registry.public import exports", "registry.public"),
        ("registry.models.places", "from registry.web.guards import x", "registry.web"),
        ("registry.admin.scoping", "from registry.public.names import n", "registry.public"),
        ("registry.public.views", "from registry.admin.site import site", "registry.admin"),
        ("centres.models", "from centres.selectors import Measures", "centres.selectors"),
        ("centres.measures", "from centres.selectors import x", "centres.selectors"),
        ("centres.progress", "from . import selectors", "centres.selectors"),
        ("centres.public.forms", "from bench.generator import Generator", "bench"),
    ],
)
def test_it_catches_an_import_pointing_the_wrong_way(module, source, expected):
    found = violations(source, module)

    assert len(found) == 1
    assert f"may not use {package_of(expected)})" in found[0]


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("registry.urls", "include('centres.public.urls')"),
        ("registry.settings", "X = ['registry.web.guards.RequestGuardMiddleware']"),
        ("centres.public.views.lists", "from registry.public.filters import F"),
        ("centres.models", "from registry.models import Facility"),
        ("registry.public.views", "from registry.models import Park"),
        ("centres.importers", "NAME = 'centres.csv'"),
        ("registry.public.exports", "column('centres')"),
        ("centres.management.commands.generate_registry", "from bench.generator import G"),
    ],
)
def test_it_lets_imports_pointing_the_right_way_pass(module, source):
    assert violations(source, module) == []
