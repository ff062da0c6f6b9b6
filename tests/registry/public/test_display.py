"""registry.public.display returns exactly what the Django tags and filters it stands for return."""

import datetime

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import date
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from centres.models import Centre
from registry.models import CentreStatus, Operator, OperatorKind, Park, ParkStatus
from registry.public.display import (
    choice_label,
    day_format,
    facility_url,
    grouped,
    slug_url,
)

LANGUAGES = ["en", "ur"]
DETAIL_PAGES = ["park-detail", "centre-detail", "company-detail", "city-detail"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("url_name", DETAIL_PAGES)
def test_a_slug_url_is_the_reversed_url(language, url_name):
    with translation.override(language):
        for slug in ["a", "gen-stp-multan-13", "x_y-2"]:
            assert slug_url(slug, url_name) == reverse(url_name, args=[slug])


def test_a_slug_url_follows_the_language_of_each_call():
    with translation.override("ur"):
        assert slug_url("lahore", "city-detail") == "/ur/cities/lahore/"
    assert slug_url("lahore", "city-detail") == "/cities/lahore/"


def test_a_slug_url_refuses_what_reverse_refuses():
    with pytest.raises(NoReverseMatch):
        slug_url("not a slug", "city-detail")


def test_a_facility_url_is_its_kinds_page():
    assert facility_url(Park(slug="stp-1", kind="park")) == "/parks/stp-1/"
    assert facility_url(Centre(slug="c-1", kind="centre")) == "/centres/c-1/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_choice_label_is_the_display_of_the_field(language):
    records = [Park(status=status) for status in ParkStatus] + [
        Centre(status=status) for status in CentreStatus
    ]
    records.append(Park(status="not-a-status"))
    with translation.override(language):
        for record in records:
            assert choice_label(record, "status") == record.get_status_display()
        for kind in OperatorKind:
            operator = Operator(kind=kind)
            assert choice_label(operator, "kind") == operator.get_kind_display()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("format_string", ["j F Y", "F Y", "Y-m-d", "j M Y"])
def test_a_day_format_is_the_date_filter(language, format_string):
    days = [datetime.date(2025, month, 1 + month) for month in range(1, 13)]
    with translation.override(language):
        for day in [*days, None, ""]:
            assert day_format(day, format_string) == date(day, format_string)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_grouped_number_is_intcomma(language):
    with translation.override(language):
        for value in [0, 7, 999, 1000, -12345, 1234567, 12.5, None, "—", True]:
            assert grouped(value) == intcomma(value)
