"""Issue 19: a tally delivered twice (one after the other, and at once) tallies once: one event of each kind."""

import pytest

from sllm.reviewing.models import Vote
from tests.duplicates import deliver_twice, deliver_twice_at_once
from tests.reviewing.test_votes_world import cast, make_world, open_orals

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(edition, main_track, organizer, author, reviewer, mentor):
    return make_world(edition, main_track, organizer, author, reviewer, mentor)


@pytest.mark.parametrize("deliver", [deliver_twice, deliver_twice_at_once])
def test_a_tally_delivered_twice_tallies_once(world, deliver):
    vote = open_orals(world)
    cast(world, world.r1, [2, 1])
    cast(world, world.r3, [2, 3])
    Vote.objects.filter(pk=vote.pk).update(state=Vote.State.TALLYING)  # closed; its tally job not yet run

    results = deliver("sllm.votes.tally", vote.pk)

    vote.refresh_from_db()
    # The second delivery waits for the first's row lock, then finds the vote tallied and returns it.
    assert results == ["closed", "closed"]
    assert vote.result["ranking"] == [[2], [1, 3], [4]]
    assert list(vote.events.order_by("pk").values_list("action", flat=True)) == ["opened", "tallied", "decided"]
