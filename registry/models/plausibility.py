"""Reports flagged for review when their figures jump against the previous report (SPEC §5)."""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Subquery


class Review(models.TextChoices):
    """Where a report stands with staff: flagged for review, or confirmed as reported."""

    FLAGGED = "flagged", "Flagged for review"
    CONFIRMED = "confirmed", "Confirmed as reported"


def implausibility(
    workers: int, women: int, before_workers: int | None, before_women: int | None
) -> str:
    """Return why figures look implausible against the previous report's, or "" when they do not.

    Workers more than REPORT_FLAG_FACTOR times the previous, or below its share of them, count
    when the previous report had at least REPORT_FLAG_MIN_WORKERS; the women's share moving by
    more than REPORT_FLAG_SHARE_POINTS percentage points counts whenever both had workers.
    """
    if before_workers is None:
        return ""
    reasons = []
    factor = settings.REPORT_FLAG_FACTOR
    if before_workers >= settings.REPORT_FLAG_MIN_WORKERS and (
        workers > before_workers * factor or workers * factor < before_workers
    ):
        reasons.append(
            f"Workers went from {before_workers} to {workers}: more than {factor} times, or "
            f"less than 1/{factor} of, the previous report."
        )
    if workers and before_workers:
        share, before_share = 100 * women / workers, 100 * before_women / before_workers
        if abs(share - before_share) > settings.REPORT_FLAG_SHARE_POINTS:
            reasons.append(
                f"The women's share moved from {before_share:.1f}% to {share:.1f}%: more than "
                f"{settings.REPORT_FLAG_SHARE_POINTS} points."
            )
    return " ".join(reasons)


def judge_reports(reports: models.QuerySet) -> int:
    """Flag or clear each of these reports by the previous report of its facility; return how
    many changed. One query reads them with their previous figures, one writes the changes."""
    model = reports.model
    previous = model.objects.filter(
        facility=OuterRef("facility"), period__lt=OuterRef("period")
    ).order_by("-period")
    rows = reports.annotate(
        before_workers=Subquery(previous.values("workers")[:1]),
        before_women=Subquery(previous.values("women")[:1]),
    ).values_list("pk", "workers", "women", "before_workers", "before_women", "review_note")
    changed = []
    for pk, workers, women, before_workers, before_women, note in rows:
        reason = implausibility(workers, women, before_workers, before_women)
        if reason or note:
            review = Review.FLAGGED if reason else ""
            changed.append(model(pk=pk, review=review, review_note=reason))
    model.objects.bulk_update(changed, ["review", "review_note"], batch_size=1000)
    return len(changed)
