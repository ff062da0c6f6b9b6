import pytest
from django.core.management import call_command
from django.db import connection

from registry.settings import database


def test_postgresql_connections_turn_jit_off_and_sqlite_is_untouched():
    assert database("postgres://u@db.example/markaz")["OPTIONS"]["options"] == "-c jit=off"
    assert "options" not in database("sqlite:///x.sqlite3").get("OPTIONS", {})


@pytest.mark.django_db
def test_the_live_postgresql_connection_runs_without_jit():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.django_db
def test_the_system_checks_of_the_database_are_clean():
    # Warnings too: each one would print on every manage.py command (migrate, runserver).
    call_command("check", databases=["default"], fail_level="WARNING")
