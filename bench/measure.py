"""The bench's measures: one request through the WSGI app, pages in turns, CSV exports against
COPY, a call's rows per second and an export's peak RSS growth in a fresh process."""

import csv
import gc
import io
import json
import os
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from wsgiref.util import setup_testing_defaults

ROOT = Path(__file__).resolve().parent.parent
BARE = "/bench-bare/"
RSS_RUNS = 3
# The shared page cache production runs with (registry/settings.py: REDIS_URL); database 15.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


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
