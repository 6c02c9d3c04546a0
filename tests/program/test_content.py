"""Program content managed by organizers: rooms, sessions, speakers (photo by content, bio cleaned),
the people of a slot, the capacity warning; the pages, with their permissions and bad input (the API has
test_content_api.py)."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sllm.program import services
from sllm.program.demo import proposal_bios
from sllm.program.models import Room, Session, Slot, SlotSpeaker, Speaker
from sllm.program.selectors import program_warnings
from tests.program.factories import SlotFactory, SpeakerFactory, at

pytestmark = pytest.mark.django_db

API = "/api/v1/program/sllm-2025"
PAGES = "/organize/sllm-2025/program"


def png(*, exif: bool = False, size=(40, 30)) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 10, 10))
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCam"  # Make
        image.save(out, format="JPEG", exif=data)
    else:
        image.save(out, format="PNG")
    return out.getvalue()


def content_state() -> list:
    return [
        sorted(Room.objects.values_list("name", "capacity", "livestream_url")),
        sorted(Session.objects.values_list("title", "expected_audience")),
        sorted(Speaker.objects.values_list("name", "affiliation", "bio", "website", "photo")),
        sorted(Slot.objects.values_list("title", "room__name")),
        sorted(SlotSpeaker.objects.values_list("speaker__name", "role")),
    ]


# ---- pages --------------------------------------------------------------------------------------------


def test_an_organizer_adds_a_room_a_session_and_a_speaker_through_the_pages(edition, organizer, client_for):
    client = client_for(organizer)

    rooms = client.post(
        f"{PAGES}/rooms/",
        {"name": "Hall A", "capacity": "120", "livestream_url": "https://example.org/live", "order": "1"},
    )
    sessions = client.post(f"{PAGES}/sessions/", {"title": "Morning talks", "order": "1", "expected_audience": "90"})
    speakers = client.post(
        f"{PAGES}/speakers/",
        {
            "name": "Beidi Chen",
            "affiliation": "CMU",
            "bio": "Works on <em>efficient</em> ML & systems.",
            "website": "https://example.org/beidi",
            "photo": SimpleUploadedFile("me.png", png(), content_type="image/png"),
        },
    )

    assert [r.status_code for r in (rooms, sessions, speakers)] == [302, 302, 302]
    state = content_state()
    assert state[:2] == [[("Hall A", 120, "https://example.org/live")], [("Morning talks", 90)]]
    name, affiliation, bio, website, photo = state[2][0]
    assert (name, affiliation, bio, website) == (
        "Beidi Chen",
        "CMU",
        "Works on efficient ML & systems.",
        "https://example.org/beidi",
    )
    assert Path(photo).parent.as_posix() == "speakers" and Path(photo).suffix == ".png" and Path(photo).stem != "me"


def test_an_organizer_edits_a_room(edition, organizer, room, client_for):
    response = client_for(organizer).post(f"{PAGES}/rooms/{room.pk}/", {"name": "Main hall", "capacity": "300"})

    assert response.status_code == 302
    assert content_state()[0] == [("Main hall", 300, "")]


@pytest.mark.parametrize(
    ("path", "who", "status"),
    [
        ("rooms/", None, 302),
        ("rooms/", "author", 403),
        ("rooms/", "reviewer", 403),
        ("sessions/", "author", 403),
        ("speakers/", "mentor", 403),
        ("speakers/", None, 302),
    ],
)
def test_only_organizers_manage_content(edition, request, client_for, path, who, status):
    user = request.getfixturevalue(who) if who else None
    client = client_for(user)

    assert client.get(f"{PAGES}/{path}").status_code == status
    assert client.post(f"{PAGES}/{path}", {"name": "X", "title": "X"}).status_code == status
    assert content_state() == [[], [], [], [], []]


def test_organizer_sees_the_pages(edition, organizer, room, session, speaker, client_for):
    client = client_for(organizer)

    pages = [client.get(f"{PAGES}/{p}/") for p in ("rooms", "sessions", "speakers")]

    assert [p.status_code for p in pages] == [200, 200, 200]
    assert [[str(i) for i in p.context["items"]] for p in pages] == [["Main hall"], ["Morning talks"], ["Atlas Wang"]]


def test_a_photo_that_is_not_an_image_is_a_form_error_and_nothing_is_stored(edition, organizer, client_for):
    response = client_for(organizer).post(
        f"{PAGES}/speakers/",
        {"name": "Eve", "photo": SimpleUploadedFile("eve.png", b"%PDF-1.7 not an image", content_type="image/png")},
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"photo": ["The photo is not a JPEG, PNG or WebP image."]}
    assert content_state()[2] == []


def test_a_bio_with_a_script_tag_is_refused(edition, organizer, client_for):
    response = client_for(organizer).post(
        f"{PAGES}/speakers/", {"name": "Mallory", "bio": "Hi <script>alert(1)</script>"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"bio": ["A bio may not contain scripts or active markup."]}
    assert content_state()[2] == []


def test_a_room_in_use_cannot_be_removed(edition, organizer, room, session, client_for):
    SlotFactory(session=session, room=room, title="Talk", start=at("09:00"), end=at("09:30"))

    response = client_for(organizer).post(f"{PAGES}/rooms/{room.pk}/delete/", follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Main hall still holds slots; move them first."]
    assert content_state()[0] == [("Main hall", None, "")]


def test_the_people_of_a_panel_keep_their_roles(edition, organizer, room, session, client_for):
    panel = SlotFactory(session=session, room=room, kind="panel", title="Panel", start=at("16:00"), end=at("17:00"))
    mod, one, two = (SpeakerFactory(edition=edition, name=n) for n in ("Mod", "One", "Two"))

    response = client_for(organizer).post(
        f"{PAGES}/slots/{panel.pk}/people/",
        {
            "speaker_0": mod.pk,
            "role_0": "moderator",
            "speaker_1": one.pk,
            "role_1": "panelist",
            "speaker_2": two.pk,
            "role_2": "panelist",
            **{f"role_{i}": "speaker" for i in range(3, 6)},
        },
    )

    assert response.status_code == 302
    assert list(panel.slot_speakers.values_list("speaker__name", "role", "order")) == [
        ("Mod", "moderator", 0),
        ("One", "panelist", 1),
        ("Two", "panelist", 2),
    ]


# ---- the capacity warning ----------------------------------------------------------------------------


def test_the_builder_warns_when_a_session_expects_more_people_than_its_room_holds(edition, organizer, session):
    small = services.room_save(edition=edition, name="Seminar room", capacity=40)
    services.session_save(edition=edition, session=session, title="Morning talks", expected_audience=120)
    SlotFactory(session=session, room=small, title="Invited talk 1", start=at("09:40"), end=at("10:15"))

    warnings = [w["message"] for w in program_warnings(edition=edition) if w["code"] == "over_capacity"]

    assert warnings == ["“Morning talks” expects 120 people but Seminar room seats 40 (“Invited talk 1”)."]


def test_the_demo_bios_come_from_the_proposal():
    bios = proposal_bios()

    assert sorted(bios) == [
        "Atlas Wang",
        "Azalia Mirhoseini",
        "Beidi Chen",
        "Dan Alistarh",
        "Fuzhao Xue",
        "Sara Hooker",
        "Vithu Thangarasa",
    ]
    assert bios["Beidi Chen"].startswith(
        "Beidi Chen (Carnegie Mellon University) is an Assistant Professor of Electrical and Computer Engineering"
    )


def test_the_public_speakers_page_shows_the_checked_photo(edition, organizer, speaker, client_for):
    services.speaker_save(
        edition=edition,
        speaker=speaker,
        name="Atlas Wang",
        photo=SimpleUploadedFile("atlas.jpg", png(exif=True), content_type="image/jpeg"),
    )
    client = client_for(None)

    photo = client.get(f"/sllm-2025/speakers/{speaker.pk}/photo")
    missing = client.get(f"/sllm-2025/speakers/{SpeakerFactory(edition=edition, name='No Photo').pk}/photo")

    assert (photo.status_code, photo["Content-Type"], missing.status_code) == (200, "image/jpeg", 404)
    with Image.open(io.BytesIO(b"".join(photo.streaming_content))) as image:
        assert (image.format, dict(image.getexif())) == ("JPEG", {})
