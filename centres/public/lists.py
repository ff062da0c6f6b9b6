"""The centres' public list, declared once (registry.public.tables), in the order of SPEC §4.1.

The columns parks and centres share come from registry.public.lists; a centre's opening date is
its launch (`launched_on`, `launch_fy`).
"""

from django.utils.html import conditional_escape as esc
from django.utils.translation import gettext_lazy

from registry.public.exports.values import field, fy_of
from registry.public.lists import (
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
    ),
    OPERATOR,
    CITY,
    PROVINCE,
    exported("host_institution"),
    exported("host_type"),
    STATUS,
    exported("planned_fy"),
    OPENED.but(name="launched_on", header=gettext_lazy("Launched")),
    Column("launch_fy", fy_of("opened_on")),
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
