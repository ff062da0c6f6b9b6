"""TenantSpell, each company's tenancies merged where they overlap, kept by the database.

Every test compares the kept spells with spells merged in Python from the tenancies themselves.
"""

import datetime
from collections import defaultdict

import pytest
from django.db import connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from registry.models import Tenancy, TenantSpell
from registry.models.changes import bump_registry_version
from tests.factories import CompanyFactory, ParkFactory, TenancyFactory
from tests.registry.writers import ANY_WRITES, second_writer_waits, two_writers, write_sequences

D = datetime.date


def worked_out():
    """Return {company: [(started, ended)]}, the tenancies merged where they overlap."""
    spells = defaultdict(list)
    tenancies = Tenancy.objects.order_by("company", "started_on")
    for company, started, ended in tenancies.values_list("company", "started_on", "ended_on"):
        runs = spells[company]
        if runs and (runs[-1][1] is None or started <= runs[-1][1]):
            first, last = runs[-1]
            runs[-1] = (first, None if ended is None or last is None else max(last, ended))
        else:
            runs.append((started, ended))
    return dict(spells)


def kept():
    spells = defaultdict(list)
    rows = TenantSpell.objects.order_by("company", "started_on")
    for company, started, ended in rows.values_list("company", "started_on", "ended_on"):
        spells[company].append((started, ended))
    return dict(spells)


def test_overlapping_tenancies_anywhere_make_one_spell_and_a_gap_two():
    company = CompanyFactory()
    TenancyFactory(company=company, started_on=D(2020, 1, 1), ended_on=D(2020, 12, 31))
    TenancyFactory(company=company, started_on=D(2020, 12, 31), ended_on=D(2021, 6, 30))
    TenancyFactory(company=company, started_on=D(2021, 7, 1), ended_on=D(2021, 8, 31))
    TenancyFactory(company=company, started_on=D(2023, 1, 1))
    TenancyFactory(company=company, started_on=D(2024, 1, 1), ended_on=D(2024, 2, 1))

    assert kept() == worked_out()
    assert kept()[company.pk] == [
        (D(2020, 1, 1), D(2021, 6, 30)),  # the second starts on the first's last day
        (D(2021, 7, 1), D(2021, 8, 31)),  # the next day: a spell of its own, never counted twice
        (D(2023, 1, 1), None),  # runs on, and covers the one inside it
    ]


def test_edits_and_deletes_rework_the_spells_of_both_companies():
    first, second = CompanyFactory(), CompanyFactory()
    tenancy = TenancyFactory(company=first, started_on=D(2020, 1, 1), ended_on=D(2020, 6, 30))
    TenancyFactory(company=first, started_on=D(2021, 1, 1))
    TenancyFactory(company=second, started_on=D(2020, 3, 1), ended_on=D(2020, 9, 30))

    tenancy.ended_on = D(2021, 3, 1)
    tenancy.save()
    assert kept() == worked_out()
    assert kept()[first.pk] == [(D(2020, 1, 1), None)]

    tenancy.company = second
    tenancy.save()
    assert kept() == worked_out()
    assert kept()[second.pk] == [(D(2020, 1, 1), D(2021, 3, 1))]

    second.delete()
    Tenancy.objects.filter(company=first).delete()
    assert kept() == worked_out() == {}


def test_writes_that_send_no_signals_are_followed_too():
    parks, company = ParkFactory.create_batch(3), CompanyFactory()
    Tenancy.objects.bulk_create(
        Tenancy(facility=parks[n], company=company, started_on=D(2020 + n, 1, 1),
                ended_on=D(2020 + n, 6, 30))
        for n in range(3)
    )  # fmt: skip
    assert kept() == worked_out()

    Tenancy.objects.filter(started_on__year=2021).update(ended_on=D(2022, 2, 1))
    assert kept() == worked_out()
    assert kept()[company.pk] == [(D(2020, 1, 1), D(2020, 6, 30)), (D(2021, 1, 1), D(2022, 6, 30))]

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM registry_tenancy WHERE started_on = %s", [D(2020, 1, 1)])
    assert kept() == worked_out()


def test_current_tenants_count_each_company_once_wherever_it_rents():
    from centres.selectors import headline_figures

    both, once = CompanyFactory(), CompanyFactory()
    first, second = ParkFactory(), ParkFactory()
    TenancyFactory(facility=first, company=both, started_on=D(2024, 1, 1))
    TenancyFactory(facility=second, company=both, started_on=D(2025, 1, 1))
    TenancyFactory(facility=first, company=once, started_on=D(2025, 1, 1), ended_on=D(2025, 6, 1))
    TenancyFactory(facility=second, company=CompanyFactory(), started_on=D(2025, 6, 2))

    def tenants(day):
        return headline_figures(as_of=day).current_tenants

    assert [tenants(day) for day in (D(2024, 6, 1), D(2025, 6, 1), D(2025, 6, 2))] == [1, 2, 2]


# Random sequences of writes on four tenancies, one at each of four parks, held by two
# companies, each checked after every write: spells that merge, split, grow, move and vanish.
writes = write_sequences(
    ["save", "update", "move", "delete"], st.integers(0, 3), st.integers(0, 11)
)


@pytest.mark.django_db
class TestAnyWrites:
    @pytest.fixture
    def world(self):
        return ParkFactory.create_batch(4), CompanyFactory.create_batch(2)

    @ANY_WRITES
    @given(writes=writes)
    def test_any_sequence_of_writes_keeps_every_spell_right(self, world, writes):
        parks, companies = world
        with transaction.atomic():
            for action, which, months in writes:
                # Tenancy n starts in month 4n of 2020 and runs on, or for some months.
                started = D(2020 + which // 3, 1 + 4 * (which % 3), 1)
                ended = None if months == 11 else started + datetime.timedelta(days=30 * months)
                tenancies = Tenancy.objects.filter(facility=parks[which])
                if action == "save":
                    Tenancy.objects.update_or_create(
                        facility=parks[which],
                        defaults={
                            "company": companies[months % 2],
                            "started_on": started,
                            "ended_on": ended,
                        },
                    )
                elif action == "update":
                    tenancies.update(ended_on=ended)
                elif action == "move":
                    tenancies.update(company=companies[months % 2])
                else:
                    tenancies.delete()
                assert kept() == worked_out()
            transaction.set_rollback(True)


@two_writers
def test_two_writers_of_one_companys_tenancies_take_turns_and_end_in_one_spell():
    company, parks = CompanyFactory(), ParkFactory.create_batch(2)
    bump_registry_version()  # the row writers take turns on, as in any migrated database

    def insert(park, started, ended):
        def write(connection):
            connection.execute(
                "INSERT INTO registry_tenancy (company_id, facility_id, started_on, ended_on)"
                " VALUES (%s, %s, %s, %s)",
                [company.pk, park.pk, started, ended],
            )

        return write

    waited, errors = second_writer_waits(
        insert(parks[0], D(2020, 1, 1), D(2020, 12, 31)), insert(parks[1], D(2020, 6, 1), None)
    )

    assert waited, "the second writer should wait for the first"
    assert errors == []
    assert kept() == worked_out() == {company.pk: [(D(2020, 1, 1), None)]}
