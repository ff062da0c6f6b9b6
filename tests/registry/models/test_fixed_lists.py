"""The fixed lists (SPEC §2.2): provinces, sectors and role groups outlive migrate and flush."""

import importlib
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.models import Province, Sector
from registry.models.fixed_lists import fixed_lists_restore
from tests.registry.bulk_files import run, write_all

ROLES_AS_MIGRATED = importlib.import_module("registry.migrations.0006_roles").ROLES
SPEC_PROVINCES = {
    "PB": ("Punjab", "پنجاب"),
    "SD": ("Sindh", "سندھ"),
    "KP": ("Khyber Pakhtunkhwa", "خیبر پختونخوا"),
    "BA": ("Balochistan", "بلوچستان"),
    "IS": ("Islamabad Capital Territory", "اسلام آباد وفاقی دارالحکومت"),
    "GB": ("Gilgit-Baltistan", "گلگت بلتستان"),
    "AJK": ("Azad Jammu and Kashmir", "آزاد جموں و کشمیر"),
}
SPEC_SECTORS = {
    "software": "Software development",
    "ites": "IT-enabled services / BPO",
    "freelancing": "Freelancing",
    "ecommerce": "E-commerce",
    "games": "Games",
    "fintech": "Fintech",
    "other": "Other",
}


def provinces():
    return {code: (name, name_ur) for code, name, name_ur in Province.objects.values_list()}


def role_groups():
    """Return each group's permissions as `app_label.action_model` names."""
    return {
        group.name: {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        for group in Group.objects.all()
    }


def state():
    """Return every row of the fixed lists and what they rest on."""
    return (
        provinces(),
        list(Sector.objects.values_list()),
        role_groups(),
        sorted(Permission.objects.values_list("pk", "codename")),
    )


def migrate():
    """Run migrate (nothing left to apply, so only post_migrate's work); return its output."""
    out = io.StringIO()
    call_command("migrate", verbosity=1, interactive=False, stdout=out)
    return out.getvalue()


def test_a_migrated_database_holds_the_spec_provinces_and_sectors():
    assert provinces() == SPEC_PROVINCES
    assert dict(Sector.objects.values_list()) == SPEC_SECTORS


def test_the_role_groups_hold_the_permissions_migration_0006_gave_them():
    as_migrated = {
        role: {
            f"{label.split('.')[0]}.{verb}_{label.split('.')[1]}"
            for label, verbs in actions.items()
            for verb in verbs
        }
        for role, actions in ROLES_AS_MIGRATED.items()
    }

    assert role_groups() == as_migrated


def test_restoring_lists_that_are_whole_writes_nothing():
    before = state()

    with CaptureQueriesContext(connection) as queries:
        restored = fixed_lists_restore()
        again = fixed_lists_restore()

    assert (restored, again) == ([], [])
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []
    assert state() == before


def test_migrate_gives_a_renamed_province_its_spec_names_back_and_says_so():
    Province.objects.filter(code="PB").update(name="Panjab", name_ur="")
    Sector.objects.filter(code="games").update(name="Gaming")

    out = migrate()

    assert "Restored the SPEC's fixed lists: province PB, sector games." in out
    assert provinces()["PB"] == ("Punjab", "پنجاب")
    assert Sector.objects.get(code="games").name == "Games"


def test_migrate_recreates_a_deleted_sector_and_leaves_other_rows_alone():
    Sector.objects.filter(code="fintech").delete()
    Province.objects.create(code="XX", name="Test territory", name_ur="آزمائش")

    migrate()

    assert dict(Sector.objects.values_list()) == SPEC_SECTORS
    assert provinces()["XX"] == ("Test territory", "آزمائش")


def test_migrate_undoes_a_permission_given_to_a_role_by_hand():
    viewer = Group.objects.get(name="Viewer")
    viewer.permissions.add(Permission.objects.get(codename="delete_park"))
    Group.objects.get(name="HQ editor").permissions.clear()
    before = role_groups()

    out = migrate()

    assert "group HQ editor, group Viewer" in out
    after = role_groups()
    assert "registry.delete_park" in before["Viewer"]
    assert "registry.delete_park" not in after["Viewer"]
    assert "centres.change_target" in after["HQ editor"]


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_holds_the_lists_and_loads_bulk_files(tmp_path):
    call_command("flush", interactive=False, verbosity=0)

    assert provinces() == SPEC_PROVINCES
    assert dict(Sector.objects.values_list()) == SPEC_SECTORS
    assert set(role_groups()) == set(ROLES_AS_MIGRATED)
    assert "centres.change_centre" in role_groups()["Provincial officer"]
    out, err, error = run(*write_all(tmp_path))
    assert error is None, err
    assert "cities.csv: 2 new, 0 updated, 0 unchanged" in out
