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
import csv
import datetime
import gc
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from wsgiref.util import setup_testing_defaults

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/markaz_bench"
BARE = "/bench-bare/"
RSS_RUNS = 3
# The shared page cache production runs with (registry/settings.py: REDIS_URL); database 15.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
# SPEC §6 and issue 6: what "interactive" and "streams" mean here.
GOALS = {"median_ms": 50, "p95_ms": 100, "of_bare": 0.20, "of_copy": 0.50, "vs_peer": 3, "rss": 30}


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


def get(app, url, keep=False):
    """Serve one GET through the WSGI app; return status, body (or its size), TTFB and total."""
    path, _, query = url.partition("?")
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query}
    setup_testing_defaults(environ)
    statuses = []
    started = time.perf_counter()
    result = app(environ, lambda status, headers, exc_info=None: statuses.append(status))
    first, body, size = None, [], 0
    try:
        for chunk in result:
            if first is None and chunk:
                first = time.perf_counter()
            size += len(chunk)
            if keep:
                body.append(chunk)
    finally:
        result.close()
    ended = time.perf_counter()
    return {
        "status": int(statuses[0].split()[0]),
        "body": b"".join(body) if keep else size,
        "ttfb": (first or ended) - started,
        "total": ended - started,
    }


def count_queries(app, url):
    """Return how many SQL queries one request of the URL issues, on every database."""
    from django.db import connections, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with ExitStack() as stack:
        contexts = [stack.enter_context(CaptureQueriesContext(c)) for c in connections.all()]
        get(app, url)
    return sum(len(context) for context in contexts)


def p95(samples):
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def measure_pages(app, urls, runs, warmup=3):
    """Return the median and p95 server time, throughput and query count of each page.

    The pages are timed in turns, one request each per round, so that a slower minute of a
    shared machine slows every page alike and their ratios to the bare view hold.
    """
    statuses = {}
    for url in urls:
        for _ in range(warmup):
            statuses[url] = get(app, url)["status"]
    gc.collect()
    times = {url: [] for url in urls}
    for _ in range(runs):
        for url in urls:
            times[url].append(get(app, url)["total"])
    return {
        url: {
            "status": statuses[url],
            "median_ms": statistics.median(times[url]) * 1000,
            "p95_ms": p95(times[url]) * 1000,
            "rps": len(times[url]) / sum(times[url]),
            "queries": count_queries(app, url),
        }
        for url in urls
    }


def measure_cached_pages(app, urls, runs):
    """Return each page's figures when served as production serves it: from the page cache.

    Production keeps rendered pages in Redis, keyed by the registry's version (so never stale;
    registry/web/middleware.py). The bare view is timed in the same rounds, as their ceiling.
    Empty when Redis does not answer.
    """
    import redis
    from django.test import override_settings

    url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    try:
        redis.Redis.from_url(url).flushdb()
    except redis.RedisError:
        print(
            f"No Redis at {url}: pages are measured without the page cache only.", file=sys.stderr
        )
        return {}
    backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    with override_settings(PAGE_CACHE_SECONDS=600, CACHES={"default": backend}):
        return measure_pages(app, [BARE, *urls], runs)


def parsed(data):
    """Return the cells of a CSV file, whatever its quoting, line ends and byte-order mark."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def measure_csv(app, url, runs, rows, copy):
    """Return the rows/s, time to first byte and query count of a full CSV export, and COPY's.

    The export and COPY are timed in turns, one each per round, as the pages are. The export
    must hold the same cells as COPY's file, or nothing compares.
    """
    body = get(app, url, keep=True)
    assert body["status"] == 200, f"{url} answered {body['status']}"
    written = body["body"].count(b"\r\n") - 1
    assert written == rows, f"{url} wrote {written} rows, expected {rows}"
    assert parsed(body["body"]) == parsed(copy()), f"{url} and COPY differ"
    gc.collect()
    results, copy_times = [], []
    for _ in range(runs):
        results.append(get(app, url))
        started = time.perf_counter()
        copy()
        copy_times.append(time.perf_counter() - started)
    total = statistics.median(r["total"] for r in results)
    copy_total = statistics.median(copy_times)
    ours = {
        "status": 200,
        "median_ms": total * 1000,
        "p95_ms": None,
        "rows_per_s": rows / total,
        "ttfb_ms": statistics.median(r["ttfb"] for r in results) * 1000,
        "queries": count_queries(app, url),
    }
    return ours, {"median_ms": copy_total * 1000, "rows_per_s": rows / copy_total}


def measure_call(function, runs, rows, warmup=None):
    """Return the median time and rows/s of a function producing the whole CSV."""
    (warmup or function)()
    gc.collect()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    total = statistics.median(times)
    return {"median_ms": total * 1000, "rows_per_s": rows / total}


def rss_growth(kind, target, runs=RSS_RUNS):
    """Return the median peak-RSS growth (MB) of one export, each in a fresh process."""
    growths = []
    for _ in range(runs):
        output = subprocess.run(
            [sys.executable, "-m", "bench.run", f"--rss-{kind}", target],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        growths.append(json.loads(output.strip().splitlines()[-1])["mb"])
    return statistics.median(growths)


def _memory(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise LookupError(field)


def report_rss(export):
    """In a fresh process: warm up, reset the peak, run one export, print the peak's growth."""
    export(warmup=True)
    gc.collect()
    # Writing 5 resets the process's peak resident set (VmHWM) to its current size (Linux).
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    before = _memory("VmRSS")
    export(warmup=False)
    print(json.dumps({"mb": round(_memory("VmHWM") - before, 1)}))


def machine():
    """Return one line each for the machine, the software and the commit measured."""
    from django import get_version
    from django.db import connection

    with open("/proc/cpuinfo") as cpuinfo:
        cpu = next((x.split(":", 1)[1].strip() for x in cpuinfo if x.startswith("model name")), "")
    ram = _meminfo_gb()
    commit = _git("rev-parse", "--short", "HEAD")
    if _git("status", "--porcelain", "--untracked-files=no"):
        commit += " (with uncommitted changes)"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"Machine: {os.cpu_count()} CPUs ({cpu or platform.processor()}), {ram:.1f} GB RAM, "
        f"load average {load} at the start",
        f"Software: Python {platform.python_version()}, Django {get_version()}, "
        f"PostgreSQL {postgres}",
        f"Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; commit {commit}",
    ]


def _meminfo_gb():
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024**2
    return 0.0


def _git(*args):
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()


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
        page["misses"] = _page_misses(page, of_bare, cached_of_bare)
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
        ours["misses"] = _csv_misses(ours, of_copy, vs_peer)
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


def _page_misses(page, of_bare, cached_of_bare=None):
    """Return the page's missed goals; throughput is judged rendered, then as production serves."""
    misses = []
    if page["status"] != 200:
        misses.append(f"HTTP {page['status']}")
    if page["median_ms"] >= GOALS["median_ms"]:
        misses.append(f"median ≥ {GOALS['median_ms']} ms")
    if page["p95_ms"] >= GOALS["p95_ms"]:
        misses.append(f"p95 ≥ {GOALS['p95_ms']} ms")
    if of_bare < GOALS["of_bare"]:
        met_cached = cached_of_bare is not None and cached_of_bare >= GOALS["of_bare"]
        misses.append(
            f"< {GOALS['of_bare']:.0%} of bare rendered"
            + (" (met from the page cache)" if met_cached else "")
        )
    return misses


def _csv_misses(ours, of_copy, vs_peer):
    misses = []
    if of_copy < GOALS["of_copy"]:
        misses.append(f"< {GOALS['of_copy']:.0%} of COPY")
    if vs_peer < GOALS["vs_peer"]:
        misses.append(f"< {GOALS['vs_peer']}× import-export")
    if ours["rss"] >= GOALS["rss"]:
        misses.append(f"RSS ≥ {GOALS['rss']} MB")
    return misses


def table(rows):
    """Return the measurements as one Markdown table."""
    header = [
        "request",
        "median ms",
        "p95 ms",
        "SQL queries",
        "throughput",
        "vs ceiling",
        "vs import-export",
        "notes",
        "goals",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for label, figures, throughput, ceiling, peer, extra in rows:
        misses = figures.get("misses")
        cells = [
            f"`{label}`" if label.startswith("/") else label,
            f"{figures['median_ms']:.1f}",
            f"{figures['p95_ms']:.1f}" if figures.get("p95_ms") is not None else "",
            str(figures.get("queries", "")),
            throughput,
            ceiling,
            peer,
            extra,
            "" if misses is None else ("met" if not misses else "missed: " + "; ".join(misses)),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


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
        print(
            f"{url}: median {page['median_ms']:.1f} ms, p95 {page['p95_ms']:.1f} ms, "
            f"SQL queries {page['queries']}"
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
