"""Planned tenancies and monthly workforce reports of the generated facilities."""

import datetime
import random
from collections.abc import Iterable, Iterator
from itertools import accumulate

from registry.models import Facility, ParkStatus
from registry.models.calendar import add_months, month_start
from registry.models.facilities import operating_months
from registry.models.returns import due_on

from .draws import day_between, pick

TENANCIES_PER_COMPANY = {0: 5, 1: 35, 2: 30, 3: 20, 4: 10}


def plan_tenancies(
    rng: random.Random,
    facilities: list[Facility],
    companies: Iterable[dict],
    *,
    as_of: datetime.date,
) -> Iterator[dict]:
    """Yield tenancy rows: facilities by seats, never two overlapping at one place."""
    hosts = [f for f in facilities if f.opened_on]
    cum_weights = list(accumulate(f.seats or 1 for f in hosts))
    for company in companies:
        wanted = pick(rng, TENANCIES_PER_COMPANY)
        chosen = {}
        for host in rng.choices(hosts, cum_weights=cum_weights, k=wanted * 2):
            if len(chosen) < wanted:
                chosen.setdefault(host.pk, host)
        for host in chosen.values():
            yield from stays(rng, company, host, as_of=as_of)


def stays(
    rng: random.Random, company: dict, host: Facility, *, as_of: datetime.date
) -> Iterator[dict]:
    """Yield one company's tenancies at one facility: a stay, now and then a later return."""
    first = max(host.opened_on, datetime.date(company["founded_year"] or 1990, 1, 1))
    last = host.closed_on or as_of
    while first <= last:
        started = day_between(rng, first, last)
        ends = host.closed_on is not None or rng.random() < 0.35
        if ends and started + datetime.timedelta(days=30) <= last:
            ended = day_between(rng, started + datetime.timedelta(days=30), last)
        else:
            # Tenants leave a closed facility by the day it closes.
            ended = host.closed_on
        yield {
            "company_id": company["id"],
            "facility_id": host.pk,
            "started_on": started,
            "ended_on": ended,
            "seats": max(1, round(rng.lognormvariate(2.3, 0.8))) if rng.random() < 0.9 else None,
        }
        if ended is None or rng.random() >= 0.1:
            return
        # One in ten leavers comes back later; the stays never overlap.
        first = ended + datetime.timedelta(days=31)


def received_day(
    rng: random.Random, period: datetime.date, as_of: datetime.date
) -> datetime.date | None:
    """Return the day a month's report came in (SPEC §2.5): about four in five by the due day,
    most others up to 45 days after it, one in twenty-five on a day nobody recorded."""
    draw = rng.random()
    if draw < 0.04:
        return None
    due = due_on(period)
    if draw < 0.84:
        day = due - datetime.timedelta(days=rng.randint(0, due.day - 1))
    else:
        day = due + datetime.timedelta(days=rng.randint(1, 45))
    return max(period, min(day, as_of))


def plan_reports(
    rng: random.Random,
    facilities: Iterable[Facility],
    *,
    as_of: datetime.date,
    source: str,
    received: random.Random,
) -> Iterator[dict]:
    """Yield monthly report rows, from each opened facility's first month to its last; the days
    received come from their own stream, so the figures stay those of the seed."""
    this_month = month_start(as_of)
    for facility in facilities:
        if not facility.opened_on:
            continue
        if facility.status == ParkStatus.OPERATIONAL:
            if rng.random() < 0.03:
                continue  # never reported
            # Reports come in a month or two late; about one in ten is overdue (SPEC §2.4).
            lag = rng.choice([0, 1, 1, 1, 2, 2, 3]) if rng.random() >= 0.1 else rng.randint(4, 14)
            last = add_months(this_month, -lag)
        elif facility.status == ParkStatus.CLOSED:
            # The last month with a day of operation: the day before closing (SPEC §2.4).
            _, last = operating_months(facility.opened_on, facility.closed_on)
        else:
            # A suspended facility stopped reporting some months ago.
            last = add_months(this_month, -rng.randint(3, 18))
        size = (facility.seats or 50) * rng.uniform(0.4, 1.0)
        share = rng.betavariate(18, 2) if rng.random() < 0.01 else rng.betavariate(4, 15)
        period, age = month_start(facility.opened_on), 0
        while period <= last:
            if rng.random() >= 0.03:  # now and then a month goes unreported
                ramp = min(1, 0.35 + age / 18)  # a new facility fills up over its first year
                workers = max(1, round(size * ramp * rng.uniform(0.93, 1.07)))
                yield {
                    "facility_id": facility.pk,
                    "period": period,
                    "workers": workers,
                    "women": min(workers, round(workers * share * rng.uniform(0.9, 1.1))),
                    "source": source,
                    "received_on": received_day(received, period, as_of),
                }
            period, age = add_months(period, 1), age + 1
