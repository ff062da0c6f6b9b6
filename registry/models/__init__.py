from .access import Role, StaffAssignment
from .companies import (
    Company,
    Sector,
    Tenancy,
    TenancyCity,
    TenantSpell,
    normalise_company_name,
    normalise_registration_no,
)
from .facilities import (
    CentreStatus,
    Facility,
    FacilityKind,
    FacilityQuerySet,
    LatestReport,
    Park,
    ParkStatus,
    WorkforceReport,
    operational_condition,
    women_share,
)
from .imports import ImportJob, ImportState
from .places import City, Operator, OperatorKind, Province
from .versions import RegistryVersion

__all__ = [
    "CentreStatus",
    "City",
    "Company",
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
    "Role",
    "Sector",
    "StaffAssignment",
    "Tenancy",
    "TenancyCity",
    "TenantSpell",
    "WorkforceReport",
    "normalise_company_name",
    "normalise_registration_no",
    "operational_condition",
    "women_share",
]
