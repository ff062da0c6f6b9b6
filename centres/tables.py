"""The rows of the centre list's table (see registry.tables)."""

from registry.names import local_name
from registry.tables import facility_row


def centre_rows(centres):
    """Return the centre list's rows: the facility cells and the programme."""
    return [
        facility_row(centre) | {"programme": local_name(centre.programme)} for centre in centres
    ]
