"""Template context shared by every page."""

from django.utils.functional import SimpleLazyObject

from registry.models import WorkforceReport

DEMO_SOURCE_PREFIX = "Demo data"


def demo_notice(request):
    """Say whether the registry holds the fictional demo data (queried only if a page asks)."""
    return {
        "demo_data_loaded": SimpleLazyObject(
            lambda: WorkforceReport.objects.filter(source__startswith=DEMO_SOURCE_PREFIX).exists()
        )
    }
