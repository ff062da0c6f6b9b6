"""TenancyCity, each tenancy with its facility's city, kept by the database: never stale.

Every test compares the kept rows with the tenancies and their facilities' cities themselves.
"""

import datetime

import pytest
from django.db import connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from registry.models import City, Facility, Tenancy, TenancyCity
from tests.factories import CityFactory, CompanyFactory, ParkFactory, TenancyFactory
from tests.registry.writers import ANY_WRITES, second_writer_waits, two_writers, write_sequences

JAN, JUN = datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)


def worked_out():
    """Return {tenancy id: (city, company, started, ended)} from the tenancies and facilities."""
    return {
        tenancy.pk: (
            tenancy.facility.city_id,
            tenancy.company_id,
            tenancy.started_on,
            tenancy.ended_on,
        )
        for tenancy in Tenancy.objects.select_related("facility")
    }


def kept():
    return {
        row.tenancy_id: (row.city_id, row.company_id, row.started_on, row.ended_on)
        for row in TenancyCity.objects.all()
    }


def test_a_new_tenancy_is_kept_with_its_facilitys_city():
    tenancy = TenancyFactory(started_on=JAN)

    assert (
        kept()
        == worked_out()
        == {tenancy.pk: (tenancy.facility.city_id, tenancy.company_id, JAN, None)}
    )


def test_edits_of_a_tenancy_are_followed_to_another_facility_and_city():
    tenancy = TenancyFactory(started_on=JAN)
    elsewhere = ParkFactory(city=CityFactory())

    tenancy.ended_on = JUN
    tenancy.company = CompanyFactory()
    tenancy.facility = elsewhere
    tenancy.save()

    assert kept() == worked_out()
    assert kept()[tenancy.pk][0] == elsewhere.city_id


def test_a_facility_moving_to_another_city_moves_its_tenancies():
    park, other = ParkFactory(), ParkFactory()
    TenancyFactory.create_batch(2, facility=park)
    TenancyFactory(facility=other)
    second, third = CityFactory(), CityFactory()

    park.city = second
    park.save()
    assert kept() == worked_out()

    Facility.objects.filter(pk__in=[park.pk, other.pk]).update(city=third)
    assert kept() == worked_out()
    assert {city for city, *_ in kept().values()} == {third.pk}


def test_deleting_tenancies_companies_and_facilities_deletes_their_rows():
    kept_one = TenancyFactory()
    TenancyFactory().delete()
    TenancyFactory().company.delete()
    park = ParkFactory()
    TenancyFactory(facility=park)
    park.delete()

    assert kept() == worked_out()
    assert list(kept()) == [kept_one.pk]


def test_writes_that_send_no_signals_are_followed_too():
    park, company = ParkFactory(), CompanyFactory()
    Tenancy.objects.bulk_create(
        Tenancy(facility=park, company=company, started_on=datetime.date(2020 + n, 1, 1),
                ended_on=datetime.date(2020 + n, 6, 30))
        for n in range(3)
    )  # fmt: skip
    assert kept() == worked_out()

    Tenancy.objects.filter(started_on__year=2020).update(
        facility=ParkFactory(city=CityFactory()), ended_on=None
    )
    assert kept() == worked_out()

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE registry_tenancy SET started_on = %s WHERE started_on = %s",
            [datetime.date(2021, 2, 1), datetime.date(2021, 1, 1)],
        )
        cursor.execute(
            "DELETE FROM registry_tenancy WHERE started_on = %s", [datetime.date(2022, 1, 1)]
        )
    assert kept() == worked_out()
    assert len(kept()) == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's overlap check refuses a renumbered row"
)
def test_a_tenancy_renumbered_by_raw_sql_keeps_one_row_under_its_new_number():
    tenancy = TenancyFactory()

    with connection.cursor() as cursor:
        cursor.execute("UPDATE registry_tenancy SET id = id + 1000 WHERE id = %s", [tenancy.pk])

    assert kept() == worked_out()
    assert list(kept()) == [tenancy.pk + 1000]


def test_a_citys_current_tenants_count_each_company_once_wherever_it_rents():
    city = CityFactory()
    both, once = CompanyFactory(), CompanyFactory()
    first, second = ParkFactory(city=city), ParkFactory(city=city)
    TenancyFactory(facility=first, company=both)
    TenancyFactory(facility=second, company=both)
    TenancyFactory(facility=first, company=once)
    TenancyFactory(facility=second, company=CompanyFactory(), ended_on=datetime.date(2024, 6, 1))

    assert City.objects.with_figures().get(pk=city.pk).current_tenants == 2

    second.city = CityFactory()
    second.save()
    figures = {c.pk: c.current_tenants for c in City.objects.with_figures()}
    assert (figures[city.pk], figures[second.city_id]) == (2, 1)


# Random sequences of writes on three tenancies, three parks in two cities, each checked after
# every write.
writes = write_sequences(
    ["save", "update", "move-facility", "move-park", "delete"], st.integers(0, 2), st.integers(0, 2)
)


@pytest.mark.django_db
class TestAnyWrites:
    @pytest.fixture
    def world(self):
        cities = CityFactory.create_batch(2)
        parks = [ParkFactory(city=cities[n % 2]) for n in range(3)]
        return cities, parks, CompanyFactory()

    @ANY_WRITES
    @given(writes=writes)
    def test_any_sequence_of_writes_keeps_every_tenancy_right(self, world, writes):
        cities, parks, company = world
        with transaction.atomic():
            for action, which, where in writes:
                # One tenancy a year: the company's tenancies never overlap, wherever they are.
                started = datetime.date(2020 + which, 1, 1)
                tenancies = Tenancy.objects.filter(company=company, started_on=started)
                if action == "save":
                    Tenancy.objects.update_or_create(
                        company=company,
                        started_on=started,
                        defaults={"facility": parks[where], "ended_on": started.replace(month=6)},
                    )
                elif action == "update":
                    tenancies.update(ended_on=datetime.date(2020 + which, 6, where + 1))
                elif action == "move-facility":
                    tenancies.update(facility=parks[where])
                elif action == "move-park":
                    Facility.objects.filter(pk=parks[which].pk).update(city=cities[where % 2])
                else:
                    tenancies.delete()
                assert kept() == worked_out()
            transaction.set_rollback(True)


@two_writers
@pytest.mark.parametrize("tenancy_first", [True, False], ids=["tenancy-move", "move-tenancy"])
def test_a_new_tenancy_and_its_facilitys_move_take_turns_and_end_in_the_new_city(tenancy_first):
    park, company, elsewhere = ParkFactory(), CompanyFactory(), CityFactory()

    def insert(connection):
        connection.execute(
            "INSERT INTO registry_tenancy (company_id, facility_id, started_on)"
            " VALUES (%s, %s, %s)",
            [company.pk, park.pk, JAN],
        )

    def move(connection):
        connection.execute(
            "UPDATE registry_facility SET city_id = %s WHERE id = %s", [elsewhere.pk, park.pk]
        )

    waited, errors = second_writer_waits(*((insert, move) if tenancy_first else (move, insert)))

    assert waited, "the second writer should wait for the first"
    assert errors == []
    assert kept() == worked_out()
    assert [city for city, *_ in kept().values()] == [elsewhere.pk]
