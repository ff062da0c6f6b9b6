"""Each facility's latest report, as the database keeps it and as worked out from the reports."""

from registry.models import LatestReport, WorkforceReport


def worked_out():
    """Return {facility id: (period, workers, women)} of each facility's latest report."""
    latest = {}
    for report in WorkforceReport.objects.order_by("facility", "period"):
        latest[report.facility_id] = (report.period, report.workers, report.women)
    return latest


def kept():
    """Return {facility id: (period, workers, women)} of the kept LatestReport rows."""
    return {
        row.facility_id: (row.period, row.workers, row.women) for row in LatestReport.objects.all()
    }
