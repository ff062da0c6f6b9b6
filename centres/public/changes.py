"""The registry's public changes, newest first (SPEC §4.4 /changes.atom), read from its history.

A public change is a park or centre added, launched (opened), closed or changing status, or a
target added or changed. Each is read from django-simple-history's tables of parks, centres and
targets; only what the public pages show is read: never who made a change, nor its reason.
"""

import dataclasses
import datetime

from django.db.models import Case, F, Value, When, Window
from django.db.models.functions import Lag

from centres.models import Centre, Programme, Target
from registry.models import Facility, Park, Province
from registry.models.statuses import CLOSED, OPENED_STATUSES

LIMIT = 50
# What a target's history row shows the public; a change to any of them is a change of it.
TARGET_FIELDS = ("metric", "value", "fiscal_year", "programme_id", "province_id", "source")
FACILITY_FIELDS = ("history_id", "history_date", "history_type", "id", "name", "name_ur")


class Kind:
    ADDED = "added"
    LAUNCHED = "launched"
    CLOSED = "closed"
    STATUS = "status"
    TARGET_ADDED = "target_added"
    TARGET_CHANGED = "target_changed"


@dataclasses.dataclass(frozen=True)
class Change:
    """One public change: what changed, when, and the record as it then stood."""

    model: str  # "park", "centre" or "target"
    history_id: int
    at: datetime.datetime
    kind: str
    record_id: int
    # A facility's name, names and statuses; a target's row as the history holds it.
    values: dict


def facility_changes(model: type[Facility], limit: int = LIMIT) -> list[Change]:
    """Return the latest public changes of one kind of facility: added or changing status.

    LAG reads each history row's previous status; a first row has none: "" when it is the
    record's creation, else its own status (history that began after the record: no change).
    """
    history = model.history.model
    previous = Window(
        Lag(
            "status",
            default=Case(When(history_type="+", then=Value("")), default=F("status")),
        ),
        partition_by=[F("id")],
        order_by=[F("history_date").asc(), F("history_id").asc()],
    )
    rows = (
        history.objects.exclude(history_type="-")
        .annotate(previous_status=previous)
        .exclude(status=F("previous_status"))
        .order_by("-history_date", "-history_id")
        .values(*FACILITY_FIELDS, "status", "previous_status", "opened_on", "closed_on")[:limit]
    )
    name = model._meta.model_name
    return [
        Change(name, row["history_id"], row["history_date"], facility_kind(row), row["id"], row)
        for row in rows
    ]


def facility_kind(row: dict) -> str:
    """Return what a facility's history row did: added, launched, closed or changed status."""
    if row["history_type"] == "+":
        return Kind.ADDED
    if row["status"] == CLOSED:
        return Kind.CLOSED
    if row["status"] in OPENED_STATUSES and row["previous_status"] not in OPENED_STATUSES:
        return Kind.LAUNCHED
    return Kind.STATUS


def target_changes() -> list[Change]:
    """Return every target added or changed in what the public sees (targets are few)."""
    rows = Target.history.model.objects.exclude(history_type="-").order_by(
        "id", "history_date", "history_id"
    )
    changes, before = [], {}
    for row in rows.values("history_id", "history_date", "history_type", "id", *TARGET_FIELDS):
        shown = {field: row[field] for field in TARGET_FIELDS}
        previous = before.get(row["id"])
        before[row["id"]] = shown
        if row["history_type"] == "+":
            kind = Kind.TARGET_ADDED
        elif previous is not None and previous != shown:
            kind = Kind.TARGET_CHANGED
        else:
            continue
        changes.append(
            Change("target", row["history_id"], row["history_date"], kind, row["id"], shown)
        )
    return changes


def public_changes(limit: int = LIMIT) -> list[Change]:
    """Return the latest public changes of parks, centres and targets, newest first."""
    changes = [*facility_changes(Park, limit), *facility_changes(Centre, limit), *target_changes()]
    changes.sort(key=lambda change: (change.at, change.model, change.history_id), reverse=True)
    return changes[:limit]


def current_records(changes: list[Change]) -> dict:
    """Return the records the changes are of, as they stand now, by (model, id): their pages'
    slugs, and the programmes and provinces their targets name."""
    facility_ids = [c.record_id for c in changes if c.model != "target"]
    target_ids = [c.record_id for c in changes if c.model == "target"]
    facilities = Facility.objects.filter(pk__in=facility_ids).values_list("pk", "slug", "kind")
    programmes = {p.pk: p for p in Programme.objects.all()}
    return {
        "facilities": {pk: (slug, kind) for pk, slug, kind in facilities},
        "targets": set(Target.objects.filter(pk__in=target_ids).values_list("pk", flat=True)),
        "programmes": programmes,
        "provinces": {p.pk: p for p in Province.objects.all()},
    }
