"""A deterministic national-scale registry of fictional parks, centres and companies (SPEC §6).

Scale 1 is a national rollout near its FY2027 targets; scale 10 is the benchmark's registry:

    facilities   300 × scale  (50 parks, 160 federal and 90 Punjab e-Rozgaar centres)
    companies  3,000 × scale
    tenancies  about 6,000 × scale  (two per company on average)
    reports    about 10,500 × scale (monthly, from each facility's opening to its last report)

Scale 1/6 is close to today's national figures (50 facilities). The SPEC's "national scale
×10" (§6) is the issue's 3,000 facilities, so one unit of scale is 300, not 50.

The same scale, seed and as-of date give the same rows. Every slug starts with ``gen-`` and
every report's source with ``Generated``, which is how the command tells its own rows from
real data. Rows are written in bulk (COPY on PostgreSQL), never one save() per row, so what
``save()`` and signals would do is done here: ``Company.name_key`` and ``name_stem``,
``Facility.kind``, one bump of the registry version. Generated rows get no change-history entries.

The modules, one concern each: ``reference`` (cities from the demo's cities.csv, operators,
programmes, targets), ``draws`` (the marks of generated rows, scale and random draws),
``facilities``, ``companies``, ``activity`` (tenancies and workforce reports), ``bulk`` (SQL
writes) and ``generate`` (one run, in one transaction).
"""

from .generate import EARLIEST_AS_OF, Generator, foreign_data_counts

__all__ = ["EARLIEST_AS_OF", "Generator", "foreign_data_counts"]
