"""The centres list's CSV columns (SPEC §4.1), in the contract's order."""

from registry.exports import column, fy, latest_share, location, month

CENTRE_COLUMNS = [
    column("slug"),
    column("name"),
    column("programme", "programme.slug"),
    column("operator", "operator.slug"),
    column("city", "city.slug"),
    column("province", "city.province_id"),
    column("host_institution"),
    column("host_type"),
    column("status"),
    column("planned_fy"),
    column("launched_on", "opened_on"),
    column("launch_fy", lambda centre: fy(centre.opened_on)),
    column("closed_on"),
    column("seats"),
    column("workers", "latest_workers"),
    column("women", "latest_women"),
    column("women_share_pct", latest_share),
    column("last_report", lambda centre: month(centre.latest_period)),
    column("latitude", location(0)),
    column("longitude", location(1)),
]
