"""What each staff role (SPEC §5) may do to programmes, centres and targets.

See registry.models.roles, which gathers every app's grants.
"""

from registry.models.roles import ALL, HQ, MANAGER, OFFICER, VIEW, VIEWER, grant

from .models import Centre, Programme, Target

for national in (Programme, Target):
    grant(national, {HQ: ALL, OFFICER: VIEW, VIEWER: VIEW})
# Change, for the facility page's inlines; a manager's centre's own fields stay read-only.
grant(Centre, {HQ: ALL, OFFICER: ALL, MANAGER: ("view", "change"), VIEWER: VIEW})
