"""Template context shared by every page."""

import functools

from django.utils.functional import SimpleLazyObject

from registry.models import WorkforceReport
from registry.models.changes import registry_state

DEMO_SOURCE_PREFIX = "Demo data"


def demo_notice(request):
    """Say whether the registry holds the fictional demo data (queried only if a page asks)."""
    return {
        "demo_data_loaded": SimpleLazyObject(
            lambda: WorkforceReport.objects.filter(source__startswith=DEMO_SOURCE_PREFIX).exists()
        )
    }


def registry_changed(request):
    """Give the date and time of the registry's last change (None before any), for the footer.

    Public pages read the registry's state once for their ETag (PublicPageCacheMiddleware);
    other requests read it here, once, only if the page shows it.
    """

    @functools.cache
    def changed_at():
        state = getattr(request, "registry_state", None) or registry_state()
        # Whole seconds: HTML's <time datetime> allows at most three digits of a fraction.
        return state.changed_at and state.changed_at.replace(microsecond=0)

    return {"registry_changed_at": changed_at}
