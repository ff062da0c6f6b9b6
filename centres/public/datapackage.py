"""The downloads described (SPEC §4.4): the Frictionless Data Package and what /data/ shows.

One resource per CSV of SPEC §4.1, each read from its list's declaration (public.tables): the
field names in the CSV's order, each column's type and description. The files' conventions are
those of registry.web.csv_writer: UTF-8 with a byte-order mark, RFC 4180 quoting with CRLF line
ends, a header row, ISO dates and an empty cell for null.
"""

import dataclasses
import json

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from centres.public.lists import CENTRES, PROGRESS, REPORTING
from registry.public.lists import CITIES, COMPANIES, PARKS
from registry.public.tables import Table

# Creative Commons Attribution 4.0: open by the Open Definition, the licence most national open
# data portals use, and asks only that reusers name the source. The registry's records are
# public facts; CC BY lets analysts and other government systems reuse them freely.
LICENCE = {
    "name": "CC-BY-4.0",
    "title": gettext_lazy("Creative Commons Attribution 4.0 International"),
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
MISSING_VALUES = [""]
# As registry.web.csv_writer writes every file.
ENCODING = "utf-8-sig"
DIALECT = {
    "delimiter": ",",
    "lineTerminator": "\r\n",
    "quoteChar": '"',
    "doubleQuote": True,
    "header": True,
}
# The Table Schema types of the columns in words (/data/), and how pandas and readr read them.
TYPE_LABELS = {
    "string": gettext_lazy("text"),
    "integer": gettext_lazy("whole number"),
    "number": gettext_lazy("number"),
    "date": gettext_lazy("date, YYYY-MM-DD"),
    "year": gettext_lazy("year"),
    "yearmonth": gettext_lazy("month, YYYY-MM"),
}
PANDAS_DTYPES = {
    "string": "str",
    "yearmonth": "str",
    "integer": '"Int64"',
    "year": '"Int64"',
    "number": "float",
}
READR_TYPES = {
    "string": "col_character()",
    "integer": "col_integer()",
    "year": "col_integer()",
    "number": "col_double()",
    "date": "col_date()",
    "yearmonth": "col_character()",
}


@dataclasses.dataclass(frozen=True)
class Download:
    """One CSV: its name, export URL name, list declaration, primary key and what it holds."""

    name: str
    url_name: str
    table: Table
    primary_key: tuple[str, ...]
    title: Promise
    description: Promise
    # The list's page (None: none) and its other formats, by URL name.
    page_url_name: str | None = None
    geojson_url_name: str | None = None

    @property
    def fields(self):
        """Return the CSV's columns as Table Schema fields, in the CSV's order."""
        fields = []
        for column in self.table.exported:
            if column.type is None or column.description is None:
                raise ValueError(f"Column {self.name}.{column.name} has no type or description.")
            fields.append(
                {
                    "name": column.name,
                    "type": column.type,
                    "format": "default",
                    "description": str(column.description),
                }
            )
        return fields

    def names_of(self, *types):
        return [field["name"] for field in self.fields if field["type"] in types]

    def pandas(self, url):
        """Return the pandas call that reads the CSV at `url` with its columns' types."""
        dtypes = {
            field["name"]: PANDAS_DTYPES[field["type"]]
            for field in self.fields
            if field["type"] in PANDAS_DTYPES
        }
        dtype = "".join(f'        "{name}": {kind},\n' for name, kind in dtypes.items())
        dates = json.dumps(self.names_of("date"))
        return (
            f'{self.name} = pd.read_csv(\n    "{url}",\n    dtype={{\n{dtype}    }},\n'
            f'    parse_dates={dates},\n    keep_default_na=False,\n    na_values=[""],\n)'
        )

    def readr(self, url):
        """Return the readr call that reads the CSV at `url` with its columns' types."""
        types = ",\n".join(
            f"    {field['name']} = {READR_TYPES[field['type']]}" for field in self.fields
        )
        return (
            f'{self.name} <- read_csv(\n  "{url}",\n  na = "",\n'
            f"  col_types = cols(\n{types}\n  )\n)"
        )


DOWNLOADS = (
    Download(
        "centres",
        "centre-export",
        CENTRES,
        ("slug",),
        gettext_lazy("e-Rozgaar centres"),
        gettext_lazy("Every centre, whatever its status, with its latest workforce."),
        page_url_name="centre-list",
        geojson_url_name="centre-export-geojson",
    ),
    Download(
        "parks",
        "park-export",
        PARKS,
        ("slug",),
        gettext_lazy("Software Technology Parks"),
        gettext_lazy("Every park, whatever its status, with its tenants and latest workforce."),
        page_url_name="park-list",
        geojson_url_name="park-export-geojson",
    ),
    Download(
        "companies",
        "company-export",
        COMPANIES,
        ("slug",),
        gettext_lazy("Companies"),
        gettext_lazy("Every company, its sectors and where it rents space today."),
        page_url_name="company-list",
    ),
    Download(
        "cities",
        "city-export",
        CITIES,
        ("slug",),
        gettext_lazy("Cities"),
        gettext_lazy("Every city with its parks, centres, tenants and workers today."),
        page_url_name="city-list",
        geojson_url_name="city-export-geojson",
    ),
    Download(
        "progress",
        "progress-export",
        PROGRESS,
        ("fiscal_year",),
        gettext_lazy("Progress by fiscal year"),
        gettext_lazy(
            "The tracked programme's centres and jobs at each fiscal year's end, with its targets."
        ),
        page_url_name="progress",
    ),
    Download(
        "reporting",
        "reporting-export",
        REPORTING,
        ("month", "province"),
        gettext_lazy("Monthly returns"),
        gettext_lazy(
            "Completeness and timeliness of the monthly returns of the last 12 months due: each "
            "month's national row, then one row per province."
        ),
        page_url_name="reporting",
    ),
)


def resource(download, path):
    """Return one download as a Tabular Data Resource at `path`."""
    return {
        "name": download.name,
        "title": str(download.title),
        "description": str(download.description),
        "profile": "tabular-data-resource",
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": ENCODING,
        "dialect": DIALECT,
        "schema": {
            "fields": download.fields,
            "primaryKey": list(download.primary_key),
            "missingValues": MISSING_VALUES,
        },
    }


def data_package(absolute, paths=None):
    """Return the Data Package of every download; `absolute` makes a path absolute.

    `paths` gives a resource's path by name instead (tests point them at files).
    """
    paths = paths or {}
    return {
        "profile": "tabular-data-package",
        "name": "markaz",
        "title": "Markaz: Software Technology Parks and e-Rozgaar centres of Pakistan",
        "description": (
            "The registry's public lists as CSV files, each with the filters of its page: "
            "without a query string, every record."
        ),
        "homepage": absolute(reverse("data")),
        "licenses": [{**LICENCE, "title": str(LICENCE["title"])}],
        "resources": [
            resource(d, paths.get(d.name) or absolute(reverse(d.url_name))) for d in DOWNLOADS
        ],
    }
