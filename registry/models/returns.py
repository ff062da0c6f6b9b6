"""Monthly returns (SPEC §2.5): who is expected to report a month, who did, and who did on time."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from registry.models.calendar import add_months, month_start, today

from .querysets import operational_condition
from .statuses import CentreStatus
from .workforce import WorkforceReport

# The months the reporting page and its CSV show, besides the month in progress.
SHOWN_MONTHS = 12


def due_on(month: datetime.date) -> datetime.date:
    """Return the day the return for the month is due: REPORT_DUE_DAY of the next month."""
    return add_months(month_start(month), 1).replace(day=settings.REPORT_DUE_DAY)


def month_end(month: datetime.date) -> datetime.date:
    """Return the last day of the month."""
    return add_months(month_start(month), 1) - datetime.timedelta(days=1)


def latest_due_month(on: datetime.date) -> datetime.date:
    """Return the latest month whose return was due before the day."""
    month = add_months(month_start(on), -1)
    while due_on(month) >= on:
        month = add_months(month, -1)
    return month


def shown_months(on: datetime.date) -> list[datetime.date]:
    """Return the SHOWN_MONTHS months whose due date is before the day, newest first."""
    latest = latest_due_month(on)
    return [add_months(latest, -back) for back in range(SHOWN_MONTHS)]


def percentage(part: int, whole: int) -> Decimal | None:
    """Return part ÷ whole as a percentage with one decimal, or None when the whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def expected_condition(month: datetime.date) -> Q:
    """Return the condition of a facility expected to report the month: operational on its last
    day (§3.2) and not suspended."""
    return operational_condition(month_end(month)) & ~Q(status=CentreStatus.SUSPENDED)


def counted_reports(month: datetime.date, as_of: datetime.date | None) -> QuerySet:
    """Return the reports for the month that count as received as of the day (all of them when
    no day is given): those received by then, or on a day nobody knows."""
    reports = WorkforceReport.objects.filter(facility=OuterRef("pk"), period=month_start(month))
    if as_of is not None:
        reports = reports.filter(Q(received_on__isnull=True) | Q(received_on__lte=as_of))
    return reports


def received_condition(month: datetime.date, as_of: datetime.date | None = None) -> Exists:
    """Return the condition of a facility whose report for the month is received (as of a day)."""
    return Exists(counted_reports(month, as_of))


def on_time_condition(month: datetime.date, as_of: datetime.date | None = None) -> Exists:
    """Return the condition of a facility whose report for the month came by its due day."""
    return Exists(counted_reports(month, as_of).filter(received_on__lte=due_on(month)))


@dataclass(frozen=True)
class ReturnCounts:
    """A month's returns in one scope: facilities expected, received, received on time."""

    expected: int = 0
    received: int = 0
    on_time: int = 0

    def __add__(self, other: "ReturnCounts") -> "ReturnCounts":
        return ReturnCounts(
            self.expected + other.expected,
            self.received + other.received,
            self.on_time + other.on_time,
        )

    @property
    def missing(self) -> int:
        return self.expected - self.received

    @property
    def completeness(self) -> Decimal | None:
        return percentage(self.received, self.expected)

    @property
    def timeliness(self) -> Decimal | None:
        return percentage(self.on_time, self.expected)


def return_counts(
    facilities: QuerySet, month: datetime.date, *fields: str, as_of: datetime.date | None = None
) -> dict[tuple, ReturnCounts]:
    """Return {(values of the fields): ReturnCounts} of these facilities for the month, in one
    query; without fields, {(): the counts of them all}. Only groups expecting a report appear."""
    counts = {
        "expected": Count("pk"),
        "received": Count("pk", filter=received_condition(month, as_of)),
        "on_time": Count("pk", filter=on_time_condition(month, as_of)),
    }
    expected = facilities.filter(expected_condition(month)).order_by()
    if not fields:
        totals = expected.aggregate(**counts)
        return {(): ReturnCounts(**totals)} if totals["expected"] else {}
    return {
        tuple(row.pop(name) for name in fields): ReturnCounts(**row)
        for row in expected.values(*fields).annotate(**counts)
    }


@dataclass(frozen=True)
class ScopeReturns:
    """A month's returns in one scope (a province, or the nation when province is None), with
    the facilities still missing counted by kind."""

    province: object
    counts: ReturnCounts
    missing_by_kind: dict


@dataclass(frozen=True)
class MonthReturns:
    month: datetime.date
    due_on: datetime.date
    in_progress: bool
    national: ScopeReturns
    provinces: list


def provinces_in_spec_order() -> list:
    """Return the provinces in the order of SPEC §2.1, any others after them by name."""
    from .fixed_lists import PROVINCES
    from .places import Province

    order = {code: index for index, (code, _, _) in enumerate(PROVINCES)}
    return sorted(Province.objects.all(), key=lambda p: (order.get(p.code, len(order)), p.name))


def monthly_returns(as_of: datetime.date | None = None) -> list[MonthReturns]:
    """Return the shown months' returns as of the day (today by default), newest first: the
    month in progress, then the SHOWN_MONTHS months due before the day; one query a month."""
    from .facilities import Facility

    as_of = as_of or today()
    months = shown_months(as_of)
    in_progress = add_months(months[0], 1)
    provinces = provinces_in_spec_order()
    shown = []
    for month in [in_progress, *months]:
        counts = return_counts(Facility.objects.all(), month, "city__province", "kind", as_of=as_of)

        def scope(code, counts=counts):
            """Return the scope's counts and its missing facilities by kind, from the month's
            (province, kind) groups."""
            totals, missing = ReturnCounts(), {}
            for (province, kind), figures in counts.items():
                if code is None or province == code:
                    totals += figures
                    missing[kind] = missing.get(kind, 0) + figures.missing
            return totals, missing

        national, national_missing = scope(None)
        shown.append(
            MonthReturns(
                month=month,
                due_on=due_on(month),
                in_progress=month == in_progress,
                national=ScopeReturns(None, national, national_missing),
                provinces=[ScopeReturns(p, *scope(p.code)) for p in provinces],
            )
        )
    return shown
