"""`/changes.atom`: the registry's latest public changes as an Atom 1.0 feed (SPEC §4.4)."""

import dataclasses
import datetime
import types
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext, gettext_lazy

from centres.models import Metric
from centres.public.changes import Kind, current_records, public_changes
from registry.models import CentreStatus, FacilityKind, ParkStatus
from registry.models.calendar import fiscal_year_label
from registry.public.display import day_format, grouped
from registry.public.names import local_name

# Tag URIs (RFC 4151) name the feed and its entries: the site's own host, and a day on which the
# feed first existed, so an entry's id never changes whatever address serves it.
TAG_DAY = "2026-12-03"
STATUS_LABELS = {"park": ParkStatus, "centre": CentreStatus}
KIND_OF = {FacilityKind.PARK: "park", FacilityKind.CENTRE: "centre"}


def tag(path):
    """Return the tag: URI of a path of the feed's names; the Urdu feed's are its own."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    language = get_language()
    prefix = "" if language == settings.LANGUAGE_CODE else f"{language}/"
    return f"tag:{host},{TAG_DAY}:{prefix}{path}"


def status_label(model, status):
    choices = STATUS_LABELS[model]
    return str(choices(status).label) if status in choices.values else status


def facility_title(change):
    """Return what happened to a park or centre, in a line."""
    values = change.values
    name = local_name(types.SimpleNamespace(name=values["name"], name_ur=values["name_ur"]))
    park = change.model == "park"
    if change.kind == Kind.ADDED:
        words = gettext("Park added: %(name)s") if park else gettext("Centre added: %(name)s")
    elif change.kind == Kind.LAUNCHED:
        words = gettext("Park opened: %(name)s") if park else gettext("Centre launched: %(name)s")
    elif change.kind == Kind.CLOSED:
        words = gettext("Park closed: %(name)s") if park else gettext("Centre closed: %(name)s")
    else:
        return gettext("%(name)s: status changed from %(old)s to %(new)s") % {
            "name": name,
            "old": status_label(change.model, values["previous_status"]),
            "new": status_label(change.model, values["status"]),
        }
    return words % {"name": name}


def facility_summary(change):
    """Return the facility's status and dates as they then stood."""
    values = change.values
    parts = [
        gettext("Status: %(status)s.") % {"status": status_label(change.model, values["status"])}
    ]
    for key, words in (
        ("opened_on", gettext("Opened on %(day)s.")),
        ("closed_on", gettext("Closed on %(day)s.")),
    ):
        if values[key]:
            parts.append(words % {"day": day_format(values[key], "j F Y")})
    return " ".join(parts)


def target_label(values, records):
    """Return a target as the tracker names it: metric, value, due year and scope."""
    label = gettext("%(metric)s: %(value)s by the end of %(year)s") % {
        "metric": str(Metric(values["metric"]).label) if values["metric"] in Metric.values else "",
        "value": grouped(values["value"]),
        "year": fiscal_year_label(values["fiscal_year"]),
    }
    scope = [
        local_name(records["programmes"].get(values["programme_id"])),
        local_name(records["provinces"].get(values["province_id"])),
    ]
    scope = " · ".join(part for part in scope if part)
    return f"{label} ({scope})" if scope else label


def entry(change, records):
    """Return a change as the feed's entry: title, summary, link, id and time."""
    if change.model == "target":
        label = target_label(change.values, records)
        words = (
            gettext("Target added: %(target)s")
            if change.kind == Kind.TARGET_ADDED
            else gettext("Target changed: %(target)s")
        )
        title, summary = words % {"target": label}, label
        link = reverse("progress")
        if change.record_id in records["targets"]:
            link += f"#target-{change.record_id}"
    else:
        title, summary = facility_title(change), facility_summary(change)
        current = records["facilities"].get(change.record_id)
        if current is None:
            link = reverse(f"{change.model}-list")
        else:
            slug, kind = current
            link = reverse(f"{KIND_OF[kind]}-detail", args=[slug])
    guid = tag(f"changes/{change.model}/{change.history_id}")
    return Entry(title, summary, link, guid, change.at)


@dataclasses.dataclass(frozen=True)
class Entry:
    title: str
    summary: str
    link: str
    guid: str
    at: datetime.datetime


class ChangesFeed(Feed):
    """The latest LIMIT public changes, newest first, each entry named by a tag: URI."""

    feed_type = Atom1Feed
    title = gettext_lazy("Markaz: changes to the registry")
    subtitle = gettext_lazy(
        "Parks and centres added, launched, closed or changing status; targets added or changed."
    )
    author_name = gettext_lazy("Markaz")
    item_guid_is_permalink = False

    def link(self):
        return reverse("overview")

    def feed_url(self):
        return reverse("changes-feed")

    def feed_guid(self):
        return tag("changes")

    def items(self):
        changes = public_changes()
        records = current_records(changes)
        return [entry(change, records) for change in changes]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.guid

    def item_updateddate(self, item):
        return item.at

    def item_pubdate(self, item):
        return item.at
