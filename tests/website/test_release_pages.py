"""The calendar files, the speakers and the recordings read only their part of the latest release: the same
bytes on SQLite (the demo's database) as on PostgreSQL, and the same queries at any number of papers."""

import re

import icalendar
import pytest

from sllm.program.models import Session, Slot
from sllm.website import selectors
from tests.perf._common import edition_generate
from tests.sqlite_probe import sqlite_probe
from tests.website import release_pages_probe as probe


def _events(body: str) -> list[tuple]:
    calendar = icalendar.Calendar.from_ical(body)
    return [(str(e["UID"]).split("@")[0], str(e["SUMMARY"]), int(e["SEQUENCE"])) for e in calendar.walk("VEVENT")]


def _speakers(body: str) -> list[tuple]:
    """(name, [(kind label, slot title)]) of each speaker on the page."""
    people = re.findall(r"<h2>([^<]+)</h2>.*?<ul class=\"plain\">(.*?)</ul>", body, re.S)
    return [(name, re.findall(r"<li>([^:<]+): <a [^>]+>([^<]+)</a></li>", slots)) for name, slots in people]


@pytest.mark.django_db
def test_the_calendar_speakers_and_recordings_answer_the_same_on_sqlite_and_postgresql(client, tmp_path):
    probe.seed()
    on_postgresql = {"pages": probe.pages(client), "parts": probe.parts()}
    on_sqlite = sqlite_probe(
        "tests/website/release_pages_probe.py",
        tmp_path=tmp_path,
        STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
    )

    assert on_sqlite == on_postgresql
    pages = {url.removeprefix(f"/{probe.SLUG}/"): page for url, page in on_postgresql["pages"].items()}
    assert [(url, page["status"]) for url, page in pages.items() if page["status"] != 200] == [
        ("schedule/talks/00000000-0000-0002-0000-000000000006.ics", 404),  # the poster session is no talk
        ("schedule/sessions/00000000-0000-0000-0000-000000000007.ics", 404),
    ]
    slots = Slot.objects.filter(session__edition__slug=probe.SLUG).order_by("start", "uid")
    assert _events(pages["schedule.ics"]["body"]) == [(str(s.uid), s.title, 2) for s in slots]
    late = Session.objects.get(edition__slug=probe.SLUG, title="Late afternoon talks")
    assert _events(pages[f"schedule/sessions/{late.uid}.ics"]["body"]) == [
        (str(s.uid), s.title, 2) for s in slots.filter(session=late)
    ]
    talk = slots.get(title="Invited talk 1")
    assert _events(pages[f"schedule/talks/{talk.uid}.ics"]["body"]) == [(str(talk.uid), "Invited talk 1", 2)]
    speakers = _speakers(pages["speakers/"]["body"])
    assert [name for name, _ in speakers] == [
        "Ashwinee Panda",
        "Atlas Wang",
        "Azalia Mirhoseini",
        "Beidi Chen",
        "Dan Alistarh",
        "Fuzhao Xue",
        "Sara Hooker",
        "Shiwei Liu",
        "Vithu Thangarasa",
        "Yani Ioannou",
    ]
    assert speakers[1] == (
        "Atlas Wang",
        [("Invited talk", "Invited talk 1"), ("Closing remarks and awards", "Closing remarks and Award Ceremony")],
    )
    recordings = pages["recordings/"]["body"]
    assert len(re.findall(r'<li class="recording">', recordings)) == 6 + 12  # five invited talks, the panel, 12 orals
    assert re.findall(r'<a href="([^"]+)" rel="noopener external">Watch', recordings) == [
        "https://live.example.org/main",
        "https://vimeo.com/42",
        "https://youtu.be/3",
    ]
    assert on_postgresql["parts"] == {
        "boards": [[2, 1], [2, 3]],
        "hosted": [
            ["opening", ["Yani Ioannou", "Ashwinee Panda"]],
            ["awards", ["Yani Ioannou", "Ashwinee Panda", "Atlas Wang"]],
        ],
        "panels": [
            str(uid) for uid in slots.filter(kind=Slot.Kind.PANEL).order_by("uid").values_list("uid", flat=True)
        ],
    }
    assert len(on_postgresql["parts"]["panels"]) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("papers", [20, 60])
def test_the_calendar_speakers_and_recordings_run_the_same_queries_at_any_size(papers, django_assert_num_queries):
    edition = edition_generate(f"queries-{papers}", papers=papers)
    talk = Slot.objects.select_related("session", "paper").filter(session__edition=edition, kind="oral").last()
    slots = Slot.objects.filter(session__edition=edition).count()
    with django_assert_num_queries(1):
        assert len(selectors.calendar_release(edition=edition).slots) == slots
    with django_assert_num_queries(1):
        session = selectors.calendar_release(edition=edition, session_uid=str(talk.session.uid)).slots
    assert str(talk.uid) in [s["uid"] for s in session]
    with django_assert_num_queries(1):
        assert selectors.talk_release(edition=edition, uid=str(talk.uid)).talk["paper"]["number"] == talk.paper.number
    with django_assert_num_queries(2):
        assert len(selectors.speakers_public(edition=edition)) == 10
    with django_assert_num_queries(3):
        assert len(selectors.recordings_public(edition=edition)["talks"]) == 6 + papers // 2
