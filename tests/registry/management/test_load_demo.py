"""load_demo (make run, make demo): the demo goes only into an empty registry unless confirmed."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import transaction

from registry.models import City, Operator, Park, WorkforceReport
from tests.factories import OperatorFactory
from tests.registry.bulk_files import snapshot

DEMO_PARK = "arfa-software-technology-park"


def load_demo(*options, answer=None, monkeypatch=None):
    """Run load_demo, answering its question if asked; return its output."""
    if monkeypatch is not None:
        asked = []

        def reply(prompt):
            asked.append(prompt)
            if answer is None:
                raise EOFError
            return answer

        monkeypatch.setattr("builtins.input", reply)
    out = io.StringIO()
    call_command("load_demo", *options, stdout=out)
    return out.getvalue()


@pytest.fixture
def never_asked(monkeypatch):
    def fail(prompt):
        raise AssertionError(f"load_demo asked: {prompt}")

    monkeypatch.setattr("builtins.input", fail)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module's last tests, each in its own nested transaction."""
    # Tests that need an empty registry come first in this file: this load lasts to its end.
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo("--if-empty")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def edited_demo(demo, never_asked):
    """The demo with one park renamed, as a clerk would."""
    park = Park.objects.get(slug=DEMO_PARK)
    park.name = "Arfa Tower (corrected)"
    park.save()
    return park


def test_it_loads_the_demo_into_a_registry_holding_only_users_and_fixed_lists(never_asked):
    User.objects.create_superuser("admin", password="Correct-Horse-7")

    out = load_demo("--if-empty")

    assert "parks.csv: 23 new, 0 updated, 0 unchanged" in out
    assert out.splitlines()[-1] == "Loaded the demo registry (fictional data)."
    assert Park.objects.filter(slug=DEMO_PARK).exists()
    assert WorkforceReport.objects.filter(source__startswith="Demo data").exists()


def test_make_run_leaves_a_registry_holding_data_as_it_is_and_says_so(never_asked):
    OperatorFactory(slug="psca", name="Punjab Safe Cities Authority")
    before = snapshot()

    out = load_demo("--if-empty")

    assert out == (
        "The registry already holds data (1 operator), so the demo was not loaded: nothing was "
        "changed. `make demo` reloads it.\n"
    )
    assert snapshot() == before
    assert not City.objects.exists()


def test_if_empty_and_force_cannot_be_given_together():
    with pytest.raises(CommandError, match="not allowed with argument"):
        load_demo("--if-empty", "--force")


def test_make_run_keeps_a_clerks_correction_to_the_demo(edited_demo):
    out = load_demo("--if-empty")

    assert "already holds data (6 operators, 2 programmes, 44 cities, 23 software" in out
    assert Park.objects.get(slug=DEMO_PARK).name == "Arfa Tower (corrected)"


def test_a_reload_asks_first_and_a_no_changes_nothing(edited_demo, monkeypatch):
    before = snapshot()

    out = load_demo(answer="n", monkeypatch=monkeypatch)

    assert "overwriting edits made since; rows you added are kept." in out
    assert out.endswith("Nothing was loaded.\n")
    assert snapshot() == before


def test_a_reload_without_an_answer_changes_nothing(edited_demo, monkeypatch):
    out = load_demo(monkeypatch=monkeypatch)

    assert out.endswith("Nothing was loaded.\n")
    assert Park.objects.get(slug=DEMO_PARK).name == "Arfa Tower (corrected)"


def test_a_confirmed_reload_gives_the_demo_rows_their_demo_values_back(edited_demo, monkeypatch):
    added = OperatorFactory(slug="psca", name="Punjab Safe Cities Authority")

    out = load_demo(answer="y", monkeypatch=monkeypatch)

    assert "parks.csv: 0 new, 1 updated, 22 unchanged" in out
    assert Park.objects.get(slug=DEMO_PARK).name == "Arfa Software Technology Park"
    assert Operator.objects.filter(pk=added.pk).exists()
    latest = Park.objects.get(slug=DEMO_PARK).history.first()
    assert latest.history_change_reason == "Loaded from parks.csv by import_registry"


def test_force_reloads_without_asking(edited_demo):
    out = load_demo("--force")

    assert "parks.csv: 0 new, 1 updated, 22 unchanged" in out
    assert Park.objects.get(slug=DEMO_PARK).name == "Arfa Software Technology Park"
