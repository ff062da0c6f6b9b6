"""Uploads to the admin's import and what became of them (SPEC §5, §6 "Bulk load")."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportState(models.TextChoices):
    PREVIEWING = "previewing", "Checking the file"
    PREVIEWED = "previewed", "Checked"
    IMPORTING = "importing", "Importing"
    IMPORTED = "imported", "Imported"
    REFUSED = "refused", "Not imported"
    BROKEN = "broken", "Stopped by an unexpected error"


class ImportJobQuerySet(models.QuerySet):
    def expired(self, now: datetime.datetime | None = None) -> "ImportJobQuerySet":
        """Return the uploads kept past their expiry."""
        return self.filter(expires_at__lt=now or timezone.now())


class ImportJob(models.Model):
    """A file a user uploaded to import, kept in the database every app server shares until it
    expires: its bytes until imported, then its preview, result and problems.

    It is named to the browser only by a signed token tied to its user (registry.imports).
    """

    State = ImportState

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    model = models.CharField(max_length=100, help_text="The label of the model imported into.")
    file_name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=10)
    data = models.BinaryField(editable=False)
    size = models.PositiveBigIntegerField()
    state = models.CharField(max_length=20, choices=ImportState.choices)
    background = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(db_index=True)
    rows = models.PositiveIntegerField(null=True, blank=True)
    totals = models.JSONField(default=dict)
    shown = models.JSONField(default=dict, help_text="The first rows of each kind.")
    problems = models.JSONField(default=list, help_text="Every problem: [line, column, text].")
    warnings = models.JSONField(
        default=list,
        help_text="What a clerk should look at, refusing nothing: [line, column, text].",
    )
    versions = models.JSONField(default=dict, help_text="Digests of the stored rows previewed.")

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display()})"

    @property
    def running(self) -> bool:
        """Say whether the job is being checked or imported now."""

        return self.state in (ImportState.PREVIEWING, ImportState.IMPORTING)
