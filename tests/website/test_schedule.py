import icalendar
import pytest
from django.urls import reverse

from sllm.program import services
from sllm.program.models import Slot
from tests.program.factories import at
from tests.website.helpers import released_program

pytestmark = pytest.mark.django_db


def times(response):
    return [
        (s["title"], s["start_local"].strftime("%H:%M"), s["end_local"].strftime("%H:%M"))
        for s in response.context["schedule"]["slots"]
    ]


def test_schedule_shows_the_edition_zone_by_default(client, edition, main_track):
    released_program(edition, main_track)
    response = client.get(reverse("website:schedule", args=[edition.slug]))
    assert (response.status_code, response.context["zone_name"]) == (200, "Africa/Lagos")
    assert times(response) == [
        ("Poster session 1", "11:00", "12:00"),
        ("Invited talk 1", "13:00", "13:35"),
        ("Oral paper 0", "13:35", "13:55"),
    ]
    assert b'<time datetime="2026-04-27T12:00:00+00:00">13:00</time>' in response.content


def test_schedule_in_the_visitors_zone_by_query_parameter(client, edition, main_track):
    released_program(edition, main_track)
    response = client.get(reverse("website:schedule", args=[edition.slug]), {"tz": "America/New_York"})
    assert (response.status_code, response.context["zone_name"]) == (200, "America/New_York")
    assert times(response) == [
        ("Poster session 1", "06:00", "07:00"),
        ("Invited talk 1", "08:00", "08:35"),
        ("Oral paper 0", "08:35", "08:55"),
    ]


@pytest.mark.parametrize("tz", ["Mars/Olympus", "../../etc/passwd", "x" * 300])
def test_an_unknown_zone_answers_400_with_the_edition_zone(client, edition, main_track, tz):
    released_program(edition, main_track)
    response = client.get(reverse("website:schedule", args=[edition.slug]), {"tz": tz})
    assert (response.status_code, response.context["zone_name"], response.context["zone_error"]) == (
        400,
        "Africa/Lagos",
        f"“{tz[:64]}” is not a time zone; times are shown in Africa/Lagos.",
    )


def test_unreleased_drafts_are_not_public(client, edition, main_track):
    release = released_program(edition, main_track)
    Slot.objects.filter(title="Invited talk 1").update(title="Secret draft title")
    response = client.get(reverse("website:schedule", args=[edition.slug]))
    assert (response.context["schedule"]["release"], [s["title"] for s in response.context["schedule"]["slots"]]) == (
        release,
        ["Poster session 1", "Invited talk 1", "Oral paper 0"],
    )


def events(body: bytes) -> list[tuple]:
    calendar = icalendar.Calendar.from_ical(body)
    return [
        (str(e["UID"]), str(e["SUMMARY"]), e["DTSTART"].dt.isoformat(), int(e["SEQUENCE"]))
        for e in calendar.walk("VEVENT")
    ]


def test_ics_files_keep_uids_across_releases_and_files(client, edition, main_track):
    released_program(edition, main_track)
    talk = Slot.objects.get(title="Invited talk 1")
    whole = client.get(reverse("website:schedule-ics", args=[edition.slug]))
    assert (whole.status_code, whole["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    uid = f"{talk.uid}@{edition.slug}.sllm"
    assert events(whole.content)[1] == (uid, "Invited talk 1", "2026-04-27T12:00:00+00:00", 1)
    services.slot_update(slot=talk, start=at("14:00"), end=at("14:35"))
    services.program_release(edition=edition)
    one = client.get(reverse("website:talk-ics", args=[edition.slug, talk.uid]))
    assert events(one.content) == [(uid, "Invited talk 1", "2026-04-27T13:00:00+00:00", 2)]
    session = client.get(reverse("website:session-ics", args=[edition.slug, talk.session.uid]))
    assert [e[0] for e in events(session.content)] == [
        f"{s.uid}@{edition.slug}.sllm" for s in Slot.objects.filter(session=talk.session).order_by("start")
    ]


def test_ics_before_any_release_is_not_found(client, edition):
    assert client.get(reverse("website:schedule-ics", args=[edition.slug])).status_code == 404


def test_a_release_invalidates_the_cached_schedule(client, edition, main_track, django_capture_on_commit_callbacks):
    released_program(edition, main_track)
    url = reverse("website:schedule", args=[edition.slug])
    assert client.get(url).content == client.get(url).content
    Slot.objects.filter(title="Invited talk 1").update(title="Renamed keynote")
    assert b"Renamed keynote" not in client.get(url).content
    with django_capture_on_commit_callbacks(execute=True):
        services.program_release(edition=edition)
    assert b"Renamed keynote" in client.get(url).content


def test_api_schedule_is_the_latest_release(client, edition, main_track):
    release = released_program(edition, main_track)
    body = client.get(reverse("program:api-schedule", args=[edition.slug])).json()
    assert (body["release"], body["timezone"], body["slots"]) == (1, "Africa/Lagos", release.snapshot["slots"])
