"""The program content API (organizers): rooms, sessions, speakers and slots created, listed and replaced
with exact bodies; bad input refused with nothing stored; organizers only."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sllm.program import services
from sllm.program.models import Slot, Speaker
from tests.program.factories import RoomFactory

from .test_content import API, content_state, png

pytestmark = pytest.mark.django_db


def test_the_api_creates_a_room_a_session_a_speaker_and_an_invited_talk(edition, organizer, client_for):
    client = client_for(organizer)
    room = client.post(f"{API}/rooms/", {"name": "Hall B", "capacity": 80}, content_type="application/json").json()
    session = client.post(
        f"{API}/sessions/", {"title": "Keynotes", "expected_audience": 50}, content_type="application/json"
    ).json()
    speaker = client.post(
        f"{API}/speakers/",
        {"name": "Sara Hooker", "bio": "<b>Cohere</b> for AI", "photo": io.BytesIO(png(exif=True))},
    )

    slot = client.post(
        f"{API}/slots/",
        {
            "session": session["id"],
            "room": room["id"],
            "kind": "invited",
            "title": "The hardware lottery, revisited",
            "description": "An abstract.",
            "start": "2026-04-27T09:00:00Z",
            "end": "2026-04-27T09:35:00Z",
            "people": [{"speaker": speaker.json()["id"], "role": "speaker"}],
        },
        content_type="application/json",
    )

    assert (room["capacity"], session["expected_audience"], speaker.status_code, slot.status_code) == (80, 50, 201, 201)
    assert speaker.json()["bio"] == "Cohere for AI"
    stored = Speaker.objects.get().photo
    with Image.open(stored.path) as image:
        assert (image.format, dict(image.getexif())) == ("JPEG", {})
    assert content_state()[3:] == [[("The hardware lottery, revisited", "Hall B")], [("Sara Hooker", "speaker")]]


def test_the_api_answers_exact_bodies(edition, organizer, room, session, speaker, client_for):
    client = client_for(organizer)
    services.speaker_save(edition=edition, speaker=speaker, name="Atlas Wang", photo=SimpleUploadedFile("a.png", png()))

    rooms = client.get(f"{API}/rooms/")
    sessions = client.get(f"{API}/sessions/")
    speakers = client.get(f"{API}/speakers/")
    renamed = client.put(
        f"{API}/rooms/{room.pk}/", {"name": "Hall A", "capacity": 300, "order": 2}, content_type="application/json"
    )
    retitled = client.put(
        f"{API}/sessions/{session.pk}/", {"title": "Keynotes", "expected_audience": 90}, content_type="application/json"
    )
    slot = client.post(
        f"{API}/slots/",
        {
            "session": session.pk,
            "room": room.pk,
            "kind": "panel",
            "title": "Sparsity, five years on",
            "start": "2026-04-27T15:00:00Z",
            "end": "2026-04-27T16:00:00Z",
            "people": [{"speaker": speaker.pk, "role": "moderator"}],
        },
        content_type="application/json",
    )

    assert rooms.json() == [{"id": room.pk, "name": "Main hall", "capacity": None, "livestream_url": "", "order": 0}]
    assert sessions.json() == [{"id": session.pk, "title": "Morning talks", "order": 0, "expected_audience": None}]
    assert speakers.json() == [
        {
            "id": speaker.pk,
            "name": "Atlas Wang",
            "affiliation": "",
            "bio": "",
            "website": "",
            "photo": f"/sllm-2025/speakers/{speaker.pk}/photo",
        }
    ]
    assert (renamed.status_code, renamed.json()) == (
        200,
        {"id": room.pk, "name": "Hall A", "capacity": 300, "livestream_url": "", "order": 2},
    )
    assert (retitled.status_code, retitled.json()) == (
        200,
        {"id": session.pk, "title": "Keynotes", "order": 0, "expected_audience": 90},
    )
    created = Slot.objects.get()
    assert (slot.status_code, slot.json()) == (
        201,
        {
            "id": created.pk,
            "uid": str(created.uid),
            "title": "Sparsity, five years on",
            "kind": "panel",
            "room": room.pk,
            "session": session.pk,
            "people": [{"speaker": speaker.pk, "role": "moderator"}],
        },
    )


@pytest.mark.parametrize(
    ("path", "data", "status", "error"),
    [
        ("rooms/{room}/", {"name": "Hall", "capacity": "many"}, 400, "invalid"),
        ("rooms/{room}/", {"capacity": 10}, 400, "invalid"),
        ("sessions/{session}/", {"title": "x" * 201}, 400, "invalid"),
        ("speakers/{speaker}/", {"name": "Atlas Wang", "website": "javascript:alert(1)"}, 400, "invalid"),
        ("rooms/{other_room}/", {"name": "Elsewhere"}, 404, None),
    ],
)
def test_bad_replacements_through_the_api_store_nothing(
    edition, organizer, room, session, speaker, client_for, path, data, status, error
):
    other_room = RoomFactory(name="Far away")
    before = content_state()
    ids = {"room": room.pk, "session": session.pk, "speaker": speaker.pk, "other_room": other_room.pk}

    response = client_for(organizer).put(f"{API}/{path.format(**ids)}", data, content_type="application/json")

    assert response.status_code == status
    if error:
        assert response.json()["error"] == error
    assert content_state() == before


@pytest.mark.parametrize(
    ("path", "data", "status", "error"),
    [
        ("rooms/", {"name": "Hall", "capacity": -1}, 400, "invalid"),
        ("rooms/", {"name": "Hall", "livestream_url": "ftp://x"}, 400, "invalid"),
        ("rooms/", {"name": "Main hall"}, 409, "duplicate_room"),
        ("sessions/", {"title": ""}, 400, "invalid"),
        ("speakers/", {"name": "Eve", "bio": "<img src=x onerror=alert(1)>"}, 400, "unsafe_bio"),
        ("speakers/", {"name": "Atlas Wang"}, 409, "duplicate_speaker"),
    ],
)
def test_bad_content_through_the_api_stores_nothing(
    edition, organizer, room, speaker, client_for, path, data, status, error
):
    before = content_state()

    response = client_for(organizer).post(f"{API}/{path}", data, content_type="application/json")

    assert (response.status_code, response.json()["error"]) == (status, error)
    assert content_state() == before


def test_a_slot_in_a_room_that_does_not_exist_is_refused(edition, organizer, session, client_for):
    response = client_for(organizer).post(
        f"{API}/slots/",
        {
            "session": session.pk,
            "room": 9999,
            "kind": "invited",
            "title": "Nowhere",
            "start": "2026-04-27T09:00:00Z",
            "end": "2026-04-27T09:30:00Z",
            "people": [{"speaker": 4242, "role": "speaker"}],
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "room": ["No room 9999 in this edition."],
        "people": ["No speaker 4242 in this edition."],
    }
    assert Slot.objects.count() == 0


def test_a_speaker_photo_that_is_not_an_image_is_refused_by_the_api(edition, organizer, client_for):
    response = client_for(organizer).post(
        f"{API}/speakers/", {"name": "Eve", "photo": SimpleUploadedFile("eve.jpg", b"GIF89a-but-not-really")}
    )

    assert (response.status_code, response.json()["error"]) == (400, "not_an_image")
    assert Speaker.objects.count() == 0


@pytest.mark.parametrize(("who", "status"), [(None, 403), ("author", 403), ("reviewer", 403)])
def test_only_organizers_use_the_content_api(edition, request, client_for, room, session, speaker, who, status):
    user = request.getfixturevalue(who) if who else None
    client = client_for(user)
    before = content_state()

    responses = [
        client.get(f"{API}/rooms/"),
        client.post(f"{API}/rooms/", {"name": "New"}, content_type="application/json"),
        client.put(f"{API}/rooms/{room.pk}/", {"name": "Renamed"}, content_type="application/json"),
        client.delete(f"{API}/rooms/{room.pk}/"),
        client.get(f"{API}/sessions/"),
        client.post(f"{API}/sessions/", {"title": "S"}, content_type="application/json"),
        client.put(f"{API}/sessions/{session.pk}/", {"title": "S"}, content_type="application/json"),
        client.get(f"{API}/speakers/"),
        client.post(f"{API}/speakers/", {"name": "S"}, content_type="application/json"),
        client.put(f"{API}/speakers/{speaker.pk}/", {"name": "S"}, content_type="application/json"),
        client.post(f"{API}/slots/", {"session": session.pk, "room": room.pk}, content_type="application/json"),
    ]

    assert [r.status_code for r in responses] == [status] * 11
    assert content_state() == before
