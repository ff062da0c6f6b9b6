"""`/progress/export.csv` (SPEC §4.1 progress): the federal programme's FY series as CSV."""

import pytest

HEADER = (
    "\ufefffiscal_year,centres_launched,centres_operational_end,jobs_at_centres_end,"
    "target_centres,target_jobs\r\n"
)


def body(response):
    return b"".join(response.streaming_content)


def test_export_streams_the_series_as_of_today(client, registry):
    response = client.get("/progress/export.csv")

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="progress-2026-11-27.csv"'
    assert body(response) == (
        HEADER + "2024,1,1,0,,\r\n2025,2,3,0,50,\r\n2026,0,2,100,,\r\n2027,1,3,140,250,20000\r\n"
    ).encode("utf-8")


def test_export_as_of_a_past_date_leaves_years_not_started_empty(client, registry):
    response = client.get("/progress/export.csv", {"as_of": "2025-12-31"})

    # FY2026 so far: c1, c2 and c3 (closed only in January 2026); c1 60 and c3 30 workers.
    assert body(response) == (
        HEADER + "2024,1,1,0,,\r\n2025,2,3,0,50,\r\n2026,0,3,90,,\r\n2027,,,,250,20000\r\n"
    ).encode("utf-8")


@pytest.mark.parametrize(
    ("as_of", "reason"),
    [
        ("2026-11-28", "as_of: 28 November 2026 is in the future"),
        ("2026-02-30", "as_of: Write the date as YYYY-MM-DD"),
    ],
)
def test_export_refuses_a_bad_date_in_plain_text(client, registry, as_of, reason):
    response = client.get("/progress/export.csv", {"as_of": as_of})

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert reason in response.content.decode()


def test_export_without_national_targets_is_the_header_alone(client):
    response = client.get("/progress/export.csv")

    assert response.status_code == 200
    assert body(response) == HEADER.encode("utf-8")
