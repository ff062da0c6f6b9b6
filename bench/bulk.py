"""Time loading the registry from its own export beside writing it (SPEC §6 "Bulk load").

    python -m bench.bulk [--scale 10] [--runs 3] [--peer-rows 20000] [--sqlite]

Each round, in turns: `generate_registry --scale N` into an empty migrated database, then
`import_registry` of the registry's own export (`export_registry`, written once) into another,
then PostgreSQL's `COPY … FROM STDIN` of the same rows into a third. Every step runs in a fresh
process; its wall time, the process's CPU time and its PostgreSQL backend's CPU time are read
around the step alone. Then django-import-export's own import of a sample of workforce.csv (a
plain ModelResource validating each row, as its admin does) and import_registry of the same
sample, each rolled back, into the imported registry without its reports.

The scratch databases are named after DATABASE_URL's (``<name>_template``, ``_generated``,
``_imported``, ``_copied``) and dropped at the end; with --sqlite, files in a temporary
directory.
"""

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.bulk_steps import run_step

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/markaz_bench"
SCRATCH = ("template", "generated", "imported", "copied")
# SPEC §6: import_registry within 3× the generator's time on the same rows and database.
GOAL_VS_GENERATOR = 3
# The sample of workforce.csv django-import-export imports: the whole file takes too long.
PEER_ROWS = 20_000


class Databases:
    """Scratch databases beside DATABASE_URL's (PostgreSQL) or files in a directory (SQLite)."""

    def __init__(self, url, sqlite_dir=None):
        self.url, self.sqlite_dir = url, sqlite_dir

    def url_of(self, part):
        if self.sqlite_dir:
            return f"sqlite:///{Path(self.sqlite_dir) / part}.sqlite3"
        parts = urlsplit(self.url)
        return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_{part}"))

    def _admin(self):
        import psycopg
        from psycopg.conninfo import make_conninfo

        return psycopg.connect(make_conninfo(self.url, dbname="postgres"), autocommit=True)

    def _name(self, part):
        return urlsplit(self.url_of(part)).path.lstrip("/")

    def drop(self, part):
        if self.sqlite_dir:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{Path(self.sqlite_dir) / part}.sqlite3{suffix}").unlink(missing_ok=True)
            return
        from psycopg import sql

        with self._admin() as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(self._name(part))
                )
            )

    def fresh(self, part):
        """Make the part an empty migrated database, a copy of the template; return its URL."""
        self.drop(part)
        if self.sqlite_dir:
            shutil.copy(f"{Path(self.sqlite_dir) / 'template'}.sqlite3", self.url_of(part)[10:])
        else:
            from psycopg import sql

            with self._admin() as admin:
                admin.execute(
                    sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                        sql.Identifier(self._name(part)), sql.Identifier(self._name("template"))
                    )
                )
        return self.url_of(part)

    def make_template(self):
        self.drop("template")
        if not self.sqlite_dir:
            from psycopg import sql

            with self._admin() as admin:
                admin.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self._name("template")))
                )
        step("migrate", self.url_of("template"))

    def execute(self, part, statement):
        """Run one statement outside a transaction (VACUUM, DELETE) on a scratch database."""
        step("execute", self.url_of(part), sql=statement)

    def drop_all(self):
        for part in SCRATCH:
            self.drop(part)


def step(name, url, **options):
    """Run a step in a fresh process against the database; return its figures."""
    command = [sys.executable, "-m", "bench.bulk", "--step", name]
    for option, value in options.items():
        if value is True:
            command.append(f"--{option}")
        elif value not in (None, False):
            command += [f"--{option}", str(value)]
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def file_rows(directory):
    """Return how many data rows the CSV files of the directory hold."""
    total = 0
    for path in Path(directory).glob("*.csv"):
        with open(path, encoding="utf-8-sig", newline="") as source:
            total += sum(1 for _ in csv.reader(source)) - 1
    return total


def write_sample(source, target, rows):
    """Write the header and the first rows of a CSV file; return how many rows."""
    with open(source, encoding="utf-8-sig", newline="") as src:
        reader = csv.reader(src)
        lines = [next(reader), *(row for _, row in zip(range(rows), reader, strict=False))]
    with open(target, "w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows(lines)
    return len(lines) - 1


def median(runs, key):
    values = [run[key] for run in runs if run[key] is not None]
    return statistics.median(values) if values else None


def measure(url, *, scale, runs, peer_rows, peer_runs, sqlite=False, log=print):
    """Measure the bulk-load rows on one database kind; return them and a few facts."""
    with tempfile.TemporaryDirectory(prefix="bench-bulk-") as scratch:
        scratch = Path(scratch)
        dbs = Databases(url, sqlite_dir=scratch / "db" if sqlite else None)
        if sqlite:
            (scratch / "db").mkdir()
        export_dir, copy_dir, copy_all_dir, sample_dir = (
            scratch / name for name in ("export", "copy", "copy-history", "sample")
        )
        for directory in (export_dir, copy_dir, copy_all_dir, sample_dir):
            directory.mkdir()
        try:
            dbs.make_template()
            measured = {"generate": [], "import": [], "copy": [], "copy-history": []}
            exported = None
            for round_ in range(1, runs + 1):
                log(f"  round {round_}/{runs}: generate_registry --scale {scale:g}")
                measured["generate"].append(step("generate", dbs.fresh("generated"), scale=scale))
                if exported is None:
                    exported = step("export", dbs.url_of("generated"), dir=export_dir)
                    rows = file_rows(export_dir)
                dbs.drop("generated")
                log(f"  round {round_}/{runs}: import_registry ({rows:,} rows)")
                measured["import"].append(step("import", dbs.fresh("imported"), dir=export_dir))
                if sqlite:
                    continue
                if round_ == 1:
                    step("copy-out", dbs.url_of("imported"), dir=copy_dir)
                    step("copy-out", dbs.url_of("imported"), dir=copy_all_dir, history=True)
                log(f"  round {round_}/{runs}: COPY FROM")
                for kind, directory in (("copy", copy_dir), ("copy-history", copy_all_dir)):
                    figures = step(
                        "copy-in", dbs.fresh("copied"), dir=directory, history=kind != "copy"
                    )
                    measured[kind].append(figures)
                dbs.drop("copied")
            sample = 0
            if peer_rows and peer_runs:
                # The sample goes into the imported registry without its reports.
                dbs.execute("imported", "DELETE FROM registry_historicalworkforcereport")
                dbs.execute("imported", "DELETE FROM registry_workforcereport")
                dbs.execute("imported", "VACUUM ANALYZE" if not sqlite else "VACUUM")
                sample = write_sample(
                    export_dir / "workforce.csv", sample_dir / "workforce.csv", peer_rows
                )
                measured["peer-import-export"], measured["peer-ours"] = [], []
                for round_ in range(1, peer_runs + 1):
                    for kind in ("peer-import-export", "peer-ours"):
                        log(f"  round {round_}/{peer_runs}: {kind} ({sample:,} rows)")
                        measured[kind].append(step(kind, dbs.url_of("imported"), dir=sample_dir))
                        dbs.execute("imported", "VACUUM" if sqlite else "VACUUM ANALYZE")
        finally:
            dbs.drop_all()
    figures = {
        kind: {key: median(done, key) for key in ("wall", "cpu", "server_cpu")}
        for kind, done in measured.items()
        if done
    }
    figures["export"] = {key: exported[key] for key in ("wall", "cpu", "server_cpu")}
    copied = measured["copy"][0]["result"] if measured["copy"] else None
    return {"figures": figures, "rows": rows, "sample": sample, "copied_rows": copied}


def table(results, scale, runs, peer_runs):
    """Return the bulk-load measurements as one Markdown table, a database kind per block."""
    header = [
        "step",
        "wall s",
        "CPU s (Python)",
        "CPU s (PostgreSQL)",
        "rows/s",
        "vs generator",
        "goal",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]

    def seconds(value):
        return "" if value is None else f"{value:.1f}"

    for kind, result in results.items():
        figures, rows, sample = result["figures"], result["rows"], result["sample"]
        generator = figures["generate"]["wall"]
        imported = figures["import"]["wall"]
        ratio = imported / generator

        def cpu(values):
            return values["cpu"] + (values["server_cpu"] or 0)

        cpu_ratio = cpu(figures["import"]) / cpu(figures["generate"])
        entries = [
            (f"generate_registry --scale {scale:g}", figures["generate"], rows, "1.0×", ""),
            ("export_registry DIR", figures["export"], rows, "", ""),
            (
                f"import_registry DIR/*.csv ({rows:,} rows)",
                figures["import"],
                rows,
                f"{ratio:.1f}× (CPU {cpu_ratio:.1f}×)",
                "met" if ratio <= GOAL_VS_GENERATOR else f"missed: > {GOAL_VS_GENERATOR}×",
            ),
        ]
        for name, label in (
            ("copy", "COPY … FROM STDIN, the same rows"),
            ("copy-history", "COPY … FROM STDIN, the same rows and their history rows"),
        ):
            if name in figures:
                versus = f"{figures[name]['wall'] / generator:.2f}×"
                entries.append((f"  {label}", figures[name], rows, versus, ""))
        peer, ours = figures.get("peer-import-export"), figures.get("peer-ours")
        if peer is not None:
            speedup = peer["wall"] / ours["wall"]
            entries += [
                (f"django-import-export, workforce.csv's first {sample:,} rows", peer, sample),
                (
                    f"import_registry, the same {sample:,} rows "
                    f"({speedup:.1f}× django-import-export's rows/s)",
                    ours,
                    sample,
                ),
            ]
        lines.append(f"| **{kind}** |  |  |  |  |  |  |")
        for label, values, count, *notes in entries:
            versus, goal = (*notes, "", "")[:2]
            cells = [
                label,
                seconds(values["wall"]),
                seconds(values["cpu"]),
                seconds(values["server_cpu"]),
                f"{count / values['wall']:,.0f}",
                versus,
                goal,
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return lines


def caption(results, runs, peer_runs):
    """Return the line saying what the figures are."""
    copied = next((r["copied_rows"] for r in results.values() if r["copied_rows"]), None)
    sample = f" (the sample: {peer_runs} round(s), rolled back)" if peer_runs else ""
    return (
        f"Bulk load: medians of {runs} rounds, each generator, import and COPY in turns into "
        f"fresh empty migrated databases{sample}. Rows/s count the export's rows (the nine "
        "files' data rows)"
        + (f"; COPY writes them as {copied:,} table rows" if copied else "")
        + ". CPU: the Python process, and its PostgreSQL backend; CPU vs generator adds both."
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--runs", type=int, default=3, help="rounds of generator/import/COPY")
    parser.add_argument("--peer-rows", type=int, default=PEER_ROWS)
    parser.add_argument("--peer-runs", type=int, default=1)
    parser.add_argument("--sqlite", action="store_true", help="also measure on SQLite")
    parser.add_argument("--output", type=Path, help="also write the table to this file")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    parser.add_argument("--history", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--sql", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        run_step(args)
        return
    print(
        "\n".join(
            report(
                os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
                scale=args.scale,
                runs=args.runs,
                peer_rows=args.peer_rows,
                peer_runs=args.peer_runs,
                sqlite=args.sqlite,
                output=args.output,
            )
        )
    )


def report(url, *, scale, runs, peer_rows, peer_runs, sqlite, output=None):
    """Measure on PostgreSQL (and SQLite); return the caption and the table's lines."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Bulk load at scale {scale:g}; load average {load}", file=sys.stderr)
    results = {}
    for kind, on_sqlite in (("PostgreSQL", False), ("SQLite", True))[: 2 if sqlite else 1]:
        print(kind, file=sys.stderr)
        results[kind] = measure(
            url,
            scale=scale,
            runs=runs,
            peer_rows=peer_rows,
            peer_runs=peer_runs,
            sqlite=on_sqlite,
            log=lambda line: print(line, file=sys.stderr),
        )
    end = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        caption(results, runs, peer_runs) + f" Load average {load} at the start, {end} at the end.",
        "",
        *table(results, scale, runs, peer_runs),
    ]
    if output:
        output.write_text("\n".join(lines) + "\n")
    return lines


if __name__ == "__main__":
    main()
