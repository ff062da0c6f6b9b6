"""Near-duplicate companies found and merged (SPEC §5): the candidates of a name, the merge, and
the redirects that keep a merged company's address alive.

A merge moves every tenancy of the dropped companies to the kept one, fills the kept company's
empty fields from theirs (and joins their sectors), then deletes them. Their history stays:
django-simple-history keeps a deleted record's rows, and the deletion, each moved tenancy's
change and the kept company's change carry a reason naming the merge. Each dropped company's
slug becomes a CompanyRedirect, so its public page answers 301 to the kept one's, and no new
company may take that slug while the redirect exists (a link to it would then lead elsewhere).
"""

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.formats import date_format

from .companies import Company, Tenancy
from .company_names import company_name_stem, stem_prefix_condition, stems_are_near


class CompanyRedirect(models.Model):
    """A merged company's former slug, leading to the company it was merged into."""

    old_slug = models.SlugField(max_length=200, unique=True)
    old_name = models.CharField(max_length=200)
    old_id = models.PositiveBigIntegerField(help_text="The merged company's id, for its history.")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="redirects")
    merged_at = models.DateTimeField(auto_now_add=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["old_slug"]

    def __str__(self):
        return f"{self.old_slug} → {self.company.slug}"


def near_companies(name: str, exclude_pk: int | None = None) -> list[Company]:
    """Return the stored companies whose names are near this one, by name (one query)."""
    stem = company_name_stem(name)
    if not stem:
        return []
    candidates = (
        Company.objects.filter(stem_prefix_condition(stem))
        .exclude(pk=exclude_pk)
        .only("pk", "name", "slug", "name_stem")
        .order_by("name", "slug")
    )
    return [company for company in candidates if stems_are_near(stem, company.name_stem)]


def _span(tenancy: Tenancy) -> str:
    ends = date_format(tenancy.ended_on) if tenancy.ended_on else "onwards"
    return f"{date_format(tenancy.started_on)} – {ends}"


def _overlap(a: Tenancy, b: Tenancy) -> bool:
    far = datetime.date.max
    return a.started_on <= (b.ended_on or far) and b.started_on <= (a.ended_on or far)


def merge_refusals(kept: Company, dropped: Sequence[Company]) -> list[str]:
    """Return why the companies cannot be merged into the kept one, in a clerk's words."""
    problems = []
    numbers = {
        company.secp_registration_no for company in (kept, *dropped) if company.secp_registration_no
    }
    if len(numbers) > 1:
        problems.append(
            "Their SECP registration numbers differ ("
            + ", ".join(sorted(numbers))
            + "): they are different companies in law. Correct the wrong number first."
        )
    if any(company.pk == kept.pk for company in dropped):
        problems.append("The kept company cannot also be one of those merged into it.")
    held = list(Tenancy.objects.filter(company=kept).select_related("facility"))
    moved = Tenancy.objects.filter(company__in=dropped).select_related("facility", "company")
    for tenancy in moved.order_by("facility__name", "started_on"):
        clash = next(
            (
                other
                for other in held
                if other.facility_id == tenancy.facility_id and _overlap(tenancy, other)
            ),
            None,
        )
        if clash is not None:
            problems.append(
                f"{tenancy.company.name}'s tenancy at {tenancy.facility} ({_span(tenancy)}) "
                f"overlaps {clash.company.name if clash.company_id != kept.pk else kept.name}'s "
                f"there ({_span(clash)}); a company's tenancies at one facility cannot overlap. "
                "End or correct one of them first."
            )
        held.append(tenancy)
    return problems


FILLED_FIELDS = ("secp_registration_no", "ntn", "website", "founded_year")


@transaction.atomic
def merge_companies(kept: Company, dropped: Sequence[Company], user: object = None) -> list[str]:
    """Merge the dropped companies into the kept one (module docstring); return the moved
    tenancies' descriptions, or raise ValidationError with every refusal."""
    ids = [kept.pk, *(company.pk for company in dropped)]
    locked = {c.pk: c for c in Company.objects.select_for_update().filter(pk__in=ids)}
    if len(locked) != len(set(ids)):
        raise ValidationError("One of these companies was deleted or merged meanwhile.")
    kept, dropped = locked[kept.pk], [locked[company.pk] for company in dropped]
    problems = merge_refusals(kept, dropped)
    if problems:
        raise ValidationError(problems)
    names = ", ".join(f"“{company.name}” ({company.slug})" for company in dropped)
    moved = []
    for company in dropped:
        for tenancy in Tenancy.objects.filter(company=company).select_related("facility"):
            tenancy.company = kept
            tenancy._change_reason = (
                f"Moved from “{company.name}” ({company.slug}), merged into “{kept.name}”"
            )
            tenancy.save(update_fields=["company"])
            moved.append(f"{tenancy.facility} ({_span(tenancy)})")
    sectors = {sector.pk for company in (kept, *dropped) for sector in company.sectors.all()}
    for company in dropped:
        CompanyRedirect.objects.filter(company=company).update(company=kept)
        for name in FILLED_FIELDS:
            if getattr(kept, name) in (None, "") and getattr(company, name) not in (None, ""):
                setattr(kept, name, getattr(company, name))
        company._change_reason = f"Merged into “{kept.name}” ({kept.slug})"
        old_slug, old_name, old_id = company.slug, company.name, company.pk
        company.delete()
        CompanyRedirect.objects.create(
            old_slug=old_slug, old_name=old_name, old_id=old_id, company=kept, merged_by=user
        )
    kept.sectors.set(sectors)
    kept._change_reason = f"Merged {names} into this company; {len(moved)} tenancies moved"
    kept.save()
    return moved
