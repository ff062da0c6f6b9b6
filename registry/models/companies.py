"""Companies, their sectors, and their tenancies at facilities (SPEC §2.3)."""

import datetime
import re
import unicodedata
from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, F, Func, Q, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .calendar import today
from .company_names import company_name_stem
from .facilities import Facility
from .querysets import CompanyQuerySet


def normalise_company_name(name: str) -> str:
    """Return the key two names share when they are the same company (NFKC, trimmed, caseless)."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(folded.split())


def normalise_registration_no(value: str | None) -> str | None:
    """Return an SECP registration number without spaces or dashes, or None when empty."""
    cleaned = re.sub(r"[\s\-]", "", value or "")
    if not cleaned:
        return None
    if not cleaned.isdigit():
        raise ValidationError(
            "An SECP registration number has digits only (spaces and dashes are ignored).",
            code="invalid",
        )
    return cleaned


# The fixed sectors (SPEC §2.3) and their public names in the page's language; the database keeps
# the English ones (registry/models/fixed_lists.py).
SECTOR_NAMES = {
    "software": _("Software development"),
    "ites": _("IT-enabled services / BPO"),
    "freelancing": _("Freelancing"),
    "ecommerce": _("E-commerce"),
    "games": _("Games"),
    "fintech": _("Fintech"),
    "other": pgettext_lazy("sector", "Other"),
}


class Sector(models.Model):
    """A business sector of the fixed list of SPEC §2.3 (registry/models/fixed_lists.py)."""

    code = models.SlugField(max_length=20, primary_key=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def name_ur(self) -> str:
        """Return the sector's name from the catalogue, which local_name shows on Urdu pages."""
        label = SECTOR_NAMES.get(self.code)
        return str(label) if label is not None else ""


class Company(models.Model):
    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, unique=True, editable=False)
    # The name without case, punctuation or legal suffixes, to find near duplicates
    # (registry/models/company_names.py); save() and clean() keep it, as they keep name_key.
    name_stem = models.CharField(max_length=200, editable=False, default="")
    slug = models.SlugField(max_length=200, unique=True)
    secp_registration_no = models.CharField(
        "SECP registration no.", max_length=20, unique=True, null=True, blank=True
    )
    ntn = models.CharField(
        "NTN",
        max_length=9,
        blank=True,
        validators=[
            RegexValidator(
                r"^\d{7}(-\d)?$", "A National Tax Number is 7 digits, optionally -check digit."
            )
        ],
    )
    website = models.URLField(blank=True)
    sectors = models.ManyToManyField(Sector, blank=True, related_name="companies")
    founded_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )

    objects = CompanyQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[sectors])

    class Meta:
        verbose_name_plural = "companies"
        ordering = ["name"]
        indexes = [
            # The list's default order (name, then slug); on PostgreSQL the id is included, so a
            # deep page finds its 50 ids by an index-only scan
            # (registry.public.views.DeferredPaginator).
            models.Index(fields=["name", "slug"], include=["id"], name="company_name_slug"),
            models.Index(fields=["founded_year"]),
            # Near names are looked for among the stems beginning with the same two letters;
            # on PostgreSQL, LIKE 'ab%' uses the index under any collation.
            models.Index(
                fields=["name_stem"], opclasses=["varchar_pattern_ops"], name="company_name_stem"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(founded_year__isnull=True) | Q(founded_year__gte=1900),
                name="company_founded_year_plausible",
                violation_error_message="The founding year must be 1900 or later.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_key = normalise_company_name(self.name)
        self.name_stem = company_name_stem(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        errors = {}
        self.name = (self.name or "").strip()
        self.name_key = normalise_company_name(self.name)
        self.name_stem = company_name_stem(self.name)
        try:
            self.secp_registration_no = normalise_registration_no(self.secp_registration_no)
        except ValidationError as exc:
            errors["secp_registration_no"] = exc
        if self.founded_year and self.founded_year > today().year:
            errors["founded_year"] = "The founding year cannot be in the future."
        if errors:
            raise ValidationError(errors)

    def validate_unique(self, exclude: Collection[str] | None = None) -> None:
        # A duplicate name is reported on the name field, in a clerk's words. It is judged here,
        # with the other rules that need a query, so a bulk load can leave it to the unique
        # index and ask only for the rows the database refused (registry/importers/batch.py).
        errors = {}
        try:
            super().validate_unique(exclude={*(exclude or ()), "name_key"})
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if "name" not in (exclude or ()) and "name" not in errors:
            self.name_key = normalise_company_name(self.name or "")
            same_name = Company.objects.filter(name_key=self.name_key).exclude(pk=self.pk).first()
            if same_name is not None:
                errors["name"] = [
                    f"This company is already registered as “{same_name.name}” "
                    f"({same_name.slug}); names are compared ignoring case, width and "
                    "surrounding spaces."
                ]
        if "slug" not in (exclude or ()) and "slug" not in errors and self.slug:
            redirect = self.redirects_here()
            if redirect is not None:
                errors["slug"] = [
                    f"This address belonged to “{redirect.old_name}”, merged into "
                    f"“{redirect.company.name}”; its page now leads there. Choose another."
                ]
        if errors:
            raise ValidationError(errors)

    def redirects_here(self) -> "models.Model | None":
        """Return the merge redirect that holds this company's slug, if any."""
        from .merges import CompanyRedirect

        return CompanyRedirect.objects.filter(old_slug=self.slug).select_related("company").first()


class TenancyQuerySet(models.QuerySet):
    def current_on(self, day: datetime.date) -> "TenancyQuerySet":
        """Return tenancies running on the date: started on or before it, not ended before it."""
        return self.filter(Q(started_on__lte=day), Q(ended_on__isnull=True) | Q(ended_on__gte=day))

    def company_total(self) -> int:
        """Return how many distinct companies these tenancies belong to."""
        return self.aggregate(n=Count("company", distinct=True))["n"]

    def company_count(self) -> Subquery:
        """Return a subquery counting the distinct companies of these tenancies (0 for none).

        COUNT is written as a plain function, not an aggregate, so the subquery has no GROUP BY:
        it always answers one row and needs no Coalesce. That matters in a grouped outer query,
        which then groups by the outer columns the subquery refers to rather than by the
        subquery itself; PostgreSQL ran a grouped-by subquery once per joined row, not per group.
        """
        companies = Func(
            "company", function="COUNT", template="%(function)s(DISTINCT %(expressions)s)"
        )
        return Subquery(
            self.order_by().annotate(n=companies).values("n"), output_field=models.IntegerField()
        )


class Tenancy(models.Model):
    """A company's space at one facility from started_on to ended_on (empty: still there)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="tenancies")
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="tenancies")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True, help_text="Leave empty while still there.")
    seats = models.PositiveIntegerField(null=True, blank=True)

    objects = TenancyQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "tenancies"
        ordering = ["facility", "-started_on"]
        indexes = [
            # Covers current_on() per facility (with_current_tenants, a city's current tenants):
            # an index-only probe per facility instead of a scan of every tenancy.
            models.Index(
                fields=["facility", "started_on", "ended_on", "company"],
                name="tenancy_facility_current",
            ),
            models.Index(fields=["company", "facility", "started_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="tenancy_ends_after_start",
                violation_error_message="A tenancy cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.company} at {self.facility}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.started_on and self.started_on > today():
            errors["started_on"] = "A tenancy cannot start in the future."
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = "A tenancy cannot end before it starts."
        if errors:
            raise ValidationError(errors)

    def validate_unique(self, exclude: Collection[str] | None = None) -> None:
        # No overlap is a uniqueness rule over date ranges (an exclusion constraint on
        # PostgreSQL, triggers on SQLite): judged here, with the other rules that need a query.
        errors = {}
        try:
            super().validate_unique(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        judged = "started_on" not in (exclude or ()) and not (
            self.ended_on and self.started_on and self.ended_on < self.started_on
        )
        if judged and self.started_on and self.company_id and self.facility_id:
            overlap = self.overlapping().first()
            if overlap is not None:
                errors.setdefault("started_on", []).append(
                    f"{self.company} already has a tenancy at {self.facility} "
                    f"from {date_format(overlap.started_on)} "
                    f"{'to ' + date_format(overlap.ended_on) if overlap.ended_on else 'onwards'}"
                    " that overlaps this one."
                )
        if errors:
            raise ValidationError(errors)

    def overlapping(self) -> TenancyQuerySet:
        """Return the same company's other tenancies at the same facility that overlap this one."""
        ends = self.ended_on or datetime.date.max
        return (
            Tenancy.objects.filter(company_id=self.company_id, facility_id=self.facility_id)
            .exclude(pk=self.pk)
            .filter(
                Q(ended_on__isnull=True) | Q(ended_on__gte=self.started_on), started_on__lte=ends
            )
        )


class TenancyCity(models.Model):
    """Each tenancy with its facility's city: a copy the database keeps itself.

    Triggers (migration 0012) write a tenancy's row in the same statement as every insert,
    update or delete of the tenancy, and move the rows of a facility's tenancies when the
    facility moves to another city, whoever writes: the admin, the loader, bulk_create(),
    QuerySet.update(), raw SQL or COPY. Django only reads it. A city's current tenants are then
    one index range (city, company, dates), not a probe of each of its facilities' tenancies
    (City.objects.with_figures; bench/RESULTS.md weighs it).

    The company's foreign key has no index of its own, so that an index added to the field
    later would not make SQLite rebuild the table under its triggers; Meta indexes it instead:
    the foreign key makes PostgreSQL look for a deleted company's rows here, and without the
    index every deleted company scans the table (the generator deletes them all on each run).
    """

    tenancy = models.OneToOneField(
        Tenancy, on_delete=models.DO_NOTHING, primary_key=True, related_name="+"
    )
    city = models.ForeignKey(
        "registry.City", on_delete=models.DO_NOTHING, db_index=False, related_name="+"
    )
    company = models.ForeignKey(
        Company, on_delete=models.DO_NOTHING, db_index=False, related_name="+"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True)

    objects = TenancyQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["city", "company", "started_on", "ended_on"], name="tenancy_city_current"
            ),
            models.Index(fields=["company"], name="tenancy_city_company"),
        ]

    def __str__(self):
        return f"tenancy {self.tenancy_id} in city {self.city_id}"
