"""The SPEC's fixed lists, present in every database (§2.2): the provinces (§2.1), the sectors
(§2.3) and the staff roles' groups with their permissions (§5).

They are restored after every ``migrate`` and ``flush`` (``post_migrate``, registry/apps.py), so a
new or flushed database is always ready for ``import_registry``. Restoring is idempotent and puts
the SPEC's values back, since the SPEC fixes them: a province renamed by hand gets its name back,
a permission added to or taken from a role's group by hand is undone. Rows beyond the lists (a
province or group of another name) are left alone. Migrations 0002 and 0006 wrote the same lists
once; they stay as they were, as history.
"""

import sys
from typing import TextIO

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS, models, router
from django.utils import translation

from registry.models.companies import SECTOR_NAMES
from registry.models.roles import role_permissions

# Code, English name and Urdu name, in the order of SPEC §2.1.
PROVINCES = (
    ("PB", "Punjab", "پنجاب"),
    ("SD", "Sindh", "سندھ"),
    ("KP", "Khyber Pakhtunkhwa", "خیبر پختونخوا"),
    ("BA", "Balochistan", "بلوچستان"),
    ("IS", "Islamabad Capital Territory", "اسلام آباد وفاقی دارالحکومت"),
    ("GB", "Gilgit-Baltistan", "گلگت بلتستان"),
    ("AJK", "Azad Jammu and Kashmir", "آزاد جموں و کشمیر"),
)


def sectors() -> dict[str, str]:
    """Return the sectors' codes and the English names the database keeps (pages translate)."""
    with translation.override("en"):
        return {code: str(name) for code, name in SECTOR_NAMES.items()}


def fixed_lists_restore(*, apps: Apps = global_apps, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Create the fixed lists' missing rows and put back their values; return what was restored.

    `apps` is the model registry to write with: ``post_migrate`` passes the migrated state's.
    Nothing is written when every row already holds the SPEC's values.
    """
    restored = []
    Province = apps.get_model("registry", "Province")
    if router.allow_migrate_model(using, Province):
        rows = {code: (name, name_ur) for code, name, name_ur in PROVINCES}
        restored += restore_rows(Province, rows, ("name", "name_ur"), using)
        Sector = apps.get_model("registry", "Sector")
        rows = {code: (name,) for code, name in sectors().items()}
        restored += restore_rows(Sector, rows, ("name",), using)
    Group = apps.get_model("auth", "Group")
    if router.allow_migrate_model(using, Group):
        restored += restore_roles(apps, using)
    return restored


def restore_rows(
    model: type[models.Model], rows: dict[str, tuple], fields: tuple[str, ...], using: str
) -> list[str]:
    """Create missing rows (by primary key) and put back changed fields; return those restored."""
    stored = model._default_manager.using(using).in_bulk(list(rows))
    missing = [
        model(pk=key, **dict(zip(fields, values, strict=True)))
        for key, values in rows.items()
        if key not in stored
    ]
    model._default_manager.using(using).bulk_create(missing)
    changed = []
    for key, row in stored.items():
        if tuple(getattr(row, field) for field in fields) != rows[key]:
            for field, value in zip(fields, rows[key], strict=True):
                setattr(row, field, value)
            changed.append(row)
    model._default_manager.using(using).bulk_update(changed, fields)
    return [f"{model._meta.verbose_name} {row.pk}" for row in changed]


def restore_roles(apps: Apps, using: str) -> list[str]:
    """Give each role's group exactly its permissions; return the groups that had others."""
    # post_migrate reaches the registry before the apps after it: make every permission first.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    by_key = {
        (app_label, codename): pk
        for pk, app_label, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    restored = []
    for role, permissions in role_permissions().items():
        group, created = Group.objects.using(using).get_or_create(name=role.label)
        wanted = {by_key[key] for key in permissions}
        held = set(group.permissions.values_list("pk", flat=True))
        if wanted != held:
            group.permissions.set(wanted)
            if not created:
                restored.append(f"group {group.name}")
    return restored


def restore_after_migrate(
    sender: AppConfig,
    *,
    using: str,
    verbosity: int,
    apps: Apps = global_apps,
    stdout: TextIO | None = None,
    **kwargs: object,
) -> None:
    """Restore the fixed lists after ``migrate`` or ``flush`` (the registry's post_migrate)."""
    try:
        apps.get_model("registry", "Province")
    except LookupError:
        return  # migrated back to before the registry's tables
    restored = fixed_lists_restore(apps=apps, using=using)
    if restored and verbosity >= 1:
        (stdout or sys.stdout).write(f"Restored the SPEC's fixed lists: {', '.join(restored)}.\n")
