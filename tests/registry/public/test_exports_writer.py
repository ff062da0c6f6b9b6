import csv
import datetime
import io
from decimal import Decimal

import pytest

from registry.models import calendar
from registry.public.exports.responses import invalid_filters_response
from registry.public.exports.values import joined, month
from registry.web import csv_writer
from registry.web.csv_writer import cell, column, csv_response, csv_rows


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (0, "0"),
        (20000, "20000"),
        (-3, "-3"),
        (Decimal("18.2"), "18.2"),
        (Decimal("1E+3"), "1000"),
        (Decimal("31.558000"), "31.558000"),
        (datetime.date(2024, 2, 6), "2024-02-06"),
        ("plain", "plain"),
        ("", ""),
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("-1+2", "'-1+2"),
        ("+92 300", "'+92 300"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindent", "'\tindent"),
        ("\rreturn", "'\rreturn"),
        ("a=b", "a=b"),
        ("لاہور", "لاہور"),
    ],
)
def test_cells_are_plain_iso_and_guarded(value, text):
    assert cell(value) == text


def test_joined_cells_are_sorted():
    assert joined(["software", "games", "ites"]) == "games;ites;software"
    assert joined([]) == ""


def test_month_is_year_dash_month():
    assert month(datetime.date(2026, 9, 1)) == "2026-09"
    assert month(None) is None


def test_dotted_paths_stop_at_a_missing_link():
    header, accessor = column("city", "city.province.code")

    assert header == "city"
    assert accessor({"city": None}) is None
    assert accessor({"city": {"province": {"code": "PB"}}}) == "PB"


def test_rows_are_written_in_chunks_with_crlf_and_rfc4180_quoting(monkeypatch):
    monkeypatch.setattr(csv_writer, "ROWS_PER_CHUNK", 2)
    columns = [column("name"), column("note")]
    rows = [{"name": f"n{i}", "note": 'say "hi", then\nleave'} for i in range(5)]

    chunks = list(csv_rows(iter(rows), columns))

    assert len(chunks) == 4  # header, then rows 2 + 2 + 1
    body = b"".join(chunks)
    assert body.startswith(b"\xef\xbb\xbfname,note\r\n")
    assert b'n0,"say ""hi"", then\nleave"\r\n' in body
    parsed = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert parsed[1] == ["n0", 'say "hi", then\nleave']
    assert len(parsed) == 6


def test_urdu_round_trips_through_the_csv_module():
    columns = [column("name")]

    body = b"".join(csv_rows([{"name": "ای روزگار مرکز، لاہور"}], columns))

    (row,) = csv.DictReader(io.StringIO(body.decode("utf-8-sig")))
    assert row["name"] == "ای روزگار مرکز، لاہور"


def test_response_streams_an_attachment_named_after_today():
    response = csv_response([{"a": 1}], [column("a")], "things")

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = calendar.today().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="things-{today}.csv"'
    assert b"".join(response.streaming_content) == b"\xef\xbb\xbfa\r\n1\r\n"


def test_invalid_filters_are_a_plain_text_400():
    response = invalid_filters_response({"province": ["Select a valid choice."]})

    assert response.status_code == 400
    assert response.content == b"Invalid filter.\nprovince: Select a valid choice.\n"
