"""The monthly returns grid and a second clerk (SPEC §5): a row changed since the page was opened
is refused and shown with the stored figures; nothing is silently lost."""

from registry.models import WorkforceReport
from tests.registry.admin.conftest import OCTOBER


def test_saving_over_a_row_changed_since_saves_nothing(two_provinces, login, grid_url, grid_post):
    filed, second = two_provinces["filed"], two_provinces["punjab"][1]
    amna, bilal = login(username="amna"), login(username="bilal")
    amna_page, bilal_page = amna.get(grid_url), bilal.get(grid_url)
    row = f"r{filed.facility_id}"
    amna.post(grid_url, grid_post(amna_page, **{row: {"workers": 115}}))

    refused = bilal.post(
        grid_url,
        grid_post(
            bilal_page, **{row: {"workers": 140}, f"r{second.pk}": {"workers": 9, "women": 1}}
        ),
    )

    assert refused.status_code == 200
    (conflict,) = [row for row in refused.context["rows"] if row.conflict]
    assert conflict.facility.pk == filed.facility_id
    message = " ".join(conflict.form.non_field_errors())
    assert "Someone else saved this report after you opened the page" in message
    assert "Stored now: 115 workers, 25 women" in message
    assert f'name="{row}-workers" value="140"' in refused.text
    assert WorkforceReport.objects.get(pk=filed.pk).workers == 115
    assert not WorkforceReport.objects.filter(facility=second, period=OCTOBER).exists()


def test_saving_again_after_a_conflict_keeps_the_clerks_figures(
    two_provinces, login, grid_url, grid_post
):
    filed = two_provinces["filed"]
    amna, bilal = login(username="amna"), login(username="bilal")
    amna_page, bilal_page = amna.get(grid_url), bilal.get(grid_url)
    row = f"r{filed.facility_id}"
    amna.post(grid_url, grid_post(amna_page, **{row: {"workers": 115}}))
    refused = bilal.post(grid_url, grid_post(bilal_page, **{row: {"workers": 140}}))

    again = bilal.post(grid_url, grid_post(refused))

    assert again.status_code == 302
    assert WorkforceReport.objects.get(pk=filed.pk).workers == 140
    edits = filed.history.filter(history_user__isnull=False).order_by("history_id")
    assert [(r.history_user.username, r.workers) for r in edits] == [("amna", 115), ("bilal", 140)]


def test_a_row_left_alone_keeps_the_other_clerks_change(two_provinces, login, grid_url, grid_post):
    filed, second = two_provinces["filed"], two_provinces["punjab"][1]
    amna, bilal = login(username="amna"), login(username="bilal")
    amna_page, bilal_page = amna.get(grid_url), bilal.get(grid_url)
    amna.post(grid_url, grid_post(amna_page, **{f"r{filed.facility_id}": {"workers": 115}}))

    saved = bilal.post(
        grid_url, grid_post(bilal_page, **{f"r{second.pk}": {"workers": 9, "women": 1}})
    )

    assert saved.status_code == 302
    assert WorkforceReport.objects.get(pk=filed.pk).workers == 115
    assert WorkforceReport.objects.get(facility=second, period=OCTOBER).workers == 9


def test_a_row_filed_by_another_meanwhile_is_refused(two_provinces, login, grid_url, grid_post):
    second = two_provinces["punjab"][1]
    amna, bilal = login(username="amna"), login(username="bilal")
    amna_page, bilal_page = amna.get(grid_url), bilal.get(grid_url)
    row = f"r{second.pk}"
    amna.post(grid_url, grid_post(amna_page, **{row: {"workers": 80, "women": 20}}))

    refused = bilal.post(grid_url, grid_post(bilal_page, **{row: {"workers": 85, "women": 21}}))

    assert refused.status_code == 200
    assert "Stored now: 80 workers, 20 women" in refused.text
    assert WorkforceReport.objects.get(facility=second, period=OCTOBER).workers == 80


def test_a_row_deleted_meanwhile_is_refused(two_provinces, login, grid_url, grid_post):
    filed = two_provinces["filed"]
    client = login()
    page = client.get(grid_url)
    filed.delete()

    refused = client.post(grid_url, grid_post(page, **{f"r{filed.facility_id}": {"workers": 1}}))

    assert refused.status_code == 200
    assert "Stored now: no report (it was deleted)" in refused.text
    assert not WorkforceReport.objects.filter(facility=filed.facility_id, period=OCTOBER).exists()
