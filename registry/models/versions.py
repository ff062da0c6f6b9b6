"""The registry's version: one row bumped on every change, so pages can tell they are current."""

from django.db import models


class RegistryVersion(models.Model):
    """A single row counting changes to the registry's data (see registry.models.changes)."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "registry version"

    def __str__(self):
        return f"version {self.number}"
