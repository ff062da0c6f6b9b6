"""Names of records in the page's language (issue 7): Urdu names on Urdu pages when recorded."""

from django.utils.translation import get_language


def local_name(record):
    """Return a record's Urdu name on Urdu pages when it has one, else its name ("" for None)."""
    if record is None:
        return ""
    if get_language() == "ur" and getattr(record, "name_ur", ""):
        return record.name_ur
    return record.name
