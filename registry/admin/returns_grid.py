"""The monthly returns grid (SPEC §2.5, §5): one month's reports for every facility a clerk
keeps, on one page, saved all-or-nothing with every error beside its row.

- Rows: the facilities in the user's reach expected to report the month (SPEC §2.5), by province
  in SPEC §2.1's order and by name, each with its previous report (the baseline its figures are
  judged against) and its report for the month when one is filed.
- Pages: a page holds as many rows as keep its POST within DATA_UPLOAD_MAX_NUMBER_FIELDS, so
  HQ's whole registry at any scale is filed page by page (or province by province).
- Versions: each row carries a digest of its report as loaded (empty when there was none) and of
  the figures it showed. A row whose figures the clerk left as loaded is not written, so another's
  change to it stands; a changed row whose report someone else saved (or deleted) since is refused
  and shown with the stored values, and its fresh version lets the clerk save over it on purpose.
- Scope: the rows a POST names are read through the user's reach; any other row refuses the
  whole POST (403), whatever the form showed.
- Validation: the model's full_clean(), as the admin's report form runs it, minus the checks that
  are a query per row: the facility exists (it was just read) and the constraints, whose rules
  clean() states in Python (women ≤ workers, the month's first day); one report per facility and
  month holds by construction. The database still enforces all three.
- Writes: in bulk with their history rows (the user, and the reason "Monthly returns grid,
  YYYY-MM"), each report judged for plausibility against its previous report as any save judges
  it, in one transaction: a page costs the same queries whatever its rows.
"""

import copy
import datetime
import re
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import BooleanField, Case, ExpressionWrapper, OuterRef, Subquery, When
from django.forms.models import construct_instance
from django.utils.formats import date_format
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from registry.admin.import_jobs import digest
from registry.models import Facility, WorkforceReport
from registry.models.changes import bump_registry_version
from registry.models.fixed_lists import PROVINCES
from registry.models.returns import expected_condition

FIGURES = ["workers", "women", "source"]
WRITTEN = ["workers", "women", "source", "review", "review_note"]
# The fields a page's POST carries besides its rows (the CSRF token, the reason, the button),
# with room for a few a browser extension or a proxy may add.
PAGE_FIELDS = ("csrfmiddlewaretoken", "reason", "_save")
SPARE_FIELDS = 7
# Rows a page holds when Django sets no limit on the fields of a request.
UNLIMITED_PAGE_SIZE = 250
# A row names a facility by its id; longer digits than a 64-bit id holds name no row.
VERSION = "version"
ROW_KEY = re.compile(r"^r([1-9][0-9]{0,17})-version$")


class RowForm(forms.ModelForm):
    """One facility's report for the month: its figures, and the version it was loaded with."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    # A row left empty is a facility not filed yet, so the browser must not insist on figures.
    use_required_attribute = False

    class Meta:
        model = WorkforceReport
        fields = FIGURES
        widgets = {
            "workers": forms.NumberInput(attrs={"min": 0, "class": "vIntegerField"}),
            "women": forms.NumberInput(attrs={"min": 0, "class": "vIntegerField"}),
            "source": forms.TextInput(attrs={"size": 24}),
        }

    def _post_clean(self):
        # The model's rules, as the admin's form checks them, without the per-row queries (see
        # the module docstring); a rule on a field not in the row (the month) is the row's error.
        construct_instance(self, self.instance, self._meta.fields)
        # As ModelForm does, a field the form refused is not checked again by the model.
        exclude = ["facility", *(name for name in self.errors if name in self.fields)]
        try:
            self.instance.full_clean(
                exclude=exclude, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)


def fields_per_row() -> int:
    return len(RowForm.base_fields)


def page_size() -> int:
    """Return how many rows a page holds so that its POST stays within the field limit."""
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    if limit is None:
        return UNLIMITED_PAGE_SIZE
    return max(1, (limit - len(PAGE_FIELDS) - SPARE_FIELDS) // fields_per_row())


def figures_key(workers, women, source) -> str:
    return digest([workers, women, source or ""])


BLANK = figures_key(None, None, "")


def version_of(report: WorkforceReport | None) -> str:
    """Return a row's version: the stored report's digest (empty without one), then its figures'."""
    if report is None:
        return f".{BLANK}"
    state = [report.pk, *(getattr(report, name) for name in WRITTEN), report.received_on]
    return f"{digest(state)}.{figures_key(report.workers, report.women, report.source)}"


def province_order() -> Case:
    """Return an expression ordering facilities by their province in SPEC §2.1's order."""
    whens = [When(city__province=code, then=index) for index, (code, _, _) in enumerate(PROVINCES)]
    return Case(*whens, default=len(PROVINCES))


def with_previous_report(facilities, month: datetime.date):
    """Annotate previous_period, previous_workers and previous_women: the latest report before
    the month, the one its figures are judged against; ordered as the grid lists them."""
    previous = WorkforceReport.objects.filter(facility=OuterRef("pk"), period__lt=month).order_by(
        "-period"
    )
    return (
        facilities.select_related("city__province")
        .annotate(
            province_order=province_order(),
            previous_period=Subquery(previous.values("period")[:1]),
            previous_workers=Subquery(previous.values("workers")[:1]),
            previous_women=Subquery(previous.values("women")[:1]),
        )
        .order_by("province_order", "city__province__name", "name", "pk")
    )


def grid_facilities(access, month: datetime.date, province=None):
    """Return the facilities in reach expected to report the month (in one province, if given)."""
    facilities = access.narrow(Facility.objects.expected_to_report(month))
    if province is not None:
        facilities = facilities.filter(city__province=province)
    return with_previous_report(facilities, month)


def reports_of(facilities: list, month: datetime.date, lock: bool = False) -> dict:
    """Return {facility id: its report for the month} of these facilities, in one query."""
    reports = WorkforceReport.objects.filter(facility__in=[f.pk for f in facilities], period=month)
    if lock:
        reports = reports.select_for_update()
    by_facility = {facility.pk: facility for facility in facilities}
    stored = {}
    for report in reports:
        report.facility = by_facility[report.facility_id]
        stored[report.facility_id] = report
    return stored


@dataclass
class GridRow:
    """A facility's row: its report as stored now (or None), the row's form, and its conflict."""

    facility: Facility
    report: WorkforceReport | None
    form: RowForm
    conflict: bool = False
    write: bool = False

    @property
    def previous(self):
        facility = self.facility
        if facility.previous_period is None:
            return None
        return facility.previous_period, facility.previous_workers, facility.previous_women


def fresh_row(facility, report, month) -> GridRow:
    """Return a row showing the report as stored, with its current version."""
    instance = report or WorkforceReport(facility=facility, period=month)
    form = RowForm(
        instance=instance, prefix=f"r{facility.pk}", initial={VERSION: version_of(report)}
    )
    return GridRow(facility, report, form)


def grid_rows(facilities, month: datetime.date) -> list[GridRow]:
    """Return the rows of these facilities for the month, each prefilled with its report."""
    facilities = list(facilities)
    stored = reports_of(facilities, month)
    return [fresh_row(f, stored.get(f.pk), month) for f in facilities]


def posted_facility_ids(data) -> list[int]:
    return sorted({int(match[1]) for key in data if (match := ROW_KEY.match(key))})


def stored_values(report: WorkforceReport | None) -> str:
    if report is None:
        return "no report (it was deleted)"
    source = f", source “{report.source}”" if report.source else ""
    return f"{report.workers} workers, {report.women} women{source}"


def bind_row(data, facility, report, month) -> GridRow:
    """Return the posted row of a facility, judged: left as loaded, refused, or to be written."""
    prefix = f"r{facility.pk}"
    stored = stored_values(report)
    loaded_state, _, loaded_figures = data.get(f"{prefix}-version", "").partition(".")
    current = version_of(report)
    blank = not any(data.get(f"{prefix}-{name}", "").strip() for name in FIGURES)
    if blank and loaded_figures == BLANK:
        return fresh_row(facility, report, month)
    # A copy: the form writes the clerk's figures into its instance, and the row keeps the stored.
    instance = copy.copy(report) if report else WorkforceReport(facility=facility, period=month)
    form = RowForm(data, prefix=prefix, instance=instance)
    if form.is_valid():
        cleaned = form.cleaned_data
        if figures_key(cleaned["workers"], cleaned["women"], cleaned["source"]) == loaded_figures:
            return fresh_row(facility, report, month)
    row = GridRow(facility, report, form, write=True)
    if not facility.expected:
        form.add_error(None, f"{facility} is not expected to report {date_format(month, 'F Y')}.")
    if loaded_state != current.partition(".")[0]:
        row.conflict = True
        form.add_error(
            None,
            "Someone else saved this report after you opened the page, so it was not saved. "
            f"Stored now: {stored}. Save again to keep yours.",
        )
        data[f"{prefix}-version"] = current
    return row


def posted_rows(data, access, month: datetime.date) -> list[GridRow]:
    """Return the POST's rows, each judged; refuse the whole POST if one is out of reach."""
    ids = posted_facility_ids(data)
    facilities = with_previous_report(
        access.narrow(Facility.objects.filter(pk__in=ids)), month
    ).annotate(expected=ExpressionWrapper(expected_condition(month), output_field=BooleanField()))
    facilities = list(facilities)
    if len(facilities) != len(ids):
        raise PermissionDenied("A row names a facility outside your reach.")
    stored = reports_of(facilities, month, lock=True)
    return [bind_row(data, f, stored.get(f.pk), month) for f in facilities]


def grid_reason(month: datetime.date, note: str = "") -> str:
    """Return the change reason the grid's history rows record."""
    reason = f"Monthly returns grid, {month:%Y-%m}"
    return f"{reason}: {note.strip()}" if note.strip() else reason


@transaction.atomic
def returns_grid_save(*, rows: list[GridRow], user, reason: str) -> tuple[int, int]:
    """Write the rows to be written, with history, each judged for plausibility; return (new,
    changed). The caller checks first that no row has an error."""
    new, changed = [], []
    for row in rows:
        if not row.write:
            continue
        report = row.form.instance
        report.judge_against(row.previous[1:] if row.previous else None)
        (changed if report.pk else new).append(report)
    if new:
        bulk_create_with_history(
            new, WorkforceReport, default_user=user, default_change_reason=reason
        )
    if changed:
        bulk_update_with_history(
            changed, WorkforceReport, WRITTEN, default_user=user, default_change_reason=reason
        )
    if new or changed:
        bump_registry_version()
    return len(new), len(changed)
