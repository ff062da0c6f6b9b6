"""TenantSpell is gone (issue 19): no table, trigger, function or lock is left of it, and its
migration runs back (rebuilding the table, its triggers and rows) and forth again."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from registry.models import TenancyCity
from tests.factories import CityFactory, CompanyFactory, ParkFactory, TenancyFactory
from tests.registry.writers import second_writer_waits, two_writers

D = datetime.date
DROPPED = "registry_tenantspell"
SPELLS = "SELECT company_id, started_on, ended_on FROM registry_tenantspell ORDER BY 1, 2"


def tables():
    return set(connection.introspection.table_names())


def triggers():
    """Return the names of the database's own triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {name for (name,) in cursor.fetchall()}


def functions():
    """Return the names of the registry's own functions (PostgreSQL; none on SQLite)."""
    if connection.vendor != "postgresql":
        return set()
    with connection.cursor() as cursor:
        cursor.execute("SELECT proname FROM pg_proc WHERE proname LIKE 'registry%%'")
        return {name for (name,) in cursor.fetchall()}


def spells():
    with connection.cursor() as cursor:
        cursor.execute(SPELLS)
        return [(company, str(started), ended and str(ended)) for company, started, ended in cursor]


def migrate(targets):
    MigrationExecutor(connection).migrate(targets)


def before_the_drop():
    """Return the migration the drop follows, whatever number it was given."""
    graph = MigrationExecutor(connection).loader.graph
    (drop,) = [key for key in graph.nodes if key[0] == "registry" and "drop_tenant_spell" in key[1]]
    return [parent for parent in graph.node_map[drop].parents if parent.key[0] == "registry"][0].key


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def spell_triggers():
    return {name for name in triggers() if name.startswith("tenant_spells_")}


def test_the_schema_has_no_spells_table_trigger_or_function_but_keeps_tenancy_city():
    assert DROPPED not in tables()
    assert spell_triggers() == set()
    assert "registry_keep_tenant_spells" not in functions()
    # TenancyCity stays (bench/RESULTS.md), kept by its triggers.
    assert TenancyCity._meta.db_table in tables()
    assert {name for name in triggers() if name.startswith("tenancy_city_")}


@pytest.mark.django_db(transaction=True)
def test_migrating_back_rebuilds_the_spells_and_their_triggers_and_forth_drops_them():
    company, other = CompanyFactory(), CompanyFactory()
    first, second = ParkFactory(city=CityFactory()), ParkFactory()
    # Two overlapping tenancies make one spell; a later one after a gap, another.
    TenancyFactory(company=company, facility=first, started_on=D(2024, 1, 1))
    TenancyFactory(
        company=company, facility=second, started_on=D(2023, 6, 1), ended_on=D(2024, 3, 31)
    )
    TenancyFactory(
        company=other, facility=first, started_on=D(2020, 1, 1), ended_on=D(2020, 12, 31)
    )
    TenancyFactory(company=other, facility=second, started_on=D(2022, 1, 1))
    try:
        migrate([before_the_drop()])
        assert DROPPED in tables()
        assert len(spell_triggers()) == 3
        assert spells() == [
            (company.pk, "2023-06-01", None),
            (other.pk, "2020-01-01", "2020-12-31"),
            (other.pk, "2022-01-01", None),
        ]
        # The triggers are back: a tenancy overlapping both merges the other's two spells.
        TenancyFactory(
            company=other, facility=ParkFactory(), started_on=D(2020, 6, 1), ended_on=D(2022, 3, 1)
        )
        assert spells()[1:] == [(other.pk, "2020-01-01", None)]
    finally:
        migrate(latest())
    assert DROPPED not in tables()
    assert spell_triggers() == set()
    assert "registry_keep_tenant_spells" not in functions()


@two_writers
def test_writers_of_different_companies_tenancies_do_not_wait_for_each_other():
    # TenantSpell's trigger locked the registry version's row: every writer of tenancies waited.
    one, other = ParkFactory(), ParkFactory()
    first, second = CompanyFactory(), CompanyFactory()
    insert = (
        "INSERT INTO registry_tenancy (company_id, facility_id, started_on) VALUES (%s, %s, %s)"
    )

    def write(company, park):
        return lambda writer: writer.execute(insert, [company.pk, park.pk, D(2025, 1, 1)])

    waited, errors = second_writer_waits(write(first, one), write(second, other))

    assert (waited, errors) == (False, [])
