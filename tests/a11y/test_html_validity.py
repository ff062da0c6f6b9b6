"""Every public page in English and in Urdu, and every error page, is valid HTML by the Nu Html
Checker (issue 7)."""

import json
import shutil
import subprocess

import pytest
from django.template.loader import render_to_string

from tests.a11y.pages import (
    LANGUAGES,
    PAGE_PATHS,
    STANDALONE_PAGES,
    STATUS,
    VNU_JAR,
    localized,
    missing_tool,
    require_tools,
)
from tests.factories import every_page_registry


@pytest.fixture
def pages(client, tmp_path):
    """Write every public page in both languages to a file; return {file: its address}."""
    require_tools(VNU_JAR)
    every_page_registry()
    written = {}
    for language in LANGUAGES:
        for number, path in enumerate(PAGE_PATHS):
            url = localized(language, path)
            response = client.get(url)
            assert response.status_code == STATUS.get(path, 200), url
            assert response["Content-Type"].startswith("text/html"), url
            file = tmp_path / f"{language}-{number:02d}.html"
            file.write_bytes(response.content)
            written[file] = url
    for name in STANDALONE_PAGES:
        file = tmp_path / f"standalone-{name}"
        file.write_text(render_to_string(name), encoding="utf-8")
        written[file] = f"template {name}"
    return written


def nu_errors(pages):
    """Check the pages' files in one run of vnu.jar (the JVM is slow to start); return errors."""
    java = shutil.which("java")
    if java is None:
        missing_tool("Java is missing: the Nu Html Checker (vnu.jar) runs on Java 11 or later")
    files = [str(file) for file in pages]
    addresses = {file.name: url for file, url in pages.items()}
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    messages = json.loads(result.stdout)["messages"]
    return [
        f"{addresses.get(message.get('url', '').rpartition('/')[2], message.get('url'))} "
        f"line {message.get('lastLine')}: "
        f"{message['message']}\n    {' '.join(message.get('extract', '').split())}"
        for message in messages
        if message["type"] in ("error", "non-document-error")
    ]


def test_every_public_page_is_valid_html_in_both_languages(pages):
    assert len(pages) == len(LANGUAGES) * len(PAGE_PATHS) + len(STANDALONE_PAGES)

    errors = nu_errors(pages)

    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
