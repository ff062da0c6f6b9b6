"""What each staff role (SPEC §5) may do to each model: the permissions of the roles' groups.

Each app's ``roles`` module grants the roles their actions on its own models with ``grant()``,
as this module does for the registry's; ``role_permissions()`` finds them all with
``autodiscover_modules("roles")``, so the registry app never imports ``centres``. The fixed
lists (registry/models/fixed_lists.py) give each role's group exactly these permissions; which
rows a role reaches is decided in registry/admin/scoping.py.
"""

from django.contrib.auth import get_permission_codename
from django.db import models
from django.utils.module_loading import autodiscover_modules

from registry.models import (
    City,
    Company,
    Facility,
    Operator,
    Park,
    Province,
    Role,
    Sector,
    StaffAssignment,
    Tenancy,
    WorkforceReport,
)

VIEW = ("view",)
ALL = ("view", "add", "change", "delete")

HQ, OFFICER, MANAGER, VIEWER = (
    Role.HQ_EDITOR,
    Role.PROVINCIAL_OFFICER,
    Role.FACILITY_MANAGER,
    Role.VIEWER,
)

GRANTS: dict[type[models.Model], dict[Role, tuple[str, ...]]] = {}


def grant(model: type[models.Model], actions: dict[Role, tuple[str, ...]]) -> None:
    """Give each role these actions ("view", "add", "change", "delete") on the model."""
    GRANTS[model] = actions


def role_permissions() -> dict[Role, set[tuple[str, str]]]:
    """Return each role's permissions as (app label, codename) pairs, from every app's grants."""
    autodiscover_modules("roles")
    permissions = {role: set() for role in Role}
    for model, actions in GRANTS.items():
        for role, verbs in actions.items():
            permissions[role] |= {
                (model._meta.app_label, get_permission_codename(verb, model._meta))
                for verb in verbs
            }
    return permissions


# Every role reads the fixed lists.
for fixed in (Province, Sector):
    grant(fixed, {HQ: ALL, OFFICER: VIEW, MANAGER: VIEW, VIEWER: VIEW})
grant(City, {HQ: ALL, OFFICER: ALL, VIEWER: VIEW})
grant(Operator, {HQ: ALL, OFFICER: VIEW, VIEWER: VIEW})
grant(Facility, {HQ: ALL, OFFICER: VIEW, MANAGER: VIEW, VIEWER: VIEW})
# Change, for the facility page's inlines; a manager's facility's own fields stay read-only.
grant(Park, {HQ: ALL, OFFICER: ALL, MANAGER: ("view", "change"), VIEWER: VIEW})
# Officers and managers may add a company (a new tenant arrives); only HQ changes one.
grant(Company, {HQ: ALL, OFFICER: ("view", "add"), MANAGER: ("view", "add"), VIEWER: VIEW})
for kept_by_facilities in (Tenancy, WorkforceReport):
    grant(kept_by_facilities, {HQ: ALL, OFFICER: ALL, MANAGER: ALL, VIEWER: VIEW})
grant(StaffAssignment, {HQ: ALL})
