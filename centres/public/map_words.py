"""The words of the map (SPEC §4.3): short unit labels, facility and status words."""

from django.utils.translation import npgettext, pgettext_lazy

from registry.models import FacilityKind
from registry.models.statuses import OPERATIONAL

PARK = FacilityKind.PARK

# Short names of the units of SPEC §2.1 for the drawing; the full name is in each title.
MAP_LABELS = {
    "PB": pgettext_lazy("map label", "Punjab"),
    "SD": pgettext_lazy("map label", "Sindh"),
    "KP": pgettext_lazy("map label", "KP"),
    "BA": pgettext_lazy("map label", "Balochistan"),
    "IS": pgettext_lazy("map label", "ICT"),
    "GB": pgettext_lazy("map label", "GB"),
    "AJK": pgettext_lazy("map label", "AJK"),
}


def facilities_words(kind, count):
    if kind == PARK:
        return npgettext("map", "Software Technology Park", "Software Technology Parks", count)
    return npgettext("map", "e-Rozgaar centre", "e-Rozgaar centres", count)


# What facilities of a status open on the map's date are, e.g. "suspended".
STATUS_WORDS = {
    OPERATIONAL: pgettext_lazy("map", "operational"),
    "suspended": pgettext_lazy("map", "suspended (still counted)"),
    "closed": pgettext_lazy("map", "closed since then"),
}


def status_words(status):
    return str(STATUS_WORDS[status])
