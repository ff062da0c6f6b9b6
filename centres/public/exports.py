"""The centres list's CSV columns (SPEC §4.1), in the contract's order.

The export reads plain rows from .values() (CentreFilterSet.for_export): building a Centre
instance per row, through its multi-table parent, cost more than writing the CSV.
"""

from registry.public.exports import (
    FACILITY_FIGURE_FIELDS,
    column,
    fy_of,
    latest_share,
    location,
    month_of,
)

CENTRE_COLUMNS = [
    column("slug"),
    column("name"),
    column("programme", "programme__slug"),
    column("operator", "operator__slug"),
    column("city", "city__slug"),
    column("province", "city__province_id"),
    column("host_institution"),
    column("host_type"),
    column("status"),
    column("planned_fy"),
    column("launched_on", "opened_on"),
    column("launch_fy", fy_of("opened_on")),
    column("closed_on"),
    column("seats"),
    column("workers", "latest_workers"),
    column("women", "latest_women"),
    column("women_share_pct", latest_share),
    column("last_report", month_of("latest_period")),
    column("latitude", location(0)),
    column("longitude", location(1)),
]
# The fields of a row the columns read.
CENTRE_EXPORT_FIELDS = (
    "slug",
    "name",
    "programme__slug",
    "operator__slug",
    "city__slug",
    "city__province_id",
    "host_institution",
    "host_type",
    "status",
    "planned_fy",
    "opened_on",
    "closed_on",
    "seats",
    *FACILITY_FIGURE_FIELDS,
)
