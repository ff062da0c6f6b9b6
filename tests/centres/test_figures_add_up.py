"""Over random registries and dates: provinces add up to the nation, and every drill-down list
holds as many rows as its figure (SPEC §2.4, §3.2, §3.5)."""

import datetime

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from centres.measures import metric_value
from centres.models import COUNT_METRICS, WORKER_METRICS, Target
from registry.models import CentreStatus, ParkStatus, Province
from registry.models.calendar import add_months, month_start
from registry.models.facilities import operating_months
from tests.factories import (
    CentreFactory,
    CityFactory,
    OperatorFactory,
    ParkFactory,
    ProgrammeFactory,
    ReportFactory,
    TargetFactory,
)

D = datetime.date
TODAY = D(2026, 11, 27)
FIRST = D(2023, 1, 1)
CODES = ["PB", "SD", "KP", "BA", "IS", "GB", "AJK"]
Metric = Target.Metric

days = st.dates(min_value=FIRST, max_value=TODAY)
facility = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["park", "centre"]),
        "province": st.sampled_from(CODES),
        "programme": st.sampled_from([0, 1]),
        "opened_on": st.none() | days,
        "closes_after": st.none() | st.integers(min_value=1, max_value=900),
        "suspended": st.booleans(),
        "reports": st.lists(
            st.tuples(
                st.integers(min_value=0, max_value=60),
                st.integers(min_value=0, max_value=300),
                st.floats(min_value=0, max_value=1),
            ),
            max_size=4,
        ),
    }
)
registry = st.fixed_dictionaries(
    {
        "facilities": st.lists(facility, min_size=1, max_size=10),
        "quotas": st.lists(st.sampled_from(CODES), unique=True, max_size=4),
        "as_of": days,
    }
)


def build(spec):
    """Write a registry from the drawn spec; return its two programmes."""
    operator = OperatorFactory()
    programmes = [
        ProgrammeFactory(slug="first", name="First", operator=operator),
        ProgrammeFactory(slug="second", name="Second", operator=operator),
    ]
    cities = {
        code: CityFactory(slug=f"city-{code.lower()}", province=Province.objects.get(pk=code))
        for code in CODES
    }
    for n, drawn in enumerate(spec["facilities"]):
        opened = drawn["opened_on"]
        closed = None
        if opened and drawn["closes_after"]:
            closed = opened + datetime.timedelta(days=drawn["closes_after"])
            closed = closed if closed <= TODAY else None
        common = {"slug": f"f{n}", "city": cities[drawn["province"]], "operator": operator}
        if drawn["kind"] == "park":
            status = ParkStatus.CLOSED if closed else ParkStatus.OPERATIONAL
            record = ParkFactory(
                **common,
                status=status if opened else ParkStatus.PLANNED,
                opened_on=opened,
                closed_on=closed,
            )
        else:
            status = CentreStatus.SUSPENDED if drawn["suspended"] else CentreStatus.OPERATIONAL
            record = CentreFactory(
                **common,
                programme=programmes[drawn["programme"]],
                status=(CentreStatus.CLOSED if closed else status) if opened else "proposed",
                opened_on=opened,
                closed_on=closed,
            )
        first, last = operating_months(opened, closed)
        if first is None:
            continue
        last = min(last or month_start(TODAY), month_start(TODAY))
        months = sorted({min(add_months(first, offset), last) for offset, _, _ in drawn["reports"]})
        for month, (_, workers, share) in zip(months, drawn["reports"], strict=False):
            ReportFactory(
                facility=record, period=month, workers=workers, women=int(workers * share)
            )
    lead = programmes[0]
    TargetFactory(programme=lead, metric=Metric.CENTRES_OPERATIONAL, value=50, fiscal_year=2027)
    TargetFactory(programme=lead, metric=Metric.JOBS_AT_CENTRES, value=900, fiscal_year=2027)
    for code in spec["quotas"]:
        TargetFactory(
            programme=lead, value=9, fiscal_year=2027, province=Province.objects.get(pk=code)
        )
    return programmes


def count_listed(client, url, query):
    response = client.get(url, query)
    assert response.status_code == 200
    return response.context["paginator"].count, response.context["totals"]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=registry)
def test_provinces_add_up_and_every_drill_down_lists_its_figure(client, spec):
    with transaction.atomic():
        lead, second = build(spec)
        day = spec["as_of"].isoformat()
        context = client.get("/", {"as_of": day}).context
        headline = context["headline"]

        provinces = context["provinces"]
        assert sum(row.facilities for row in provinces) == headline.facilities_operational
        assert sum(row.workers for row in provinces) == headline.workers
        assert sum(row.women for row in provinces) == headline.women
        for metric in (*COUNT_METRICS, *WORKER_METRICS):
            programme = (
                lead if metric in (Metric.CENTRES_OPERATIONAL, Metric.JOBS_AT_CENTRES) else None
            )

            def value(code, metric=metric, programme=programme):
                target = Target(metric=metric, programme=programme, value=1, fiscal_year=2027)
                target.province = Province.objects.get(pk=code) if code else None
                return metric_value(target=target, day=spec["as_of"])

            assert sum(value(code) for code in CODES) == value(None), metric

        centres, centre_totals = count_listed(
            client, "/centres/", {"programme": lead.slug, "operational_on": day}
        )
        assert centres == headline.centres_operational
        every_centre, every_centre_totals = count_listed(
            client, "/centres/", {"operational_on": day}
        )
        assert every_centre == headline.all_centres_operational
        parks, park_totals = count_listed(client, "/parks/", {"operational_on": day})
        assert parks == headline.parks_operational
        assert every_centre_totals["workers"] + park_totals["workers"] == headline.workers
        # Unfiltered, the lists hold facilities not operational today too; they add nothing.
        today = client.get("/").context["headline"]
        _, all_centres = count_listed(client, "/centres/", {})
        _, all_parks = count_listed(client, "/parks/", {})
        assert all_centres["workers"] + all_parks["workers"] == today.workers
        (group,) = context["target_groups"] or [None]
        for row in group.rows if group else []:
            listed, _ = count_listed(
                client,
                "/centres/",
                {"programme": lead.slug, "province": row.target.province_id, "operational_on": day},
            )
            assert listed == row.current
        transaction.set_rollback(True)
