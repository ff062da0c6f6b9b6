"""Time the pages each trigger-kept table serves, with it and without it; print one table each.

    python -m bench.kept [TABLE ...] [--rounds 3] [--runs 20]

"Without" answers the same queries the way the code did before the table existed (the query it
replaced, from the commit that brought it in), switched on in this process by patching the
table's readers. Nothing is patched in the application. A page served first checks that both
ways give the same HTML, so the alternative is faithful. The pages: those of the bench table
(bench.run.pages()) whose SQL reads the table, and the few others it serves. Rounds alternate,
with then without, timed in turns with the bare view (bench.run.measure_pages), the page cache
off (bench/settings.py). A table earns its place when it saves at least 20 % of the median of
some page of the bench table (issue 19).
"""

import argparse
import statistics
from contextlib import ExitStack, contextmanager
from unittest import mock

# The share of a page's median a kept table must save on some page of the bench table.
GOAL = 0.20


class ReplacedLookups:
    """A queryset of tenancies standing for TenancyCity's: ``city`` is the facility's city."""

    def __init__(self, queryset):
        self.queryset = queryset

    def filter(self, **lookups):
        renamed = {
            f"facility__{name}" if name.split("__")[0] == "city" else name: value
            for name, value in lookups.items()
        }
        return ReplacedLookups(self.queryset.filter(**renamed))

    def current_on(self, day):
        return ReplacedLookups(self.queryset.current_on(day))

    def __getattr__(self, name):
        return getattr(self.queryset, name)


class TenanciesJoinedToFacilities:
    """What TenancyCity's readers did before it (b1820d4, 1d273bf): tenancies by facility__city."""

    class objects:  # noqa: N801 - stands for a model's manager
        @staticmethod
        def all():
            from registry.models import Tenancy

            return ReplacedLookups(Tenancy.objects.all())

        @staticmethod
        def current_on(day):
            from registry.models import Tenancy

            return ReplacedLookups(Tenancy.objects.current_on(day))


class DistinctCurrentTenants:
    """What the overview counted before TenantSpell (4e84e20): COUNT(DISTINCT company)."""

    class objects:  # noqa: N801 - stands for a model's manager
        @staticmethod
        def current_on(day):
            from django.db.models import Count

            from registry.models import Tenancy

            class Counted:
                @staticmethod
                def count():
                    current = Tenancy.objects.current_on(day)
                    return current.aggregate(n=Count("company", distinct=True))["n"]

            return Counted()


class CurrentFromTenancyCity:
    """What the companies list's current filter read before TenantSpell (2cbdc2a)."""

    class objects:  # noqa: N801 - stands for a model's manager
        @staticmethod
        def all():
            from registry.models import TenancyCity

            return TenancyCity.objects.all()


def probed_latest_report_value(field, as_of, prefix=""):
    """What every date read before LatestReport (ae59041): one probe of the reports per facility."""
    from django.db.models import OuterRef, Subquery

    from registry.models import WorkforceReport

    reports = WorkforceReport.objects.filter(facility=OuterRef(f"{prefix}pk"), period__lte=as_of)
    return Subquery(reports.order_by("-period").values(field)[:1])


@contextmanager
def without(table):
    """Answer the readers of the table the way the code did before it."""
    import centres.selectors
    import registry.models.companies
    import registry.models.querysets
    import registry.public.filters

    patches = {
        "LatestReport": [
            (registry.models.querysets, "latest_report_value", probed_latest_report_value)
        ],
        "TenancyCity": [
            (registry.models.companies, "TenancyCity", TenanciesJoinedToFacilities),
            (registry.public.filters, "TenancyCity", TenanciesJoinedToFacilities),
        ],
        "TenantSpell": [
            (centres.selectors, "TenantSpell", DistinctCurrentTenants),
            (registry.public.filters, "TenantSpell", CurrentFromTenancyCity),
        ],
    }[table]
    with ExitStack() as stack:
        for module, name, replacement in patches:
            # patch.object refuses a name the module no longer has: the readers have moved.
            stack.enter_context(mock.patch.object(module, name, replacement))
        yield


# Pages a table serves beyond the bench table's (companies filtered by place, or current).
OTHER_PAGES = {
    "LatestReport": ["/parks/"],
    "TenancyCity": ["/companies/?province=PB", "/companies/?city=lahore&current=1"],
    "TenantSpell": ["/companies/?current=1", "/companies/?current=1&page=400"],
}
TABLES = {
    "LatestReport": "registry_latestreport",
    "TenancyCity": "registry_tenancycity",
    "TenantSpell": "registry_tenantspell",
}


def reads(app, url, table):
    """Return whether one request of the URL reads the table."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.run import get

    with CaptureQueriesContext(connection) as queries:
        get(app, url)
    return any(TABLES[table] in query["sql"] for query in queries)


def same_html(app, url, table):
    """Check that the page is the same byte for byte with the table and without it."""
    from bench.run import get

    kept = get(app, url, keep=True)
    with without(table):
        replaced = get(app, url, keep=True)
    assert kept["status"] == replaced["status"] == 200, f"{url}: {kept['status']}"
    assert kept["body"] == replaced["body"], f"{url} differs without {table}"


def measure(app, table, bench_pages, rounds, runs):
    """Return {url: {"with": [round medians], "without": [...], queries…}} and the pages."""
    from bench.run import BARE, measure_pages

    served = [url for url in bench_pages if reads(app, url, table)]
    others = OTHER_PAGES[table]
    urls = served + others
    for url in urls:
        same_html(app, url, table)
    figures = {url: {"with": [], "without": []} for url in urls}
    for _ in range(rounds):
        for way in ("with", "without"):
            with ExitStack() as stack:
                if way == "without":
                    stack.enter_context(without(table))
                measured = measure_pages(app, [BARE, *urls], runs)
            for url in urls:
                figures[url][way].append(measured[url]["median_ms"])
                figures[url][f"queries {way}"] = measured[url]["queries"]
            figures.setdefault(BARE, {"with": [], "without": []})[way].append(
                measured[BARE]["median_ms"]
            )
    return figures, served


def report(table, figures, served):
    """Return a Markdown table of one kept table's figures and its verdict."""
    from bench.run import BARE

    lines = [
        f"**{table}**",
        "",
        "| page | with: round medians ms | without: round medians ms | with | without "
        "| saved | SQL queries with / without |",
        "|---|---|---|---|---|---|---|",
    ]
    best = 0.0
    for url, page in figures.items():
        kept, replaced = statistics.median(page["with"]), statistics.median(page["without"])
        saved = (replaced - kept) / replaced
        if url in served:
            best = max(best, saved)
        rounds = [", ".join(f"{x:.1f}" for x in page[way]) for way in ("with", "without")]
        label = "bare HttpResponse" if url == BARE else f"`{url}`"
        if url != BARE and url not in served:
            label += " (not in the bench table)"
        queries = "" if url == BARE else f"{page['queries with']} / {page['queries without']}"
        lines.append(
            f"| {label} | {rounds[0]} | {rounds[1]} | {kept:.1f} | {replaced:.1f} "
            f"| {saved:.0%} | {queries} |"
        )
    verdict = "keep" if best >= GOAL else "remove"
    lines += [
        "",
        f"Most saved on a page of the bench table: {best:.0%} (goal ≥ {GOAL:.0%}): {verdict}.",
    ]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tables", nargs="*", metavar="TABLE", help=f"of {', '.join(TABLES)}")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of with, then without")
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page a round")
    args = parser.parse_args()
    unknown = set(args.tables) - set(TABLES)
    if unknown:
        parser.error(f"no kept table {', '.join(sorted(unknown))}; the tables: {', '.join(TABLES)}")
    from bench.run import setup

    setup()
    import os

    from django.core.wsgi import get_wsgi_application

    from bench.run import machine, pages

    app = get_wsgi_application()
    bench_pages = pages()
    print("\n".join(machine()))
    for table in args.tables or TABLES:
        figures, served = measure(app, table, bench_pages, args.rounds, args.runs)
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print("\n" + "\n".join(report(table, figures, served)) + f" Load average {load}.")


if __name__ == "__main__":
    main()
