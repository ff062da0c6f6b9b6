"""The registry's version, bumped on every change, so ETags and cached pages are never stale.

Every save, delete and many-to-many change of a model of a watched app (the registry, and
each app that asks with watch_changes_of() in its ready(), as centres does) bumps
the version through signals, in the same transaction as the change (a rolled-back change
rolls its bump back too). A transaction bumps it once, however many rows it writes, unless the
version was read on the same connection since (tests render pages between edits inside one
transaction): updating one row thousands of times in a transaction would slow an import down
for nothing. Writes that send no signals bypass it: QuerySet.update(), bulk_create(),
bulk_update(), raw SQL and data migrations. Code that writes that way calls
bump_registry_version() inside its transaction, as generate_registry does; a deploy changes
RELEASE instead. Whatever slips through is bounded by midnight (every ETag names the day)
and by PAGE_CACHE_SECONDS.
"""

import datetime
from typing import NamedTuple

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from registry.models import ImportJob, RegistryVersion, ReturnReminder

# The labels of the apps whose models' changes bump the version.
WATCHED_APPS = set()
VERSION_PK = 1


# How many times a connection has read the version; a bump notes the count it was made at.
_READS = "markaz_registry_version_reads"


class _Bumped:
    """A no-op commit hook marking that the transaction bumped the version after `reads` reads."""

    def __init__(self, reads):
        self.reads = reads

    def __call__(self):
        pass


class RegistryState(NamedTuple):
    """How many changes the registry has recorded, and when the last was made (None: never)."""

    number: int
    changed_at: datetime.datetime | None


def registry_state() -> RegistryState:
    """Return the registry's state, read in one query of one row ((0, None) before a change)."""
    versions = RegistryVersion.objects.filter(pk=VERSION_PK)
    connection = connections[versions.db]
    setattr(connection, _READS, getattr(connection, _READS, 0) + 1)
    row = versions.values_list("number", "changed_at").first()
    return RegistryState(*row) if row else RegistryState(0, None)


def registry_version() -> int:
    """Return the number of changes recorded so far (0 before the first)."""
    return registry_state().number


def bump_registry_version(using: str = DEFAULT_DB_ALIAS) -> None:
    """Record one more change to the registry, in the current transaction of the database."""
    connection = connections[using]
    reads = getattr(connection, _READS, 0)
    # Django drops a savepoint's commit hooks when it rolls the savepoint back, so a marker
    # survives exactly as long as the bump it stands for.
    if connection.in_atomic_block and any(
        isinstance(hook, _Bumped) and hook.reads == reads for _, hook, _ in connection.run_on_commit
    ):
        return
    versions = RegistryVersion.objects.using(using)
    now = timezone.now()
    if not versions.filter(pk=VERSION_PK).update(number=F("number") + 1, changed_at=now):
        # The row is missing only after a flush; recreate it rather than lose the change.
        versions.bulk_create(
            [RegistryVersion(pk=VERSION_PK, number=1, changed_at=now)], ignore_conflicts=True
        )
    transaction.on_commit(_Bumped(reads), using=using)


def _is_watched(model):
    # Migrations send signals from historical models, before the version table may exist.
    return (
        model._meta.apps is global_apps
        and model._meta.app_label in WATCHED_APPS
        and model not in (RegistryVersion, ImportJob, ReturnReminder)
    )


def _record_change(sender, using, **kwargs):
    if _is_watched(sender):
        bump_registry_version(using)


def _record_m2m_change(sender, using, action, **kwargs):
    if action.startswith("post_") and _is_watched(sender):
        bump_registry_version(using)


def watch_changes_of(app_config: AppConfig) -> None:
    """Bump the version on every signalled change of a model of the app."""
    WATCHED_APPS.add(app_config.label)
    post_save.connect(_record_change, dispatch_uid="registry-version-save")
    post_delete.connect(_record_change, dispatch_uid="registry-version-delete")
    m2m_changed.connect(_record_m2m_change, dispatch_uid="registry-version-m2m")
