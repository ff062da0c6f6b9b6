"""Names of records in the page's language (issue 7): Urdu names on Urdu pages when recorded."""

from django.utils.translation import get_language

# First-strong isolate ... pop directional isolate: a Latin name inside Urdu text keeps its own
# direction, so its punctuation ("(2024–)", "Abbottabad – Hazara") stays where it was written.
FSI, PDI = "\u2068", "\u2069"


def local_name(record, *, language=None):
    """Return a record's Urdu name on Urdu pages when it has one, else its name ("" for None).

    `language` defaults to the page's; a caller naming many records passes it (get_language()
    is a thread-local lookup).
    """
    if record is None:
        return ""
    if (language or get_language()) != "ur":
        return record.name
    if getattr(record, "name_ur", ""):
        return record.name_ur
    return f"{FSI}{record.name}{PDI}"
