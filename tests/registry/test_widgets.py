import datetime

from registry.widgets import IsoDateInput, NumberInput


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
