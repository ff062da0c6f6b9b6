"""What the tests of copies the database keeps share: random writes, checked by hypothesis, and
two writers on connections of their own, the second writing while the first has not committed.
"""

import threading

import pytest
from django.db import connection
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Thirty random sequences of writes, each in a transaction the test rolls back.
ANY_WRITES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def write_sequences(actions, *arguments):
    """Return lists of up to twelve writes: one of the actions, with values of the arguments."""
    return st.lists(st.tuples(st.sampled_from(actions), *arguments), max_size=12)


def two_writers(test):
    """Mark a test of two writers: PostgreSQL only, on committed transactions."""
    for mark in (
        pytest.mark.django_db(transaction=True),
        pytest.mark.skipif(
            connection.vendor != "postgresql", reason="SQLite has one writer at a time"
        ),
    ):
        test = mark(test)
    return test


def second_writer_waits(first, second):
    """Run first(connection) on a new connection to the test database, then, in a thread,
    second(connection) and a commit on another; commit the first half a second later.

    Return whether the second was still waiting when the first committed, and the errors the
    second raised. Both connections are closed whatever happens: an open transaction would hold
    up the flush after the test.
    """
    import psycopg

    database = connection.settings_dict
    connections = [
        psycopg.connect(
            host=database["HOST"], port=database["PORT"], user=database["USER"],
            dbname=database["NAME"],
        )
        for _ in range(2)
    ]  # fmt: skip
    errors = []

    def write_second():
        try:
            second(connections[1])
            connections[1].commit()
        except Exception as error:  # returned to the test's thread
            errors.append(error)

    try:
        first(connections[0])
        writer = threading.Thread(target=write_second)
        writer.start()
        writer.join(timeout=0.5)
        waited = writer.is_alive()
        connections[0].commit()
        writer.join(timeout=10)
    finally:
        for each in connections:
            each.close()
    return waited, errors
