"""The bench's report: the machine measured, each row's misses against the goals, the table."""

import datetime
import os
import platform
import subprocess

from bench.measure import ROOT

# SPEC §6 and issue 6: what "interactive" and "streams" mean here.
GOALS = {"median_ms": 50, "p95_ms": 100, "of_bare": 0.20, "of_copy": 0.50, "vs_peer": 3, "rss": 30}


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


def page_misses(page, of_bare, cached_of_bare=None):
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


def csv_misses(ours, of_copy, vs_peer):
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
