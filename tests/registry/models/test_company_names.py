"""Near-duplicate company names (SPEC §5, issue 20 item 7): stems, the one rule, and the query
that finds a name's near companies, which must answer alike on SQLite and PostgreSQL."""

import importlib

import pytest

from registry.models import Company, normalise_company_name
from registry.models.company_names import (
    NamedCompany,
    NameIndex,
    company_name_stem,
    names_are_near,
)
from registry.models.merges import near_companies
from tests.factories import CompanyFactory

NEAR = [
    # The pairs.
    ("Acme Soft", "Acme Software (Pvt) Ltd"),
    ("Acme Soft (Pvt) Ltd", "ACME SOFT PRIVATE LIMITED"),
    ("Bolan Cyber Systems", "Bolan Cyber-Systems SMC"),
    # Ours.
    ("Bolan CyberSystems", "Bolan Cyber Systems"),
    ("ＡＣＭＥ Soft", "Acme Soft SMC-Private"),
    ("A.C.M.E. Soft", "Acme Soft"),
    ("Zaitoon Tech", "Zaitoon Technologies Private Limited"),
    ("Indus Soft Solutions", "Indus Solutions Soft (Pvt.) Ltd."),
    ("Margalla Softwear", "Margalla Software"),
    ("Khyber Labs", "Khyber Labs International"),
    ("Noor Data Inc.", "Noor Data LLC"),
]
APART = [
    # The pairs.
    ("Acme Soft", "Apex Soft"),
    ("Lahore Digital", "Karachi Digital"),
    # Ours.
    ("Acme Soft", "Acme Sweets"),
    ("Ali Tech", "Alina Tech"),
    ("Indus Soft", "Indus Games"),
    ("Acme Soft Lahore", "Acme Soft Karachi"),
    ("Pixel Studio 7", "Pixel Studio 9"),
    ("Acme S", "Acme Software"),
    ("Soft Acme", "Acme Soft"),
]


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Acme Software (Pvt) Ltd", "acme software"),
        ("ACME SOFT PRIVATE LIMITED", "acme soft"),
        ("Bolan Cyber-Systems SMC", "bolan cyber systems"),
        ("Acme Soft SMC-Private Limited", "acme soft"),
        ("  ＡＣＭＥ   Soft (Private) ", "acme soft"),
        ("Ali's Data Corp.", "alis data"),
        # One word is always kept, even a legal one.
        ("Limited", "limited"),
        ("Private Ltd", "private"),
        # A legal word inside a name is part of it.
        ("Pvt Works Lahore", "pvt works lahore"),
    ],
)
def test_a_stem_folds_case_width_and_punctuation_and_drops_trailing_legal_words(name, stem):
    assert company_name_stem(name) == stem


@pytest.mark.parametrize(("first", "second"), NEAR)
def test_near_names_are_near_both_ways(first, second):
    assert names_are_near(first, second)
    assert names_are_near(second, first)


@pytest.mark.parametrize(("first", "second"), APART)
def test_names_apart_are_not_near_either_way(first, second):
    assert not names_are_near(first, second)
    assert not names_are_near(second, first)


def test_the_stem_is_stored_by_save_and_by_clean():
    company = CompanyFactory(name="Acme Software (Pvt) Ltd")
    assert Company.objects.get(pk=company.pk).name_stem == "acme software"

    company.name = "Acme Soft SMC"
    company.full_clean()
    assert company.name_stem == "acme soft"


@pytest.mark.parametrize(("first", "second"), NEAR + APART)
def test_the_database_finds_exactly_the_near_names_both_ways(first, second):
    stored = CompanyFactory(name=first)
    others = [CompanyFactory(name=name) for name in ("Zzz Unrelated", "Qalam Works")]

    found = near_companies(second)

    expected = [stored] if names_are_near(first, second) else []
    assert found == expected
    assert not set(found) & set(others)


def test_the_database_and_the_map_agree_on_every_pair():
    by_key = {normalise_company_name(name): name for pair in NEAR + APART for name in pair}
    names = sorted(by_key.values())
    companies = [CompanyFactory(name=name) for name in names]
    index = NameIndex(NamedCompany(c.pk, c.name, c.slug, c.name_stem) for c in companies)

    for company in companies:
        by_query = [c.pk for c in near_companies(company.name, exclude_pk=company.pk)]
        by_map = [entry.key for entry in index.near(company.name_stem, exclude=company.pk)]
        by_rule = [
            other.pk
            for other in sorted(companies, key=lambda c: (c.name, c.slug))
            if other.pk != company.pk and names_are_near(company.name, other.name)
        ]
        assert by_query == by_map == by_rule, company.name


def test_a_one_letter_first_word_is_found_like_the_joined_name():
    stored = CompanyFactory(name="A Bcd Soft")

    assert near_companies("ABcd Soft") == [stored]
    assert near_companies("Abcd-Soft Pvt Ltd") == [stored]


def test_the_migration_gives_stored_companies_and_their_history_their_stems():
    from django.apps import apps

    migration = importlib.import_module("registry.migrations.0022_company_name_stem")
    company = CompanyFactory(name="Bolan Cyber-Systems SMC")
    Company.objects.update(name_stem="")
    Company.history.update(name_stem="")

    migration.fill_name_stems(apps, None)

    assert Company.objects.get(pk=company.pk).name_stem == "bolan cyber systems"
    assert set(Company.history.values_list("name_stem", flat=True)) == {"bolan cyber systems"}
