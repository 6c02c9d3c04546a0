"""Factories of the program app's models."""

import datetime as dt

import factory

from sllm.program.models import PosterBoard, Room, Session, Slot, Speaker
from tests.factories import EditionFactory

LAGOS = dt.timezone(dt.timedelta(hours=1))


def at(clock: str, day: dt.date = dt.date(2026, 4, 27)) -> dt.datetime:
    """A time of the demo day in GMT+1 (the tests' edition zone is Africa/Lagos)."""
    hour, minute = map(int, clock.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LAGOS)


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Room {n}")


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    edition = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"Session {n}")


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Speaker {n}")
    affiliation = "Somewhere University"


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    session = factory.SubFactory(SessionFactory)
    room = factory.SubFactory(RoomFactory, edition=factory.SelfAttribute("..session.edition"))
    kind = Slot.Kind.INVITED
    title = factory.Sequence(lambda n: f"Talk {n}")
    start = factory.LazyFunction(lambda: at("09:40"))
    end = factory.LazyFunction(lambda: at("10:15"))


class PosterBoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PosterBoard

    edition = factory.SelfAttribute("paper.edition")
    session = 1
    number = factory.Sequence(lambda n: n + 1)
