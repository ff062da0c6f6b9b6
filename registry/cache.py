"""The registry's version, bumped on every change, so ETags and cached pages are never stale.

Every save, delete and many-to-many change of a model of the registry or centres app bumps
the version through signals, in the same transaction as the change (a rolled-back change
rolls its bump back too). Writes that send no signals bypass it: QuerySet.update(),
bulk_create(), bulk_update(), raw SQL and data migrations. Code that writes that way calls
bump_registry_version() inside its transaction, as import_registry does; a deploy changes
RELEASE instead. Whatever slips through is bounded by midnight (every ETag names the day)
and by PAGE_CACHE_SECONDS.
"""

import hashlib

from django.apps import apps as global_apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from registry.models import RegistryVersion

WATCHED_APPS = {"registry", "centres"}
VERSION_PK = 1


def registry_version():
    """Return the number of changes recorded so far (0 before the first)."""
    return (
        RegistryVersion.objects.filter(pk=VERSION_PK).values_list("number", flat=True).first() or 0
    )


def bump_registry_version(using=DEFAULT_DB_ALIAS):
    """Record one more change to the registry, in the current transaction of the database."""
    versions = RegistryVersion.objects.using(using)
    now = timezone.now()
    if not versions.filter(pk=VERSION_PK).update(number=F("number") + 1, changed_at=now):
        # The row is missing only after a flush; recreate it rather than lose the change.
        versions.bulk_create(
            [RegistryVersion(pk=VERSION_PK, number=1, changed_at=now)], ignore_conflicts=True
        )


def page_etag():
    """Return the ETag of a public page: the same while the registry, the day and release are."""
    state = f"{settings.RELEASE}:{registry_version()}:{timezone.localdate().isoformat()}"
    return '"' + hashlib.sha256(state.encode()).hexdigest()[:32] + '"'


def _is_watched(model):
    # Migrations send signals from historical models, before the version table may exist.
    return (
        model._meta.apps is global_apps
        and model._meta.app_label in WATCHED_APPS
        and model is not RegistryVersion
    )


def _record_change(sender, using, **kwargs):
    if _is_watched(sender):
        bump_registry_version(using)


def _record_m2m_change(sender, using, action, **kwargs):
    if action.startswith("post_") and _is_watched(sender):
        bump_registry_version(using)


def watch_registry_changes():
    """Bump the version on every signalled change of a registry or centres model."""
    post_save.connect(_record_change, dispatch_uid="registry-version-save")
    post_delete.connect(_record_change, dispatch_uid="registry-version-delete")
    m2m_changed.connect(_record_m2m_change, dispatch_uid="registry-version-m2m")
