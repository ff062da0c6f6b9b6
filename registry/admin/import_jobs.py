"""Admin imports as jobs (SPEC §5; §6 "Bulk load"): each upload is an ImportJob in the database
every app server shares, named to the browser only by a token signed for its user, checked
(the preview) and then imported by the same loader as ``import_registry``.

Small files run within the request; files above ``IMPORT_INLINE_MAX_KB`` run on the task
worker (django-tasks' database backend, ``manage.py db_worker``), whose progress the clerk's
page shows. Either way the import is one transaction: every row or none, with the same
problems, history rows (naming the importing user and the file) and admin log.

A preview keeps the digest of each stored row it matched; the import refuses any row whose
stored record changed (or appeared) since, and any row out of the user's reach, before or
after the change.
"""

import functools
import hashlib
import json
from collections.abc import Iterable

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.cache import cache
from django.db import models, transaction
from django.utils import timezone
from django_tasks import task

from registry.admin.scoping import Access, access_for, facility_link
from registry.importers import bulk_files
from registry.importers.base import BulkResource
from registry.importers.batch import BatchLoad
from registry.importers.uploads import read_upload
from registry.models import ImportJob, ImportState
from registry.models.changes import bump_registry_version

# How many rows of each kind (new, changed, unchanged) and problems a page shows; the errors
# CSV has every problem.
SHOWN_ROWS = 20
SHOWN_PROBLEMS = 200
TOKEN_SALT = "markaz.import-job"


def digest(state: object) -> str:
    """Return a short fingerprint of a JSON-able state."""
    text = json.dumps(state, default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class AdminResourceMixin:
    """A bulk-load resource as the admin uses it: within the user's reach, re-checked at confirm."""

    def __init__(
        self,
        access: Access | None = None,
        expected_versions: dict[str, str] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self.access = access
        self.expected_versions = expected_versions
        self.versions = {}
        # The preview warns of what refuses nothing, such as a company's near-duplicate name.
        self.warns = expected_versions is None

    def before_row(self, instance: models.Model, *, new: bool, number: int) -> None:
        super().before_row(instance, new=new, number=number)
        self.row_reached = new or self.access is None or self.access.reaches(instance)
        self.row_version = None
        if not new:
            self.row_version = digest([f.export(instance) for f in self.get_import_fields()])
            self.versions[str(number)] = self.row_version

    def row_problems(
        self, instance: models.Model, *, new: bool, number: int, failed: Iterable[str]
    ) -> dict[str, list[str]]:
        errors = super().row_problems(instance, new=new, number=number, failed=failed)
        key = self.scope_field()
        if key not in failed and not (
            self.row_reached and (self.access is None or self.access.reaches(instance))
        ):
            noun = self._meta.model._meta.verbose_name
            errors.setdefault(key, []).append(
                f"You may not change this {noun}: it is outside the provinces or facilities "
                "assigned to you."
            )
        expected = self.expected_versions
        if expected is not None and expected.get(str(number)) != self.row_version:
            errors.setdefault(self.natural_key_field(), []).append(
                "This record changed (or appeared) after the preview; nothing was imported. "
                "Upload the file again to see a fresh preview."
            )
        return errors

    def scope_field(self) -> str:
        """Return the field that puts a row in or out of reach: its facility, city or province."""
        model = self._meta.model
        link = facility_link(model)
        if link:
            return link[:-2]
        if link == "":
            return "city"
        names = {field.name for field in model._meta.concrete_fields}
        return "province" if "province" in names else self.natural_key_field()

    def natural_key_field(self) -> str:
        """Return the model field of the natural key's first column."""
        return self.fields[self.get_import_id_fields()[0]].attribute


@functools.cache
def admin_resource(resource_class: type[BulkResource]) -> type[BulkResource]:
    """Return the bulk-load resource class as the admin uses it."""
    name = f"Admin{resource_class.__name__}"
    return type(name, (AdminResourceMixin, resource_class), {"__module__": __name__})


def resource_for(label: str) -> type[BulkResource]:
    """Return the bulk file resource class of the model with this label."""
    for bulk in bulk_files():
        if bulk.resource_class._meta.model._meta.label_lower == label:
            return bulk.resource_class
    raise LookupError(f"No bulk file loads {label}.")


class ImportRefused(Exception):
    """An upload the user cannot have: the message says why, in a clerk's words."""


def job_token(job: ImportJob) -> str:
    """Return the name the browser knows an upload by: signed, for its user only."""
    return signing.dumps(job.pk, salt=f"{TOKEN_SALT}:{job.user_id}")


def job_for(token: str, user: AbstractBaseUser) -> ImportJob:
    """Return the user's upload a token names, or raise ImportRefused saying why not."""
    hours = settings.IMPORT_UPLOAD_HOURS
    try:
        pk = signing.loads(token, salt=f"{TOKEN_SALT}:{user.pk}", max_age=hours * 3600)
    except signing.SignatureExpired:
        raise ImportRefused(
            f"This upload has expired (uploads are kept for {hours} hours); upload the file again."
        ) from None
    except signing.BadSignature:
        raise ImportRefused(
            "This upload is not one you made, or its address is damaged; upload the file again."
        ) from None
    job = ImportJob.objects.filter(pk=pk, user=user).defer("data").first()
    if job is None:
        raise ImportRefused(
            f"This upload has been cleared away (uploads are kept for {hours} hours); upload "
            "the file again."
        )
    return job


def job_create(
    *, user: AbstractBaseUser, model: str, file_name: str, file_format: str, data: bytes
) -> ImportJob:
    """Keep an upload and check it: within the request if it is small, else on the worker."""
    now = timezone.now()
    job = ImportJob.objects.create(
        user=user,
        model=model,
        file_name=file_name,
        file_format=file_format,
        data=data,
        size=len(data),
        state=ImportState.PREVIEWING,
        background=len(data) > settings.IMPORT_INLINE_MAX_KB * 1024,
        created_at=now,
        expires_at=now + timezone.timedelta(hours=settings.IMPORT_UPLOAD_HOURS),
    )
    return job_start(job)


def job_confirm(job: ImportJob) -> ImportJob | None:
    """Start importing a previewed upload; return it as it stands after, or None if it was
    confirmed already."""
    started = ImportJob.objects.filter(pk=job.pk, state=ImportState.PREVIEWED, problems=[]).update(
        state=ImportState.IMPORTING, started_at=None, finished_at=None
    )
    if not started:
        return None
    job.state = ImportState.IMPORTING
    return job_start(job)


def job_start(job: ImportJob) -> ImportJob:
    """Run a job within the request, or queue it for the worker; return it as it stands."""
    if job.background:
        run_import_job.enqueue(job.pk)
        return job
    return job_run(job.pk)


@task()
def run_import_job(job_id: int) -> None:
    """Check or import an upload on the task worker."""
    job_run(job_id)


def progress_key(job_id: int) -> str:
    """Return the shared cache's key of a job's progress."""
    return f"markaz-import-progress:{job_id}"


def job_progress(job: ImportJob) -> int | None:
    """Return how many rows of a running job are done, when a shared cache knows it."""
    return cache.get(progress_key(job.pk))


def job_run(job_id: int) -> ImportJob:
    """Check (preview) or import an upload, as its state asks, and keep what came of it."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    try:
        return job_outcome(job)
    except BaseException:
        ImportJob.objects.filter(pk=job.pk).update(
            state=ImportState.BROKEN, finished_at=timezone.now()
        )
        raise
    finally:
        cache.delete(progress_key(job.pk))


def job_outcome(job: ImportJob) -> ImportJob:
    """Check or import the job's file in one transaction; keep and return what came of it."""
    importing = job.state == ImportState.IMPORTING
    source = read_upload(job.file_name, bytes(job.data), job.file_format)
    ImportJob.objects.filter(pk=job.pk).update(started_at=timezone.now(), rows=len(source.rows))
    resource = admin_resource(resource_for(job.model))(
        access=access_for(job.user), expected_versions=job.versions if importing else None
    )
    reason = f"Imported from {job.file_name}"

    def log(created, changed):
        for flag, objects in ((ADDITION, created), (CHANGE, changed)):
            if objects:
                LogEntry.objects.log_actions(job.user.pk, objects, flag, reason)

    def progress(rows):
        cache.set(progress_key(job.pk), rows, 3600)

    problems, warnings, result = list(source.errors), [], None
    with transaction.atomic():
        if source.headers and source.all_named:
            loader = BatchLoad(
                resource,
                shown_rows=SHOWN_ROWS,
                user=job.user,
                reason=reason,
                progress=progress,
                on_written=log if importing else None,
            )
            result = loader.run(source.headers, source.rows, source.lines, source.header_line)
            problems += result.problems
            warnings = result.warnings
        if problems or not importing:
            transaction.set_rollback(True)
        else:
            bump_registry_version()
    problems.sort(key=lambda problem: problem[0] or 0)
    job.problems = storable([list(problem) for problem in problems])
    if not importing:
        job.warnings = storable([list(warning) for warning in warnings])
    if result is not None:
        job.totals = dict(result.totals)
        job.shown = storable(
            {kind: [vars(row) for row in rows] for kind, rows in result.shown.items()}
        )
    if importing:
        job.state = ImportState.REFUSED if problems else ImportState.IMPORTED
        job.data = b""
    else:
        job.state = ImportState.PREVIEWED
        job.versions = storable(resource.versions)
    job.rows, job.finished_at = len(source.rows), timezone.now()
    job.save()
    return job


# A NUL cannot be stored in PostgreSQL's JSON; a clerk reads this sign where the file had one.
NUL_SIGN = "\u2400"


def storable(value: object) -> object:
    """Return JSON-able values with every NUL in their text shown as the NUL sign."""
    if isinstance(value, str):
        return value.replace("\x00", NUL_SIGN)
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(storable(item) for item in value)
    return value
