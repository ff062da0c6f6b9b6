"""Near-duplicate companies at entry and import (SPEC §5, issue 20 item 7): the add and change
forms warn and name the near companies until "save anyway" is ticked; the import preview
flags the rows, against the registry and within the file, and imports them all the same."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.models import Company, Role
from tests.factories import CompanyFactory, staff

CSV = "0"


def warning_of(response):
    return " ".join(str(error) for error in response.context["adminform"].form.non_field_errors())


def test_adding_a_near_name_warns_naming_the_near_companies_and_saves_nothing(hq, add_company):
    acme = CompanyFactory(name="Acme Software (Pvt) Ltd", slug="acme-software")
    CompanyFactory(name="Apex Soft", slug="apex-soft")

    response = add_company(hq, "Acme Soft", "acme-soft")

    assert response.status_code == 200
    assert not Company.objects.filter(slug="acme-soft").exists()
    warning = warning_of(response)
    assert "Acme Software (Pvt) Ltd" in warning and "Apex" not in warning
    page = response.content.decode()
    link = reverse("admin:registry_company_change", args=[acme.pk])
    assert f'<a href="{link}">Acme Software (Pvt) Ltd</a>' in page
    assert 'name="save_anyway"' in page


def test_save_anyway_saves_and_the_history_says_which_names_it_was_near(hq, add_company):
    CompanyFactory(name="ACME SOFT PRIVATE LIMITED", slug="acme-soft-pl")

    response = add_company(
        hq, "Acme Soft (Pvt) Ltd", "acme-soft", save_anyway="on", change_reason="SECP letter"
    )

    assert response.status_code == 302
    company = Company.objects.get(slug="acme-soft")
    reason = company.history.latest().history_change_reason
    assert reason.startswith("SECP letter; saved although its name is near")
    assert "ACME SOFT PRIVATE LIMITED" in reason


def test_a_name_near_no_other_saves_at_once_without_the_box(hq, add_company):
    CompanyFactory(name="Karachi Digital", slug="karachi-digital")

    response = add_company(hq, "Lahore Digital", "lahore-digital")

    assert response.status_code == 302
    assert Company.objects.filter(slug="lahore-digital").exists()
    assert (
        'name="save_anyway"' not in hq.get(reverse("admin:registry_company_add")).content.decode()
    )


def test_renaming_to_a_near_name_warns_but_other_edits_of_a_near_company_do_not(hq, change_company):
    CompanyFactory(name="Bolan Cyber Systems", slug="bolan-cyber")
    other = CompanyFactory(name="Bolan Networks", slug="bolan-networks")

    renamed = change_company(hq, other, name="Bolan Cyber-Systems SMC")
    assert renamed.status_code == 200
    assert "Bolan Cyber Systems" in warning_of(renamed)
    assert Company.objects.get(pk=other.pk).name == "Bolan Networks"

    near = CompanyFactory(name="Bolan Cyber Systems Pvt", slug="bolan-cyber-pvt")
    edited = change_company(hq, near, website="https://bolan.example.pk")
    assert edited.status_code == 302
    assert Company.objects.get(pk=near.pk).website == "https://bolan.example.pk"


def test_a_provincial_officer_adding_a_tenant_is_warned_too(add_company, sign_in):
    officer = sign_in(staff(Role.PROVINCIAL_OFFICER, username="bilal", provinces=["PB"]))
    CompanyFactory(name="Zaitoon Technologies", slug="zaitoon-tech")

    response = add_company(officer, "Zaitoon Tech", "zaitoon")

    assert response.status_code == 200
    assert "Zaitoon Technologies" in warning_of(response)


def upload(client, text):
    return client.post(
        reverse("admin:registry_company_import"),
        {"import_file": SimpleUploadedFile("companies.csv", text.encode()), "format": CSV},
    )


def test_the_import_preview_flags_near_rows_against_the_registry_and_the_file(hq):
    CompanyFactory(name="Acme Software (Pvt) Ltd", slug="acme-software")
    CompanyFactory(name="Margalla Labs", slug="margalla-labs")
    text = (
        "slug,name\n"
        "acme-soft,Acme Soft\n"  # near a stored company
        "bolan-cyber,Bolan Cyber Systems\n"
        "lahore-digital,Lahore Digital\n"
        "karachi-digital,Karachi Digital\n"
        "bolan-cyber-smc,Bolan Cyber-Systems SMC\n"  # near line 3 of this file
        "margalla-labs,Margalla Labs\n"  # the stored company itself, unchanged
    )

    preview = upload(hq, text)

    warnings = preview.context["result"].warnings
    assert [(line, column) for line, column, _ in warnings] == [(2, "name"), (6, "name")]
    assert "“Acme Software (Pvt) Ltd” (acme-software)" in warnings[0][2]
    assert "“Bolan Cyber Systems” (line 3 of this file)" in warnings[1][2]
    page = preview.content.decode()
    assert "2 rows to look at before you confirm" in page
    assert "confirm_form" in preview.context

    form = preview.context["confirm_form"]
    confirmed = hq.post(
        reverse("admin:registry_company_process_import"),
        {name: form[name].value() for name in form.fields},
    )
    assert confirmed.status_code == 302
    assert Company.objects.filter(slug__in=["acme-soft", "bolan-cyber-smc"]).count() == 2


def test_renaming_a_company_by_import_is_flagged_but_re_importing_it_is_not(hq):
    CompanyFactory(name="Khyber Labs", slug="khyber-labs")
    CompanyFactory(name="Khyber Data", slug="khyber-data")

    renamed = upload(hq, "slug,name\nkhyber-data,Khyber Labs International\n")
    unchanged = upload(hq, "slug,name\nkhyber-data,Khyber Data\nkhyber-labs,Khyber Labs\n")

    assert [line for line, _, _ in renamed.context["result"].warnings] == [2]
    assert unchanged.context["result"].warnings == []
