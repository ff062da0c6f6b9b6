import datetime

import pytest
from django import forms
from django.utils import translation

from centres.public.filters import CentreFilterSet
from registry.public.filters import CityFilterSet, CompanyFilterSet, ParkFilterSet
from registry.public.widgets import IsoDateInput, NumberInput, PlainSelect
from tests.factories import CityFactory, province


def test_a_date_input_shows_a_date_as_iso():
    html = IsoDateInput().render("day", datetime.date(2025, 6, 30))

    assert 'type="date"' in html
    assert 'value="2025-06-30"' in html


def test_a_date_input_keeps_typed_iso_text():
    assert 'value="2025-06-30"' in IsoDateInput().render("day", "2025-06-30")


def test_a_date_input_drops_text_that_is_not_a_date():
    for text in ["not-a-date", "31/12/2025", "2025-02-30"]:
        html = IsoDateInput().render("day", text)

        assert "value=" not in html, text


def test_a_number_input_keeps_numbers_and_drops_words():
    assert 'value="1900"' in NumberInput().render("year", "1900")
    assert 'value="-2.5e3"' in NumberInput().render("year", "-2.5e3")
    assert "value=" not in NumberInput().render("year", "soon")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ur"])
@pytest.mark.parametrize(
    ("filterset_class", "data"),
    [
        (ParkFilterSet, {"province": "PB", "city": "lahore", "status": "operational"}),
        (CompanyFilterSet, {"province": "SD", "sort": "-name"}),
        (CityFilterSet, {"province": "KP"}),
        (CentreFilterSet, {"province": "PB", "status": "closed", "sort": "name"}),
        (CentreFilterSet, {"province": "no-such-code"}),
    ],
)
def test_a_filter_form_select_is_the_html_django_would_write(filterset_class, data, language):
    CityFactory(name='Lahore <"Cantt"> & Co', name_ur="لاہور", slug="lahore", province=province())
    form = filterset_class(data=data).form
    form.is_valid()
    selects = [
        form[name] for name, field in form.fields.items() if type(field.widget) is PlainSelect
    ]

    assert len(selects) >= 2
    with translation.override(language):
        for bound in selects:
            django_html = bound.as_widget(
                widget=forms.Select(bound.field.widget.attrs, bound.field.widget.choices)
            )
            assert str(bound) == django_html, bound.name


@pytest.mark.parametrize(
    ("choices", "value", "multiple"),
    [
        ([("", "All"), ("a", "A & <b>"), ("b", "B")], "b", False),
        ([(None, "None"), ("a", "A"), ("a", "A again")], "a", False),
        ([("", "All"), (1, "One"), (2, "Two")], None, False),
        ([("a", "A"), ("b", "B"), ("c", "C")], ["a", "c"], True),
        ([("x", "X"), ("Group", [("a", "A"), ("b", "B")])], "b", False),
    ],
)
def test_a_plain_select_writes_what_djangos_select_writes(choices, value, multiple):
    django_class = forms.SelectMultiple if multiple else forms.Select
    plain_class = type("PlainMultiple", (PlainSelect,), {"allow_multiple_selected": True})
    plain = (plain_class if multiple else PlainSelect)({"id": "id_x", "class": "c"}, choices)

    html = plain.render("x", value, {"required": True})

    assert html == django_class({"id": "id_x", "class": "c"}, choices).render(
        "x", value, {"required": True}
    )
