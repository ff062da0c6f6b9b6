"""Trigram indexes for the company search on PostgreSQL (CompanyFilterSet.search).

A word is looked for anywhere in the name key and the slug (LIKE '%word%'), which no B-tree
serves: at 30,000 companies the row count of /companies/?q=soft scanned every row in 10–15 ms;
with these it reads the matching rows' pages, about 4 ms. SQLite keeps scanning.
"""

from django.db import migrations

from ._vendor import run_per_vendor

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX company_name_key_trigrams ON registry_company USING gin (name_key gin_trgm_ops)",
    "CREATE INDEX company_slug_trigrams ON registry_company USING gin (slug gin_trgm_ops)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX company_name_key_trigrams",
    "DROP INDEX company_slug_trigrams",
]



class Migration(migrations.Migration):
    dependencies = [("registry", "0010_latest_report_summary")]

    operations = [
        migrations.RunPython(
            run_per_vendor({"postgresql": POSTGRESQL}),
            run_per_vendor({"postgresql": POSTGRESQL_REVERSE}),
        )
    ]
