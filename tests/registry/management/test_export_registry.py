import io

import pytest
from django.core.management import CommandError, call_command

from centres.models import Centre, Programme, Target
from registry.models import City, Company, Operator, Park, Tenancy, WorkforceReport
from tests.registry.bulk_files import FILES, MODELS, run, snapshot, write_all

NAMES = list(FILES)


@pytest.fixture(autouse=True)
def registry(tmp_path):
    """The registry loaded from the nine files of bulk_files.FILES."""
    (tmp_path / "in").mkdir()
    _, err, error = run(*write_all(tmp_path / "in"))
    assert error is None, err


def export(directory):
    """Run export_registry into the directory; return its output and the files' bytes by name."""
    out = io.StringIO()
    call_command("export_registry", str(directory), stdout=out)
    return out.getvalue(), {name: (directory / name).read_bytes() for name in NAMES}


def empty_the_registry():
    for model in (Target, WorkforceReport, Tenancy, Company, Centre, Park, Programme, City):
        model.objects.all().delete()
    Operator.objects.all().delete()


def test_it_writes_the_nine_files_with_a_bom_a_header_and_sorted_rows(tmp_path):
    out, files = export(tmp_path / "out")

    assert out.splitlines()[0] == "operators.csv: 2 rows"
    assert len(out.splitlines()) == 9
    for name, data in files.items():
        assert data.startswith(b"\xef\xbb\xbf"), name
        header = data.decode("utf-8-sig").splitlines()[0]
        assert header == FILES[name].splitlines()[0], name
    operators = files["operators.csv"].decode("utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in operators[1:]] == ["pitb", "pseb"]
    workforce = files["workforce.csv"].decode("utf-8-sig").splitlines()
    assert workforce[1:] == [
        "erc-lahore,2024-10,60,20,,",
        "stp-islamabad,2024-09,400,90,census,2024-10-12",
    ]
    companies = files["companies.csv"].decode("utf-8-sig").splitlines()
    assert companies[1] == "acme,Acme Soft,0012345,1234567-8,ites;software,2010,https://acme.pk"
    assert companies[2] == 'beta,"Beta ""Labs""",,,,,'
    cities = files["cities.csv"].decode("utf-8-sig").splitlines()
    assert cities[1] == "islamabad,Islamabad,IS,33.7215,73.0433,اسلام آباد"
    programmes = files["programmes.csv"].decode("utf-8-sig").splitlines()
    assert programmes[1:] == [
        "federal-e-rozgaar,Federal e-Rozgaar centres (2024–),pseb,وفاقی ای روزگار سینٹرز (2024–)",
        "punjab-e-rozgaar,Punjab e-Rozgaar (2017–),pitb,",
    ]
    parks = files["parks.csv"].decode("utf-8-sig").splitlines()
    assert parks[1] == (
        "arfa,Arfa Software Technology Park,pitb,lahore,,planned,,,,,,,"
        "ارفع سافٹ ویئر ٹیکنالوجی پارک"
    )
    centres = files["centres.csv"].decode("utf-8-sig").splitlines()
    assert centres[1].endswith(",50,,,ای روزگار سینٹر لاہور")
    assert centres[2].endswith(",30,31.5,74.3,")
    targets = files["targets.csv"].decode("utf-8-sig").splitlines()
    assert targets[1] == (
        "centres_operational,50,2025,federal-e-rozgaar,,Pakistan Economic Survey 2024-25"
    )


def test_an_export_reimports_to_the_same_registry_and_exports_byte_identical(tmp_path):
    _, first = export(tmp_path / "first")
    counts = {model: model.objects.count() for model in MODELS}
    empty_the_registry()

    out, err, error = run(*sorted(str(path) for path in (tmp_path / "first").iterdir()))
    _, second = export(tmp_path / "second")

    assert error is None, err
    assert second == first
    assert {model: model.objects.count() for model in MODELS} == counts


def test_importing_an_export_changes_nothing(tmp_path):
    export(tmp_path / "out")
    before = snapshot()

    out, err, error = run(*sorted(str(path) for path in (tmp_path / "out").iterdir()))

    assert error is None, err
    assert all(line.endswith(" 0 new, 0 updated, 2 unchanged") for line in out.splitlines())
    assert snapshot() == before


def test_two_exports_of_the_same_registry_are_byte_identical(tmp_path):
    _, first = export(tmp_path / "first")
    _, second = export(tmp_path / "second")

    assert first == second
    assert all(len(data) > 3 for data in first.values())


def test_a_directory_that_cannot_be_written_is_refused_clearly(tmp_path):
    (tmp_path / "taken").write_text("a file, not a directory")

    with pytest.raises(CommandError, match="Cannot write the files into .*taken"):
        call_command("export_registry", str(tmp_path / "taken"), stdout=io.StringIO())
