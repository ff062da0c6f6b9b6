"""Bulk load and export of the registry's CSV files (SPEC §4.2), on django-import-export resources.

Each app's ``importers`` module registers one resource per file with ``@bulk_file(name, order)``
(operators 10, programmes 20, cities 30, parks 40, centres 50, companies 60, tenancies 70,
workforce 80, targets 90); ``load_files`` and ``export_files`` find them with
``autodiscover_modules("importers")``, so the registry app never imports ``centres``.

A load is one transaction: every row is matched on its natural key, judged by the model's
``full_clean()`` and saved (one savepoint per row), and any problem anywhere rolls everything
back after all of them are listed as ``file:line: column: message``. References and stored rows
are read once per file into maps, so a row costs no lookup query: a new or changed row costs its
INSERT or UPDATE (and two savepoints). Check constraints are judged by the database at that save
and reported with their own message (``clean()`` states the same rules first); the natural key's
uniqueness by the maps; history is written in bulk at the end of each file, with no user and the
file and command as its reason ("Loaded from parks.csv by import_registry").

Decisions where the SPEC is silent: cells are trimmed and blank lines ignored; the natural key's
columns and those of required fields must be in the header, the others may be left out (existing
rows then keep their stored values); rows absent from a file are never deleted; a file given twice
is an error; exports are not formula-guarded (§4.1's guard would change what a re-import loads).
"""

from .base import BulkFile, BulkResource, bulk_file, bulk_files
from .files import export_files, load_files, stored_rows
from .resources import (
    CityResource,
    CompanyResource,
    OperatorResource,
    ParkResource,
    TenancyResource,
    WorkforceReportResource,
)
from .widgets import (
    CodeListWidget,
    IsoDateWidget,
    MonthWidget,
    PlainDecimalWidget,
    ReferenceWidget,
    TextWidget,
    WholeNumberWidget,
)

__all__ = [
    "BulkFile",
    "BulkResource",
    "CityResource",
    "CodeListWidget",
    "CompanyResource",
    "IsoDateWidget",
    "MonthWidget",
    "OperatorResource",
    "ParkResource",
    "PlainDecimalWidget",
    "ReferenceWidget",
    "TenancyResource",
    "TextWidget",
    "WholeNumberWidget",
    "WorkforceReportResource",
    "bulk_file",
    "bulk_files",
    "export_files",
    "load_files",
    "stored_rows",
]
