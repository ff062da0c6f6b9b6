"""/changes.atom (SPEC §4.4): the latest 50 public changes, newest first, as a valid Atom feed,
never naming who made a change nor why."""

import datetime
import re
from xml.etree import ElementTree

import feedparser
import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from centres.models import Target
from registry.models import CentreStatus, ParkStatus
from tests.factories import CentreFactory, ParkFactory, TargetFactory

ATOM = "{http://www.w3.org/2005/Atom}"
# RFC 3339 date-times, as Atom 1.0 (RFC 4287 §3.3) requires them.
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def later(minutes):
    """Move the clock on, so each change has a time of its own."""
    return time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes), tick=False)


def feed_bytes(client, path=None):
    response = client.get(path or reverse("changes-feed"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return response.content


def titles(client):
    return [entry.title for entry in feedparser.parse(feed_bytes(client)).entries]


@pytest.fixture
def history():
    """A park added, a centre added then launched then closed, a target added then changed,
    and edits the public does not see; the edits name a user and a reason."""
    clerk = User.objects.create_user("clerk-zubair")
    park = ParkFactory(name="STP Multan", status=ParkStatus.PLANNED)
    with later(1):
        centre = CentreFactory(name="ERC Sukkur", status=CentreStatus.APPROVED, opened_on=None)
    with later(2):
        centre.status, centre.opened_on = CentreStatus.OPERATIONAL, datetime.date(2026, 1, 5)
        centre._history_user, centre._change_reason = clerk, "phoned by the director"
        centre.save()
    with later(3):
        centre.seats = 44  # not a public change
        centre.save()
    with later(4):
        target = TargetFactory(value=50, fiscal_year=2027)
    with later(5):
        target.value = 60
        target._change_reason = "budget cut memo 12/B"
        target.save()
    with later(6):
        park.address = "New address"  # not a public change
        park.save()
    with later(7):
        centre.status, centre.closed_on = CentreStatus.CLOSED, datetime.date(2026, 11, 1)
        centre.save()
    return {"park": park, "centre": centre, "target": target}


def test_it_lists_the_public_changes_newest_first(client, history):
    assert titles(client) == [
        "Centre closed: ERC Sukkur",
        "Target changed: Centres operational: 60 by the end of FY2027 (2026-27) "
        "(Federal e-Rozgaar centres (2024–))",
        "Target added: Centres operational: 50 by the end of FY2027 (2026-27) "
        "(Federal e-Rozgaar centres (2024–))",
        "Centre launched: ERC Sukkur",
        "Centre added: ERC Sukkur",
        "Park added: STP Multan",
    ]


def test_a_status_change_says_from_what_to_what(client):
    centre = CentreFactory(name="ERC Gilgit", status=CentreStatus.PROPOSED, opened_on=None)
    with later(1):
        centre.status = CentreStatus.APPROVED
        centre.save()

    assert titles(client)[0] == "ERC Gilgit: status changed from Proposed to Approved"


def test_it_never_names_who_changed_a_record_or_why(client, history):
    body = feed_bytes(client)

    for secret in ("clerk-zubair", "phoned by the director", "budget cut memo"):
        assert secret.encode() not in body


def test_it_is_a_valid_atom_feed(client, history):
    body = feed_bytes(client)

    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    root = ElementTree.fromstring(body)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}").text.strip()
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Markaz"
    self_links = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert [link.get("href") for link in self_links] == ["http://testserver/changes.atom"]
    entries = root.findall(f"{ATOM}entry")
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(ids) == len(set(ids)) == 6
    assert all(re.fullmatch(r"tag:[a-z0-9.-]+,\d{4}-\d\d-\d\d:changes/\w+/\d+", i) for i in ids), (
        ids
    )
    for entry in entries:
        assert entry.find(f"{ATOM}title").text.strip()
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")
    for updated in root.iter(f"{ATOM}updated"):
        assert RFC3339.match(updated.text), updated.text
    assert root.find(f"{ATOM}updated").text == entries[0].find(f"{ATOM}updated").text


def test_entry_ids_and_times_stay_the_same_on_another_request(client, history):
    first = feedparser.parse(feed_bytes(client)).entries
    with later(30):
        again = feedparser.parse(feed_bytes(client)).entries

    assert [(e.id, e.updated) for e in again] == [(e.id, e.updated) for e in first]


def test_entries_link_to_the_records_pages(client, history):
    links = [entry.link for entry in feedparser.parse(feed_bytes(client)).entries]

    centre = "http://testserver" + reverse("centre-detail", args=[history["centre"].slug])
    park = "http://testserver" + reverse("park-detail", args=[history["park"].slug])
    target = "http://testserver" + reverse("progress") + f"#target-{history['target'].pk}"
    assert links == [centre, target, target, centre, centre, park]


def test_it_holds_the_latest_50_changes(client):
    for number in range(53):
        with later(number):
            ParkFactory(name=f"Park {number:02d}")

    shown = titles(client)

    assert len(shown) == 50
    assert shown[0] == "Park added: Park 52" and shown[-1] == "Park added: Park 03"


def test_a_target_removed_leaves_its_entries_linking_to_the_tracker(client):
    target = TargetFactory()
    Target.objects.filter(pk=target.pk).delete()

    (entry,) = feedparser.parse(feed_bytes(client)).entries
    assert entry.link == "http://testserver" + reverse("progress")


def test_the_overview_names_the_feed_in_its_head(client):
    head = client.get(reverse("overview")).content.decode().split("</head>")[0]

    assert (
        f'<link rel="alternate" type="application/atom+xml" href="{reverse("changes-feed")}"'
        in head
    )


def test_the_urdu_feed_speaks_urdu_under_ids_of_its_own(client):
    ParkFactory(name="STP Quetta", name_ur="ایس ٹی پی کوئٹہ")

    urdu = feedparser.parse(feed_bytes(client, "/ur/changes.atom"))
    english = feedparser.parse(feed_bytes(client, "/changes.atom"))

    assert urdu.feed.language == "ur"
    assert "ایس ٹی پی کوئٹہ" in urdu.entries[0].title
    assert urdu.feed.id != english.feed.id
    assert urdu.entries[0].id != english.entries[0].id
