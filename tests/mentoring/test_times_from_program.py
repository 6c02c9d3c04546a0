"""The mentoring kick-off and the mentor-mentee lunch take their times and rooms from their program slots."""

import datetime as dt

import pytest

from sllm.mentoring.selectors import session_times, setup_get
from sllm.program import services
from tests.program.factories import RoomFactory, SessionFactory, SlotFactory, at

pytestmark = pytest.mark.django_db


def times(edition) -> tuple:
    found = session_times(edition=edition, setup=setup_get(edition=edition))
    zone = edition.tz
    return (
        found.kickoff_start.astimezone(zone).strftime("%H:%M"),
        found.kickoff_end.astimezone(zone).strftime("%H:%M"),
        found.kickoff_room,
        found.lunch_start.astimezone(zone).strftime("%H:%M"),
        found.lunch_end.astimezone(zone).strftime("%H:%M"),
        found.lunch_room,
    )


def test_without_slots_the_setup_times_stand(edition):
    assert times(edition) == ("09:05", "09:40", "", "12:00", "13:00", "")


def test_the_slots_give_the_times_and_moving_a_slot_moves_them(edition):
    main, hall = RoomFactory(edition=edition, name="Main hall"), RoomFactory(edition=edition, name="Poster hall")
    session = SessionFactory(edition=edition, title="Day")
    kickoff = SlotFactory(
        session=session, room=main, kind="mentoring", title="Kick-off", start=at("09:10"), end=at("09:45")
    )
    SlotFactory(session=session, room=hall, kind="lunch", title="Lunch", start=at("12:00"), end=at("12:30"))
    SlotFactory(
        session=session, room=hall, kind="lunch", title="Mentor-Mentee Lunch", start=at("12:30"), end=at("13:30")
    )
    assert times(edition) == ("09:10", "09:45", "Main hall", "12:30", "13:30", "Poster hall")

    services.slot_update(
        slot=kickoff,
        session=session,
        room=hall,
        kind="mentoring",
        title="Kick-off",
        start=at("08:30"),
        end=at("09:00"),
        paper=None,
        speakers=[],
        poster_session=None,
        description="",
    )

    assert times(edition) == ("08:30", "09:00", "Poster hall", "12:30", "13:30", "Poster hall")
    assert session_times(edition=edition, setup=setup_get(edition=edition)).kickoff_start.date() == dt.date(2026, 4, 27)
