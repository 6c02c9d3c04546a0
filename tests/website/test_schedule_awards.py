"""The schedule's closing slot names the decided Best Student Paper, as the awards page does."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from sllm.program import services
from sllm.reviewing.models import Vote, VoteEvent
from tests.program.conftest import accepted_paper
from tests.program.factories import RoomFactory, SessionFactory, SlotFactory, at

pytestmark = pytest.mark.django_db


def closing_awards(client) -> list[str]:
    page = client.get("/sllm-2025/schedule/").content.decode()
    return [line.strip() for line in page.splitlines() if 'class="slot-awards"' in line]


def test_the_awards_slot_lists_the_best_student_paper(client, edition, main_track):
    paper = accepted_paper(main_track, number=7, title="Sparse students")
    room = RoomFactory(edition=edition, name="Main hall")
    SlotFactory(
        session=SessionFactory(edition=edition, title="Closing"),
        room=room,
        kind="awards",
        title="Closing remarks and Award Ceremony",
        start=at("18:35"),
        end=at("18:45"),
    )
    services.program_release(edition=edition)
    assert closing_awards(client) == []

    vote = Vote.objects.create(
        edition=edition,
        kind=Vote.Kind.STUDENT_AWARD,
        state=Vote.State.CLOSED,
        seats=1,
        deadline=timezone.now() - dt.timedelta(days=1),
    )
    VoteEvent.objects.create(vote=vote, action=VoteEvent.Action.DECIDED, data={"papers": [7]})
    cache.clear()  # the vote's services bump the page cache; rows made here directly do not

    assert closing_awards(client) == [
        '<ul class="slot-awards"><li><span class="badge award">Best Student Paper</span> '
        f'<a href="/sllm-2025/papers/7/">{paper.title}</a></li></ul>'
    ]
