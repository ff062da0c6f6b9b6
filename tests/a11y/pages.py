"""The public pages the accessibility and HTML checks visit, and a registry that fills them."""

import os
from pathlib import Path

import pytest

from tests.i18n.paths import PUBLIC_PATHS

NODE_MODULES = Path(__file__).resolve().parent / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL_HINT = "npm ci --prefix tests/a11y"

# Every kind of public page: the i18n suite's list (overview, progress, each list, each detail)
# and the states a visitor can reach from them.
PAGE_PATHS = [
    *PUBLIC_PATHS,
    "/method/",
    "/?as_of=2025-06-30",
    "/progress/?as_of=not-a-date",
    "/centres/?province=PB&status=operational&sort=name",
    "/centres/?planned_fy=1900&launch_fy=soon&operational_on=2999-01-01",
    "/parks/?status=operational&operational_on=yesterday",
    "/map/?as_of=2025-06-30&status=closed",
    "/map/?kind=centre&status=proposed",
    "/centres/erc-karachi/",
    "/parks/stp-karachi/",
    "/companies/?page=2",
    "/no-such-page/",
]
# The error pages that render without the request or the database (a lost database, a crash),
# which no address reaches on demand.
STANDALONE_PAGES = ["400.html", "403_csrf.html", "500.html", "503.html"]
LANGUAGES = {"en": "", "ur": "/ur"}
# Every other page answers 200: a detail page missing its record would only check the 404 page.
STATUS = {"/progress/?as_of=not-a-date": 400, "/no-such-page/": 404}


def missing_tool(message):
    """Skip a test whose tool is missing; fail it instead when CI requires the browser tests."""
    if os.environ.get("MARKAZ_REQUIRE_BROWSER"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def require_tools(*paths):
    """Stop the test (skip, or fail in CI) unless the tools installed in tests/a11y exist."""
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        missing_tool(f"{', '.join(missing)} missing: run `{INSTALL_HINT}`")


def localized(language, path):
    """Return the path of a public page in the given language (English at the plain paths)."""
    return LANGUAGES[language] + path
