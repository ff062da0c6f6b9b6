"""Bulk load and export of the registry's CSV files (SPEC §4.2), on django-import-export resources.

Each app's ``importers`` module registers one resource per file with ``@bulk_file(name, order)``;
``load_files`` and ``export_files`` find them with ``autodiscover_modules("importers")``, so this
module never imports ``centres``. Decisions where the SPEC is silent: cells are trimmed; a blank
line is ignored; columns for optional (blank-able) fields may be left out, which keeps the stored
value of existing rows; rows absent from a file are never deleted; a file given twice is an error;
exports are not formula-guarded (§4.1's guard would change the data a re-import loads back).
"""

from .base import BulkFile, BulkResource, bulk_file, bulk_files
from .files import export_files, load_files
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
]
