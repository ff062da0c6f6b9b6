"""The rows of the centre list's table (see registry.public.lists)."""

from django.utils.translation import get_language

from registry.public.lists import facility_row
from registry.public.names import local_name


def centre_rows(centres):
    """Return the centre list's rows: the facility cells and the programme."""
    language = get_language()
    return [
        facility_row(centre, language)
        | {"programme": local_name(centre.programme, language=language)}
        for centre in centres
    ]
