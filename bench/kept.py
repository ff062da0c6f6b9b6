"""Time the pages each trigger-kept table serves, with it and without it; print one table each.

    python -m bench.kept --baseline DIR [TABLE ...] [--rounds 3] [--runs 20]

Each way is served by a fresh process on the same database (DATABASE_URL), the page cache off
(bench/settings.py), timed in turns with the bare view (bench.run.measure_pages):

- LatestReport and TenancyCity (kept): with them, this tree; without them, this tree with the
  table's readers replaced, in that process only, by the query it replaced: one probe of the
  reports per facility and figure; the tenancies joined to their facilities' cities.
- TenantSpell (dropped by migration 0023): with it, the code of DIR, a copy of the last commit
  that read it (`git archive b525023 | tar -x -C DIR`); without it, this tree, whose readers
  count the tenancies. The database must still hold the table: `manage.py migrate registry
  0022` first (that rebuilds and refills it; `migrate` drops it again).

The pages: those of the bench table (bench.run.pages()) whose SQL reads the table, with it, and
a few others it serves. Every page must give the same HTML both ways before it is timed. Rounds
alternate, with then without. A table earns its place when it saves at least 20 % of the median
of some page of the bench table (issue 19).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The share of a page's median a kept table must save on some page of the bench table.
GOAL = 0.20
TABLES = {
    "LatestReport": "registry_latestreport",
    "TenancyCity": "registry_tenancycity",
    "TenantSpell": "registry_tenantspell",
}
# Pages a table serves beyond the bench table's (the parks list; companies currently renting).
OTHER_PAGES = {
    "LatestReport": ["/parks/"],
    "TenancyCity": [],
    "TenantSpell": ["/companies/?current=1", "/companies/?current=1&page=400"],
}

# Run in the serving process, in the tree of one way: prints JSON on its last line.
WORKER = r"""
import hashlib, json, sys
from contextlib import ExitStack

from bench.measure import BARE, get, measure_pages
from bench.run import pages, setup

task = json.loads(sys.argv[1])
setup()


def probed_latest_report_value(field, as_of, prefix=""):
    from django.db.models import OuterRef, Subquery
    from registry.models import WorkforceReport

    reports = WorkforceReport.objects.filter(facility=OuterRef(f"{prefix}pk"), period__lte=as_of)
    return Subquery(reports.order_by("-period").values(field)[:1])


def tenancies_by_facility_city():
    from registry.models import Tenancy
    from registry.models.companies import TenancyQuerySet

    class ByFacilityCity(TenancyQuerySet):
        def filter(self, *args, **lookups):
            lookups = {
                f"facility__{name}" if name.split("__")[0] == "city" else name: value
                for name, value in lookups.items()
            }
            return super().filter(*args, **lookups)

    class Tenancies:
        objects = ByFacilityCity(model=Tenancy)

    return Tenancies


if task["without"] == "LatestReport":
    import registry.models.querysets

    registry.models.querysets.latest_report_value = probed_latest_report_value
elif task["without"] == "TenancyCity":
    import registry.models.companies

    registry.models.companies.TenancyCity = tenancies_by_facility_city()

from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test.utils import CaptureQueriesContext

app = get_wsgi_application()
if task["urls"] is None:
    urls, out = pages() + task["others"], {"pages": pages(), "reads": {}, "bodies": {}}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            answer = get(app, url, keep=True)
        assert answer["status"] == 200, (url, answer["status"])
        sql = " ".join(query["sql"] for query in queries)
        out["reads"][url] = [table for table in task["tables"] if table in sql]
        out["bodies"][url] = hashlib.sha256(answer["body"]).hexdigest()
else:
    measured = measure_pages(app, [BARE, *task["urls"]], task["runs"])
    out = {url: [page["median_ms"], page["queries"]] for url, page in measured.items()}
print(json.dumps(out))
"""


def serve(tree, task):
    """Run the worker in the tree with the task; return its JSON answer."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", WORKER, json.dumps(task)],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"{tree}: {done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def ways(table, baseline):
    """Return (tree, table replaced) serving the table's pages with it, then without it."""
    if table == "TenantSpell":
        return (baseline, None), (ROOT, None)
    return (ROOT, None), (ROOT, table)


def survey(table, baseline):
    """Return the bench-table pages the table serves and every page to time; check the HTML."""
    others = OTHER_PAGES[table]
    answers = [
        serve(tree, {"without": way, "urls": None, "others": others, "tables": [TABLES[table]]})
        for tree, way in ways(table, baseline)
    ]
    kept = answers[0]
    served = [url for url in kept["pages"] if kept["reads"][url]]
    unread = [url for url in others if not kept["reads"][url]]
    if unread:
        sys.exit(f"{table}: {', '.join(unread)} do not read {TABLES[table]}")
    if any(answers[1]["reads"][url] for url in served + others):
        sys.exit(f"{table}: the way without it still reads {TABLES[table]}")
    for url in served + others:
        if kept["bodies"][url] != answers[1]["bodies"][url]:
            sys.exit(f"{url} differs without {table}")
    return served, served + others


def measure(table, baseline, rounds, runs):
    """Return {url: {"with": [round medians], "without": [...], "queries": ...}} and the pages."""
    served, urls = survey(table, baseline)
    figures = {}
    for _ in range(rounds):
        for way, (tree, replaced) in zip(("with", "without"), ways(table, baseline), strict=True):
            answer = serve(tree, {"without": replaced, "urls": urls, "runs": runs})
            for url, (median, queries) in answer.items():
                page = figures.setdefault(url, {"with": [], "without": []})
                page[way].append(median)
                page[f"queries {way}"] = queries
    return figures, served


def report(table, figures, served):
    """Return a Markdown table of one kept table's figures and its verdict."""
    lines = [
        f"**{table}**",
        "",
        "| page | with: round medians ms | without: round medians ms | with | without "
        "| saved | SQL queries with / without |",
        "|---|---|---|---|---|---|---|",
    ]
    best = 0.0
    bare = "/bench-bare/"
    for url in [*(u for u in figures if u != bare), bare]:
        page = figures[url]
        kept, replaced = statistics.median(page["with"]), statistics.median(page["without"])
        saved = (replaced - kept) / replaced
        if url in served:
            best = max(best, saved)
        rounds = [", ".join(f"{x:.1f}" for x in page[way]) for way in ("with", "without")]
        label = "bare HttpResponse" if url == bare else f"`{url}`"
        if url != bare and url not in served:
            label += " (not in the bench table)"
        queries = "" if url == bare else f"{page['queries with']} / {page['queries without']}"
        lines.append(
            f"| {label} | {rounds[0]} | {rounds[1]} | {kept:.1f} | {replaced:.1f} "
            f"| {saved:.0%} | {queries} |"
        )
    verdict = "keep" if best >= GOAL else "drop"
    lines += [
        "",
        f"Most saved on a page of the bench table: {best:.0%} (goal ≥ {GOAL:.0%}): {verdict}.",
    ]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tables", nargs="*", metavar="TABLE", help=f"of {', '.join(TABLES)}")
    parser.add_argument("--baseline", type=Path, help="a copy of the code that read TenantSpell")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of with, then without")
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page a round")
    args = parser.parse_args()
    tables = args.tables or list(TABLES)
    unknown = set(tables) - set(TABLES)
    if unknown:
        parser.error(f"no kept table {', '.join(sorted(unknown))}; the tables: {', '.join(TABLES)}")
    if "TenantSpell" in tables and not args.baseline:
        parser.error("--baseline DIR is needed for TenantSpell")
    sys.path.insert(0, str(ROOT))
    from bench.report import machine
    from bench.run import setup

    setup()
    print("\n".join(machine()))
    for table in tables:
        figures, served = measure(table, args.baseline, args.rounds, args.runs)
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print("\n" + "\n".join(report(table, figures, served)) + f" Load average {load}.")


if __name__ == "__main__":
    main()
