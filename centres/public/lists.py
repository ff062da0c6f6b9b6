"""The centres' public list, declared once (registry.public.tables), in the order of SPEC §4.1.

The columns parks and centres share come from registry.public.columns; a centre's opening date is
its launch (`launched_on`, `launch_fy`).
"""

from django.utils.html import conditional_escape as esc
from django.utils.translation import gettext_lazy

from registry.public.columns import (
    CITY,
    CLOSED,
    FIGURES,
    NAME,
    OPENED,
    OPERATOR,
    PROVINCE,
    SEATS,
    SLUG,
    STATUS,
)
from registry.public.exports.values import field, fy_of, month_of
from registry.public.names import local_name
from registry.public.tables import Column, Table, exported

CENTRES = Table(
    SLUG,
    NAME.but(header=gettext_lazy("Centre")),
    Column(
        "programme",
        field("programme__slug"),
        gettext_lazy("Programme"),
        lambda centre, page: esc(local_name(centre.programme, language=page.language)),
        type="string",
        description=gettext_lazy("Identifier of the programme the centre belongs to."),
    ),
    OPERATOR,
    CITY,
    PROVINCE,
    exported(
        "host_institution",
        type="string",
        description=gettext_lazy("The institution hosting the centre (free text)."),
    ),
    exported(
        "host_type",
        type="string",
        description=gettext_lazy(
            "Kind of host: university, college, public_building or private_partner."
        ),
    ),
    STATUS,
    exported(
        "planned_fy",
        type="integer",
        description=gettext_lazy(
            "Fiscal year planned for its launch (2025: 1 July 2024 to 30 June 2025)."
        ),
    ),
    OPENED.but(
        name="launched_on",
        header=gettext_lazy("Launched"),
        description=gettext_lazy("Day the centre launched (its first day of operations)."),
    ),
    Column(
        "launch_fy",
        fy_of("opened_on"),
        type="integer",
        description=gettext_lazy("Fiscal year of its launch."),
    ),
    CLOSED,
    SEATS,
    *FIGURES,
    page=(
        "name",
        "programme",
        "city",
        "status",
        "launched_on",
        "workers",
        "women_share_pct",
        "last_report",
    ),
)


def attribute(name):
    """Return the value of a row's attribute (the FY series' rows are objects)."""
    return lambda row: getattr(row, name)


def count(name, meaning):
    return Column(name, attribute(name), type="integer", description=meaning)


# The tracked programme's fiscal-year series (SPEC §3.4, §4.1 progress): downloaded, not listed.
PROGRESS = Table(
    count(
        "fiscal_year",
        gettext_lazy("Fiscal year: 2025 runs from 1 July 2024 to 30 June 2025."),
    ),
    count("centres_launched", gettext_lazy("Centres of the programme launched in the year.")),
    count(
        "centres_operational_end",
        gettext_lazy("Its centres operational at the year's end (today, for the current year)."),
    ),
    count(
        "jobs_at_centres_end",
        gettext_lazy("Workers at those centres at the year's end, by their latest reports."),
    ),
    count(
        "target_centres",
        gettext_lazy("Target of centres operational by the year's end; empty without one."),
    ),
    count(
        "target_jobs",
        gettext_lazy("Target of jobs at centres by the year's end; empty without one."),
    ),
    page=(),
)

# The monthly returns by month and province (SPEC §2.5, §4.1 reporting), from dicts.
REPORTING = Table(
    Column(
        "month",
        month_of("month"),
        type="yearmonth",
        description=gettext_lazy("The month the returns are for (YYYY-MM)."),
    ),
    Column(
        "province",
        field("province"),
        type="string",
        description=gettext_lazy("Code of the province or territory; empty on the national row."),
    ),
    Column(
        "expected",
        field("expected"),
        type="integer",
        description=gettext_lazy("Facilities expected to report the month."),
    ),
    Column(
        "received",
        field("received"),
        type="integer",
        description=gettext_lazy("Of those, the facilities whose return is in."),
    ),
    Column(
        "on_time",
        field("on_time"),
        type="integer",
        description=gettext_lazy("Of those, the facilities whose return came by its due day."),
    ),
    Column(
        "completeness_pct",
        field("completeness_pct"),
        type="number",
        description=gettext_lazy(
            "Received ÷ expected, in per cent to one decimal; empty when none is expected."
        ),
    ),
    Column(
        "timeliness_pct",
        field("timeliness_pct"),
        type="number",
        description=gettext_lazy(
            "On time ÷ expected, in per cent to one decimal; empty when none is expected."
        ),
    ),
    page=(),
)
