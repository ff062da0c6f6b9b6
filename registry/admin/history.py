"""Change history across the registry (SPEC §5): every tracked model's history rows as one feed.

Each record's own history page comes with django-simple-history's admin; this module serves the
HQ "recent changes" page, which lists the changes of every tracked model, newest first, each with
who made it, when, the fields it changed from → to, and the reason given.
"""

import heapq
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import OuterRef, Subquery
from django.urls import NoReverseMatch, reverse
from simple_history.template_utils import HistoricalRecordContextHelper

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def is_tracked(model):
    return hasattr(model._meta, "simple_history_manager_attribute")


def history_of(model):
    """Return the manager of the model's history rows (all objects' rows)."""
    return getattr(model, model._meta.simple_history_manager_attribute)


@dataclass
class Change:
    """One history row as the page shows it."""

    record: object
    model: type
    label: str
    action: str
    fields: list
    url: str | None

    @property
    def kind(self):
        return self.model._meta.verbose_name

    @property
    def when(self):
        return self.record.history_date

    @property
    def user(self):
        return self.record.history_user

    @property
    def reason(self):
        return self.record.history_change_reason


class ChangeFeed:
    """History rows of several models, newest first, as one sequence a Paginator can slice."""

    def __init__(self, querysets, admin_site_name="admin"):
        self.querysets = [qs.order_by("-history_date", "-history_id") for qs in querysets]
        self.admin_site_name = admin_site_name

    def count(self):
        return sum(queryset.count() for queryset in self.querysets)

    def __getitem__(self, window):
        # Each model's newest rows up to the window's end, merged by date; then only the window's
        # rows are read in full, two queries per model (the rows and their previous versions).
        heads = []
        for index, queryset in enumerate(self.querysets):
            newest = queryset.values_list("history_date", "history_id")[: window.stop]
            heads.append([(date, pk, index) for date, pk in newest])
        picked = list(heapq.merge(*heads, reverse=True))[window.start : window.stop]
        wanted = defaultdict(list)
        for _, pk, index in picked:
            wanted[index].append(pk)
        changes = {}
        for index, pks in wanted.items():
            for change in self.changes(self.querysets[index].filter(history_id__in=pks)):
                changes[index, change.record.history_id] = change
        return [changes[index, pk] for _, pk, index in picked]

    def changes(self, queryset):
        """Return the Change of each history row, diffed against the object's previous row."""
        model = queryset.model.instance_type
        history = history_of(model)
        key = model._meta.pk.attname
        previous = history.filter(
            **{key: OuterRef(key)}, history_date__lt=OuterRef("history_date")
        ).order_by("-history_date")
        rows = list(
            queryset.annotate(previous_id=Subquery(previous.values("history_id")[:1]))
            .select_related("history_user")
            ._select_related_history_tracked_objs()
        )
        earlier = (
            history.filter(history_id__in=[row.previous_id for row in rows])
            ._select_related_history_tracked_objs()
            .in_bulk()
        )
        return [self.change(row, earlier.get(row.previous_id), model) for row in rows]

    def change(self, row, before, model):
        fields = []
        if row.history_type == "~" and before is not None:
            delta = row.diff_against(before, foreign_keys_are_objs=True)
            helper = HistoricalRecordContextHelper(model, row)
            fields = helper.context_for_delta_changes(delta)
        opts = model._meta
        try:
            url = reverse(
                f"{self.admin_site_name}:{opts.app_label}_{opts.model_name}_history",
                args=[getattr(row, opts.pk.attname)],
            )
        except NoReverseMatch:
            url = None
        return Change(row, model, label(row), ACTIONS[row.history_type], fields, url)


def label(row):
    """Return the record's name as it was, using the related rows already read with it."""
    instance = row.instance
    for field in row.tracked_fields:
        if field.many_to_one and field.name in row._state.fields_cache:
            setattr(instance, field.name, row._state.fields_cache[field.name])
    try:
        return str(instance)
    except ObjectDoesNotExist:
        return f"{instance._meta.verbose_name} {instance.pk}"


def recent_changes(models, *, user=None, model=None, since=None, until=None, site="admin"):
    """Return the feed of changes to the models, narrowed by user, model label and dates."""
    querysets = []
    for tracked in models:
        if model and tracked._meta.label_lower != model:
            continue
        queryset = history_of(tracked).all()
        if user is not None:
            queryset = queryset.filter(history_user=user)
        if since is not None:
            queryset = queryset.filter(history_date__date__gte=since)
        if until is not None:
            queryset = queryset.filter(history_date__date__lte=until)
        querysets.append(queryset)
    return ChangeFeed(querysets, site)
