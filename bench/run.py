"""Benchmark the public pages and CSV exports at national scale ×10 (SPEC §6); print one table.

    python -m bench.run [--scale 10] [--runs 30] [--csv-runs 5] [--output FILE]
    python -m bench.run --profile URL      # where one page spends its time

DATABASE_URL names the PostgreSQL database (default: markaz_bench on 127.0.0.1, created if
missing). The run migrates it, fills it with `generate_registry --scale N` if it has no facility,
then serves every request in-process through the project's WSGI handler with DEBUG off and the
cached template loader (bench/settings.py), timing each with time.perf_counter(). Pages: median
and p95 of --runs requests after a warm-up, timed in turns with a bare HttpResponse("ok") behind
the same middleware (the ceiling of throughput), SQL queries of one more. CSVs: rows/s and
time to first byte (medians of --csv-runs), peak RSS growth of one export in a fresh process,
against PostgreSQL's COPY of the same rows and columns and against django-import-export's
export of them; the companies' XLSX beside their CSV (bench/xlsx.py). Then the bulk load
(bench/bulk.py): generate_registry, export_registry and import_registry at the same scale in
scratch databases beside DATABASE_URL's, against COPY FROM and django-import-export's import of
a sample.
"""

import argparse
import os
import sys
from pathlib import Path

from bench.measure import (
    BARE,
    ROOT,
    RSS_RUNS,
    count_queries,
    get,
    measure_cached_pages,
    measure_call,
    measure_csv,
    measure_pages,
    parsed,
    report_rss,
    rss_growth,
)
from bench.report import GOALS, csv_misses, machine, page_misses, table

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/markaz_bench"


def setup():
    """Point Django at the benchmark settings and database, creating the database if needed."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    create_database(os.environ["DATABASE_URL"])
    import django

    django.setup()


def create_database(url):
    """Create the PostgreSQL database of the URL when it does not exist yet."""
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    try:
        psycopg.connect(url).close()
    except psycopg.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
        name = conninfo_to_dict(url)["dbname"]
        with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare(scale):
    """Migrate, generate the registry when the database has none; return what it holds."""
    from django.core.management import call_command
    from django.db import connection

    from registry.models import Company, Facility, Tenancy, WorkforceReport

    call_command("migrate", verbosity=0)
    if not Facility.objects.exists():
        print(f"Generating the registry at scale {scale:g} (once)...", file=sys.stderr)
        call_command("generate_registry", scale=scale, seed=1, stdout=sys.stderr)
    # Measure the database as autovacuum keeps a live one: dead rows of earlier loads reclaimed
    # (a regenerated registry leaves every old row dead), statistics and visibility maps fresh.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    return {
        "facilities": Facility.objects.count(),
        "companies": Company.objects.count(),
        "tenancies": Tenancy.objects.count(),
        "workforce reports": WorkforceReport.objects.count(),
    }


def pages():
    """Return the pages to time: the issue's list, with the busiest park and company."""
    from django.db.models import Count

    from registry.models import Company, Park

    park = Park.objects.annotate(n=Count("reports", distinct=True)).order_by("-n", "slug").first()
    company = Company.objects.annotate(n=Count("tenancies")).order_by("-n", "slug").first()
    return [
        "/",
        "/progress/",
        "/reporting/",
        "/centres/",
        "/centres/?province=PB&status=operational",
        "/companies/?q=soft",
        # The JSON API beside the HTML page: the same search, and a page of its 1,000-row maximum.
        "/api/v1/companies/?q=soft",
        "/api/v1/companies/?limit=1000",
        "/companies/?page=500",
        "/cities/",
        f"/parks/{park.slug}/",
        f"/companies/{company.slug}/",
    ]


def exports():
    """Return each CSV's URL, row count, COPY query and peer export, for the whole list."""
    from django.utils import timezone

    from bench import peers
    from centres.models import Centre
    from registry.models import Company

    today = timezone.localdate()
    return {
        "companies": (
            "/companies/export.csv",
            Company.objects.count(),
            peers.COMPANIES_SQL,
            lambda limit=None: peers.import_export_csv(
                peers.CompanyResource, peers.companies(today)[:limit]
            ),
            today,
        ),
        "centres": (
            "/centres/export.csv",
            Centre.objects.count(),
            peers.CENTRES_SQL,
            lambda limit=None: peers.import_export_csv(
                peers.CentreResource, peers.centres(today)[:limit]
            ),
            today,
        ),
    }


def run(args):
    """Measure everything and return the report's lines."""
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    from bench.peers import copy_csv

    counts = prepare(args.scale)
    app = get_wsgi_application()
    lines = machine()
    lines.append("Data: " + ", ".join(f"{n:,} {name}" for name, n in counts.items()))
    lines.append(
        f"Pages: median and p95 of {args.runs} requests after 3 warm-ups, the bare view and "
        "the pages timed in turns, one request each per round (then again from the page "
        f"cache). CSVs: medians of {args.csv_runs} exports after one, in turns with COPY's "
        f"(django-import-export: {args.peer_runs}, warmed up on 200 rows); peak RSS growth: median "
        f"of {RSS_RUNS} fresh processes (django-import-export: one)."
    )
    rows = []
    urls = pages()
    measured = measure_pages(app, [BARE, *urls], args.runs)
    cached = measure_cached_pages(app, urls, args.runs)
    bare = measured[BARE]
    rows.append(("bare HttpResponse (ceiling)", bare, f"{bare['rps']:.0f} req/s", "100 %", "", ""))
    for url in urls:
        page = measured[url]
        of_bare = page["rps"] / bare["rps"]
        cached_of_bare = cached[url]["rps"] / cached[BARE]["rps"] if cached else None
        from_cache = (
            f"page cache: {cached[url]['rps']:.0f} req/s, {cached_of_bare:.0%}" if cached else ""
        )
        rows.append((url, page, f"{page['rps']:.1f} req/s", f"{of_bare:.0%}", "", from_cache))
        page["misses"] = page_misses(page, of_bare, cached_of_bare)
    for name, (url, count, query, peer, today) in exports().items():
        ours, copy = measure_csv(
            app, url, args.csv_runs, count, lambda q=query, d=today: copy_csv(connection, q, d)
        )
        # django-import-export takes minutes at this scale: warm it up on a few rows only.
        peer_time = measure_call(peer, args.peer_runs, count, warmup=lambda p=peer: p(limit=200))
        ours["rss"] = rss_growth("export", url)
        peer_time["rss"] = rss_growth("peer", name, runs=1)
        of_copy = ours["rows_per_s"] / copy["rows_per_s"]
        vs_peer = ours["rows_per_s"] / peer_time["rows_per_s"]
        ours["misses"] = csv_misses(ours, of_copy, vs_peer)
        rows.append(
            (
                f"{url} ({count:,} rows)",
                ours,
                f"{ours['rows_per_s']:,.0f} rows/s",
                f"{of_copy:.0%} of COPY",
                f"{vs_peer:.1f}×",
                f"TTFB {ours['ttfb_ms']:.1f} ms, RSS +{ours['rss']:.1f} MB",
            )
        )
        rows.append(
            (
                f"  COPY … TO STDOUT CSV ({name})",
                copy,
                f"{copy['rows_per_s']:,.0f} rows/s",
                "",
                "",
                "",
            )
        )
        rows.append(
            (
                f"  django-import-export ({name})",
                peer_time,
                f"{peer_time['rows_per_s']:,.0f} rows/s",
                "",
                "",
                f"RSS +{peer_time['rss']:.1f} MB",
            )
        )
    rows.append(xlsx_row(app, args.csv_runs))
    lines += ["", *table(rows)]
    if args.bulk_runs:
        from bench import bulk

        lines += [
            "",
            *bulk.report(
                os.environ["DATABASE_URL"],
                scale=args.scale,
                runs=args.bulk_runs,
                peer_rows=args.bulk_peer_rows,
                peer_runs=1,
                sqlite=args.bulk_sqlite,
            ),
        ]
    return lines


def xlsx_row(app, runs):
    """Return the table's row of the XLSX export of all companies, beside its CSV (bench/xlsx)."""
    from bench.xlsx import measure_xlsx
    from registry.models import Company

    url, count = "/companies/export.xlsx", Company.objects.count()
    ours = measure_xlsx(app, get, parsed, url, "/companies/export.csv", runs, count)
    ours["queries"] = count_queries(app, url)
    ours["rss"] = rss_growth("export", url)
    ours["misses"] = [f"RSS ≥ {GOALS['rss']} MB"] if ours["rss"] >= GOALS["rss"] else []
    return (
        f"{url} ({count:,} rows)",
        ours,
        f"{ours['rows_per_s']:,.0f} rows/s",
        f"{ours['of_csv']:.1f}× the CSV's time",
        "",
        f"{ours['bytes'] / 1024**2:.1f} MB file, RSS +{ours['rss']:.1f} MB",
    )


def profile(url, runs):
    """Print where the time of a page goes, over several requests after a warm-up."""
    from django.core.wsgi import get_wsgi_application

    app = get_wsgi_application()
    get(app, url)
    try:
        from pyinstrument import Profiler
    except ImportError:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(lambda: [get(app, url) for _ in range(runs)])
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        return
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(runs):
            get(app, url)
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def time_pages(urls, runs):
    """Print the bare view's and each page's median, p95 and queries, without the CSVs."""
    from django.core.wsgi import get_wsgi_application

    app = get_wsgi_application()
    for url, page in measure_pages(app, [BARE, *urls], runs).items():
        # An error page is fast and tells nothing: say so rather than give its time.
        answer = "" if page["status"] == 200 else f" — answered {page['status']}, not the page"
        print(
            f"{url}: median {page['median_ms']:.1f} ms, p95 {page['p95_ms']:.1f} ms, "
            f"SQL queries {page['queries']}{answer}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10, help="generate_registry scale")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page")
    parser.add_argument("--csv-runs", type=int, default=5, help="timed exports per CSV")
    parser.add_argument(
        "--peer-runs", type=int, default=3, help="timed django-import-export exports per CSV"
    )
    parser.add_argument(
        "--bulk-runs",
        type=int,
        default=3,
        help="rounds of generate/import/COPY for the bulk load (0: leave it out)",
    )
    parser.add_argument(
        "--bulk-peer-rows",
        type=int,
        default=20_000,
        help="rows of workforce.csv django-import-export imports",
    )
    parser.add_argument(
        "--bulk-sqlite", action="store_true", help="measure the bulk load on SQLite too"
    )
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    parser.add_argument("--profile", metavar="URL", help="profile one page instead")
    parser.add_argument(
        "--pages", nargs="+", metavar="URL", help="time only these pages (and the bare view)"
    )
    parser.add_argument("--rss-export", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--rss-peer", metavar="NAME", help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup()
    if args.profile:
        profile(args.profile, args.runs)
        return
    if args.pages:
        time_pages(args.pages, args.runs)
        return
    if args.rss_export:
        from django.core.wsgi import get_wsgi_application

        app = get_wsgi_application()
        # The warm-up asks for an empty list: the same code path, no rows.
        empty = args.rss_export + "?q=no-such-row-anywhere"
        report_rss(lambda warmup: get(app, empty if warmup else args.rss_export))
        return
    if args.rss_peer:
        peer = exports()[args.rss_peer][3]
        report_rss(lambda warmup: peer(limit=200) if warmup else peer())
        return
    report = "\n".join(run(args))
    print(report)
    if args.output:
        args.output.write_text(report + "\n")


if __name__ == "__main__":
    main()
