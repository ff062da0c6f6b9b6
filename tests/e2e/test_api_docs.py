"""The API's docs page renders in a real browser under the site's CSP (SPEC §4.4, §6)."""

import pytest

from tests.factories import ParkFactory

# Transactional, so the live server's thread sees the rows.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_renders_every_operation_with_no_csp_violation(page, tmp_path):
    ParkFactory()
    messages, failed = [], []
    page.on("console", lambda message: messages.append(message))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    page.goto("/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .opblock-summary", timeout=15000)
    operations = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/parks/" in [text.replace("\u200b", "") for text in operations]
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("Markaz open data API")
    # Open one operation: its parameters, read from the list's FilterSet, are drawn.
    page.locator(".opblock-summary", has_text="/api/v1/parks/").first.click()
    page.wait_for_selector(".parameters tr[data-param-name='operational_on']")
    page.screenshot(path=str(tmp_path / "api-docs.png"), full_page=False)
    violations = [m.text for m in messages if "Content Security Policy" in m.text]
    assert not violations, violations
    assert not [m.text for m in messages if m.type == "error"]
    assert not failed, failed
