import pytest
from django.core.management import call_command
from django.db import connection

from registry.settings import database


def test_postgresql_connections_turn_jit_off_price_random_reads_as_cached_and_sqlite_is_untouched():
    options = database("postgres://u@db.example/markaz")["OPTIONS"]["options"]
    assert options == "-c jit=off -c random_page_cost=1.1"
    assert "options" not in database("sqlite:///x.sqlite3").get("OPTIONS", {})


@pytest.mark.django_db
def test_the_live_postgresql_connection_runs_without_jit_and_cached_random_reads():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


@pytest.mark.django_db
def test_the_system_checks_of_the_database_are_clean():
    # Warnings too: each one would print on every manage.py command (migrate, runserver).
    call_command("check", databases=["default"], fail_level="WARNING")
