from .access import ReturnReminder, Role, StaffAssignment
from .companies import (
    Company,
    Sector,
    Tenancy,
    TenancyCity,
    normalise_company_name,
    normalise_registration_no,
)
from .facilities import Facility, Park
from .imports import ImportJob, ImportState
from .merges import CompanyRedirect
from .places import City, Operator, OperatorKind, Province
from .querysets import (
    FacilityQuerySet,
    RolloutFigure,
    WorkforceFigure,
    operational_condition,
    women_share,
)
from .statuses import CentreStatus, FacilityKind, ParkStatus
from .versions import RegistryVersion
from .workforce import LatestReport, WorkforceReport

__all__ = [
    "CentreStatus",
    "City",
    "Company",
    "CompanyRedirect",
    "Facility",
    "FacilityKind",
    "FacilityQuerySet",
    "ImportJob",
    "ImportState",
    "LatestReport",
    "Operator",
    "OperatorKind",
    "Park",
    "ParkStatus",
    "Province",
    "RegistryVersion",
    "ReturnReminder",
    "Role",
    "RolloutFigure",
    "Sector",
    "StaffAssignment",
    "Tenancy",
    "TenancyCity",
    "WorkforceFigure",
    "WorkforceReport",
    "normalise_company_name",
    "normalise_registration_no",
    "operational_condition",
    "women_share",
]
