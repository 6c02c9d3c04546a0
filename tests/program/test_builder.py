import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sllm.program import services
from sllm.program.models import ProgramRelease, Slot, SlotSpeaker
from sllm.program.selectors import program_warnings
from tests import factories
from tests.program.conftest import accepted_paper
from tests.program.factories import PosterBoardFactory, RoomFactory, SlotFactory, SpeakerFactory, at

pytestmark = pytest.mark.django_db


def slot_post(session, room, **overrides):
    data = {
        "session": session.pk,
        "kind": "invited",
        "title": "Invited talk 1",
        "room": room.pk,
        "day": "2026-04-27",
        "start_time": "09:40",
        "end_time": "10:15",
        "description": "",
    }
    data.update(overrides)
    return data


def slot_rows(edition):
    return list(
        Slot.objects.filter(session__edition=edition).order_by("pk").values_list("title", "room__name", "start", "end")
    )


@pytest.fixture
def conflicted_reviewer(edition):
    user = factories.UserFactory(email="conflicted@example.org")
    factories.grant(user, edition, "reviewer")
    return user


@pytest.mark.parametrize(
    "who, status",
    [
        (None, 302),
        ("author", 403),
        ("reviewer", 403),
        ("conflicted_reviewer", 403),
        ("mentor", 403),
        ("organizer", 200),
    ],
)
def test_builder_page_permissions(request, client_for, edition, who, status):
    user = request.getfixturevalue(who) if who else None
    response = client_for(user).get(reverse("program:builder", args=[edition.slug]))
    assert response.status_code == status


@pytest.mark.parametrize(
    "who, status",
    [
        (None, 302),
        ("author", 403),
        ("reviewer", 403),
        ("conflicted_reviewer", 403),
        ("mentor", 403),
    ],
)
def test_adding_a_slot_is_for_organizers_only(request, client_for, edition, session, room, speaker, who, status):
    user = request.getfixturevalue(who) if who else None
    response = client_for(user).post(reverse("program:builder", args=[edition.slug]), slot_post(session, room))
    assert (response.status_code, slot_rows(edition)) == (status, [])


def test_organizer_adds_a_slot_in_the_edition_zone_stored_in_utc(
    client_for, organizer, edition, session, room, speaker
):
    response = client_for(organizer).post(
        reverse("program:builder", args=[edition.slug]), slot_post(session, room, speakers=[speaker.pk])
    )
    assert response.status_code == 302
    assert slot_rows(edition) == [("Invited talk 1", "Main hall", at("09:40"), at("10:15"))]
    slot = Slot.objects.get()
    assert (slot.start.isoformat(), list(slot.speakers.values_list("name", flat=True))) == (
        "2026-04-27T08:40:00+00:00",
        ["Atlas Wang"],
    )


def test_double_booking_a_room_answers_with_the_warning_and_saves_nothing(
    client_for, organizer, edition, session, room
):
    SlotFactory(session=session, room=room, title="Opening", start=at("09:00"), end=at("09:45"))
    before = slot_rows(edition)
    response = client_for(organizer).post(reverse("program:builder", args=[edition.slug]), slot_post(session, room))
    assert response.status_code == 409
    assert response.context["error"].message == "“Opening” and “Invited talk 1” overlap in Main hall."
    assert slot_rows(edition) == before


def test_moving_a_speaker_into_a_clash_answers_409_and_keeps_the_slot(
    client_for, organizer, edition, session, room, speaker
):
    other_room = RoomFactory(edition=edition, name="Hall B")
    first = SlotFactory(session=session, room=room, title="Talk A", start=at("09:00"), end=at("09:35"))
    SlotSpeaker.objects.create(slot=first, speaker=speaker)
    second = SlotFactory(session=session, room=other_room, title="Talk B", start=at("10:00"), end=at("10:35"))
    SlotSpeaker.objects.create(slot=second, speaker=speaker)
    url = reverse("program:slot-edit", args=[edition.slug, second.pk])
    response = client_for(organizer).post(
        url, slot_post(session, other_room, title="Talk B", start_time="09:10", end_time="09:45", speakers=[speaker.pk])
    )
    assert response.status_code == 409
    assert response.context["error"].message == "Atlas Wang is due in two places at once: “Talk A” and “Talk B”."
    second.refresh_from_db()
    assert (second.start, second.end) == (at("10:00"), at("10:35"))


def test_moving_a_slot_saves_the_new_time_and_room(client_for, organizer, edition, session, room):
    other_room = RoomFactory(edition=edition, name="Hall B")
    slot = SlotFactory(session=session, room=room, title="Talk A", start=at("09:00"), end=at("09:35"))
    response = client_for(organizer).post(
        reverse("program:slot-edit", args=[edition.slug, slot.pk]),
        slot_post(session, other_room, title="Talk A", start_time="11:00", end_time="11:35"),
    )
    assert response.status_code == 302
    assert slot_rows(edition) == [("Talk A", "Hall B", at("11:00"), at("11:35"))]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"start_time": "10:15", "end_time": "09:40"}, "The slot must end after it starts."),
        ({"kind": "poster"}, "A poster session is number 1 or 2."),
    ],
)
def test_bad_slots_are_refused_with_a_message(client_for, organizer, edition, session, room, overrides, message):
    response = client_for(organizer).post(
        reverse("program:builder", args=[edition.slug]), slot_post(session, room, **overrides)
    )
    assert (response.status_code, response.context["error"].message, slot_rows(edition)) == (400, message, [])


def test_a_slot_of_another_edition_is_not_found(client_for, organizer, edition):
    other = SlotFactory(session__edition=factories.EditionFactory(slug="other-2026"))
    response = client_for(organizer).get(reverse("program:slot-edit", args=[edition.slug, other.pk]))
    assert response.status_code == 404


def test_builder_warns_about_orals_without_slot_and_posters_without_board(client_for, organizer, edition, main_track):
    accepted_paper(main_track, number=1, presentation="oral", title="Oral one")
    accepted_paper(main_track, number=2, presentation="poster", title="Poster two")
    placed = accepted_paper(main_track, number=3, presentation="poster")
    PosterBoardFactory(paper=placed)
    response = client_for(organizer).get(reverse("program:builder", args=[edition.slug]))
    assert [w["message"] for w in response.context["warnings"]] == [
        "Oral paper #1 “Oral one” has no slot.",
        "Poster paper #2 “Poster two” has no board.",
    ]


def test_a_speaker_who_is_also_an_author_in_an_overlapping_oral_is_warned(edition, session, room, main_track):
    paper = accepted_paper(main_track, number=1, presentation="oral", authors=["Atlas  Wang"])
    hall = RoomFactory(edition=edition, name="Hall B")
    services.slot_create(
        edition=edition,
        session=session,
        room=room,
        kind="oral",
        title="Oral",
        start=at("10:00"),
        end=at("10:20"),
        paper=paper,
    )
    talk = SlotFactory(session=session, room=hall, title="Invited", start=at("10:10"), end=at("10:45"))
    SlotSpeaker.objects.create(slot=talk, speaker=factories_speaker(edition, "atlas wang"))

    assert program_warnings(edition=edition) == [
        {
            "code": "speaker_conflict",
            "slots": [Slot.objects.get(kind="oral").pk, talk.pk],
            "message": "Atlas  Wang is due in two places at once: “Oral” and “Invited”.",
        }
    ]


def factories_speaker(edition, name):

    return SpeakerFactory(edition=edition, name=name)


def test_release_freezes_the_draft_and_lists_what_moved(client_for, organizer, edition, session, room):
    slot = SlotFactory(session=session, room=room, title="Talk A", start=at("09:00"), end=at("09:35"))
    client = client_for(organizer)
    assert client.post(reverse("program:release", args=[edition.slug]), {"note": "First"}).status_code == 302
    services.slot_update(slot=slot, start=at("09:30"), end=at("10:05"))
    assert client.post(reverse("program:release", args=[edition.slug]), {"note": ""}).status_code == 302
    releases = list(ProgramRelease.objects.order_by("number"))
    assert [(r.number, r.note, r.released_by) for r in releases] == [(1, "First", organizer), (2, "", organizer)]
    assert releases[0].changes == []
    assert releases[1].changes == [
        {
            "uid": str(slot.uid),
            "title": "Talk A",
            "change": "changed",
            "fields": {
                "start": {"before": "2026-04-27T08:00:00+00:00", "after": "2026-04-27T08:30:00+00:00"},
                "end": {"before": "2026-04-27T08:35:00+00:00", "after": "2026-04-27T09:05:00+00:00"},
            },
        }
    ]
    assert releases[0].snapshot["slots"][0]["start"] == "2026-04-27T08:00:00+00:00"


@pytest.mark.parametrize("who, status", [(None, 302), ("author", 403), ("reviewer", 403), ("mentor", 403)])
def test_release_is_for_organizers_only(request, client_for, edition, who, status):
    user = request.getfixturevalue(who) if who else None
    response = client_for(user).post(reverse("program:release", args=[edition.slug]))
    assert (response.status_code, ProgramRelease.objects.count()) == (status, 0)


def test_oral_slots_take_the_oral_papers_in_order(edition, session, room, main_track):
    for number in (7, 3):
        accepted_paper(
            main_track, number=number, presentation="oral", title=f"Oral {number}", authors=[f"Author {number}"]
        )
    first = SlotFactory(
        session=session, room=room, kind="oral", title="Oral presentation 1", start=at("10:15"), end=at("10:35")
    )
    second = SlotFactory(
        session=session, room=room, kind="oral", title="Oral presentation 2", start=at("10:35"), end=at("10:55")
    )
    services.oral_slots_fill(edition=edition)
    first.refresh_from_db()
    second.refresh_from_db()
    assert [(first.paper.number, first.title), (second.paper.number, second.title)] == [(3, "Oral 3"), (7, "Oral 7")]


def test_builder_lists_slots_with_a_fixed_number_of_queries(
    client_for, organizer, edition, session, room, django_assert_num_queries
):
    client = client_for(organizer)
    url = reverse("program:builder", args=[edition.slug])
    client.get(url)
    counts = []
    for n in (1, 3):
        Slot.objects.all().delete()
        for index in range(n):
            SlotFactory(session=session, room=room, start=at(f"{9 + index}:00"), end=at(f"{9 + index}:30"))

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    "who, status", [(None, 302), ("author", 403), ("reviewer", 403), ("mentor", 403), ("organizer", 302)]
)
def test_filling_oral_slots_is_for_organizers(request, client_for, edition, session, room, main_track, who, status):
    accepted_paper(main_track, number=3, presentation="oral", title="Oral 3")
    slot = SlotFactory(session=session, room=room, kind="oral", title="Oral presentation 1")
    user = request.getfixturevalue(who) if who else None
    response = client_for(user).post(reverse("program:orals-fill", args=[edition.slug]))
    slot.refresh_from_db()
    assert (response.status_code, slot.title) == (status, "Oral 3" if who == "organizer" else "Oral presentation 1")
