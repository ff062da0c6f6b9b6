"""The overview answers first (issue 18): every national target's sentence and its progress bar
are on the first screen, in both languages, on a phone (390 x 844) and a laptop (1280 x 800)."""

import pytest
from django.core.management import call_command

from tests.e2e.visits import LANGUAGE_VISITS, visit_an_earlier_urdu_page

# Transactional, so the live server's thread sees the rows.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each verdict's box and bar: how far down the first screen they end, and where the sentence links.
VERDICTS = """() => [...document.querySelectorAll('.verdict')].map(verdict => ({
  bottom: Math.max(verdict.getBoundingClientRect().bottom,
                   verdict.querySelector('.verdict__bar').getBoundingClientRect().bottom),
  href: verdict.querySelector('a.verdict__text').getAttribute('href'),
}))"""


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 800)])
@pytest.mark.parametrize(("prefix", "later_page"), LANGUAGE_VISITS)
def test_every_national_target_is_answered_above_the_fold(page, width, height, prefix, later_page):
    # The demo, with its notice above the page: the tallest first screen the site draws.
    call_command("load_demo", verbosity=0)
    if later_page:
        visit_an_earlier_urdu_page(page)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(prefix + "/")

    verdicts = page.evaluate(VERDICTS)

    assert len(verdicts) == 3
    assert [v for v in verdicts if v["bottom"] > height] == []
    assert all(v["href"].startswith(prefix + "/progress/#") for v in verdicts)
