"""What the CSV exports are measured against: PostgreSQL's COPY and django-import-export.

Both produce the same rows and columns, in the same order, as the product's export of the whole
list (SPEC §4.1): COPY is the physical limit, django-import-export the usual Django way.
"""

from django.db.models import Prefetch
from import_export import fields, resources
from psycopg import sql

from centres.models import Centre
from registry.models import Company, Tenancy, women_share
from registry.models.calendar import fiscal_year

COMPANIES_SQL = """
SELECT c.slug, c.name, c.secp_registration_no,
    (SELECT string_agg(s.sector_id, ';' ORDER BY s.sector_id)
     FROM registry_company_sectors s WHERE s.company_id = c.id) AS sectors,
    c.founded_year,
    (SELECT string_agg(DISTINCT f.slug, ';' ORDER BY f.slug)
     FROM registry_tenancy t JOIN registry_facility f ON f.id = t.facility_id
     WHERE t.company_id = c.id AND t.started_on <= {day}
       AND (t.ended_on IS NULL OR t.ended_on >= {day})) AS current_facilities,
    c.website
FROM registry_company c
ORDER BY c.name, c.slug
"""

# A facility operational on the day: opened by it, not closed by it (operational_condition).
OPEN_ON_DAY = "(f.opened_on <= {day} AND (f.closed_on IS NULL OR f.closed_on > {day}))"

CENTRES_SQL = """
SELECT f.slug, f.name, p.slug AS programme, o.slug AS operator, ci.slug AS city,
    ci.province_id AS province, c.host_institution, c.host_type, f.status, c.planned_fy,
    f.opened_on AS launched_on,
    CASE WHEN EXTRACT(MONTH FROM f.opened_on) >= 7 THEN EXTRACT(YEAR FROM f.opened_on) + 1
         ELSE EXTRACT(YEAR FROM f.opened_on) END::int AS launch_fy,
    f.closed_on, f.seats,
    -- The workforce of a centre operational on the day only (SPEC §2.4); none otherwise.
    CASE WHEN {open} THEN COALESCE(r.workers, 0) END AS workers,
    CASE WHEN {open} THEN COALESCE(r.women, 0) END AS women,
    CASE WHEN {open} THEN ROUND(r.women * 100.0 / NULLIF(r.workers, 0), 1) END
        AS women_share_pct,
    to_char(r.period, 'YYYY-MM') AS last_report,
    COALESCE(f.latitude, ci.latitude) AS latitude, COALESCE(f.longitude, ci.longitude) AS longitude
FROM centres_centre c
JOIN registry_facility f ON f.id = c.facility_ptr_id
JOIN centres_programme p ON p.id = c.programme_id
JOIN registry_operator o ON o.id = f.operator_id
JOIN registry_city ci ON ci.id = f.city_id
LEFT JOIN LATERAL (
    SELECT w.period, w.workers, w.women FROM registry_workforcereport w
    WHERE w.facility_id = f.id AND w.period <= {day} ORDER BY w.period DESC LIMIT 1
) r ON true
ORDER BY f.name, f.slug
"""


def copy_csv(connection, query, day):
    """Run COPY (query) TO STDOUT WITH CSV HEADER; return the bytes PostgreSQL sent."""
    statement = sql.SQL("COPY ({}) TO STDOUT WITH (FORMAT csv, HEADER)").format(
        sql.SQL(query).format(
            day=sql.Literal(day),
            open=sql.SQL(OPEN_ON_DAY).format(day=sql.Literal(day)),
        )
    )
    chunks = []
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for chunk in copy:
            chunks.append(bytes(chunk))
    return b"".join(chunks)


def _joined(values):
    return ";".join(sorted(str(value) for value in values))


class CompanyResource(resources.ModelResource):
    sectors = fields.Field(column_name="sectors")
    current_facilities = fields.Field(column_name="current_facilities")

    class Meta:
        model = Company
        fields = export_order = (
            "slug",
            "name",
            "secp_registration_no",
            "sectors",
            "founded_year",
            "current_facilities",
            "website",
        )

    def dehydrate_sectors(self, company):
        return _joined(sector.code for sector in company.sectors.all())

    def dehydrate_current_facilities(self, company):
        return _joined({tenancy.facility.slug for tenancy in company.current_tenancies})


class CentreResource(resources.ModelResource):
    programme = fields.Field(attribute="programme__slug", column_name="programme")
    operator = fields.Field(attribute="operator__slug", column_name="operator")
    city = fields.Field(attribute="city__slug", column_name="city")
    province = fields.Field(attribute="city__province_id", column_name="province")
    launched_on = fields.Field(attribute="opened_on", column_name="launched_on")
    launch_fy = fields.Field(column_name="launch_fy")
    workers = fields.Field(attribute="latest_workers", column_name="workers")
    women = fields.Field(attribute="latest_women", column_name="women")
    women_share_pct = fields.Field(column_name="women_share_pct")
    last_report = fields.Field(column_name="last_report")
    latitude = fields.Field(column_name="latitude")
    longitude = fields.Field(column_name="longitude")

    class Meta:
        model = Centre
        fields = export_order = (
            "slug",
            "name",
            "programme",
            "operator",
            "city",
            "province",
            "host_institution",
            "host_type",
            "status",
            "planned_fy",
            "launched_on",
            "launch_fy",
            "closed_on",
            "seats",
            "workers",
            "women",
            "women_share_pct",
            "last_report",
            "latitude",
            "longitude",
        )

    def dehydrate_launch_fy(self, centre):
        return fiscal_year(centre.opened_on) if centre.opened_on else None

    def dehydrate_women_share_pct(self, centre):
        return women_share(centre.latest_women, centre.latest_workers)

    def dehydrate_last_report(self, centre):
        return centre.latest_period.strftime("%Y-%m") if centre.latest_period else None

    def dehydrate_latitude(self, centre):
        return centre.location[0]

    def dehydrate_longitude(self, centre):
        return centre.location[1]


def companies(as_of):
    """Return every company as django-import-export would be given them: objects, prefetched."""
    current = Tenancy.objects.current_on(as_of).select_related("facility")
    return Company.objects.order_by("name", "slug").prefetch_related(
        "sectors", Prefetch("tenancies", queryset=current, to_attr="current_tenancies")
    )


def centres(as_of):
    """Return every centre with its latest report, through the model's own figure rule."""
    return (
        Centre.objects.select_related("city", "operator", "programme")
        .with_latest_report(as_of)
        .order_by("name", "slug")
    )


def import_export_csv(resource_class, queryset):
    """Export the rows with django-import-export, as its admin action does; return the CSV."""
    return resource_class().export(queryset=queryset).csv
