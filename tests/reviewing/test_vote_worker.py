"""The tally job on a real Celery worker: it stores the result, and a second delivery changes nothing."""

import pytest

from sllm.reviewing.models import Vote
from sllm.reviewing.votes import services
from tasks.votes import tally_vote
from tests.reviewing.test_votes_world import cast, make_world, open_orals

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(edition, main_track, organizer, author, reviewer, mentor):
    return make_world(edition, main_track, organizer, author, reviewer, mentor)


def test_a_real_worker_tallies_a_closed_vote_and_a_redelivery_changes_nothing(world, celery_worker_process):
    vote = open_orals(world)
    cast(world, world.r1, [2, 1])
    cast(world, world.r3, [2, 3])
    # Closed with the job's own queue: the tally runs in the worker process, not here.
    Vote.objects.filter(pk=vote.pk).update(state=Vote.State.TALLYING)

    first = tally_vote.apply_async(args=[vote.pk], queue=celery_worker_process).get(timeout=60)
    vote.refresh_from_db()
    stored = (vote.result, vote.ballots_digest, vote.tallied_at)
    second = tally_vote.apply_async(args=[vote.pk], queue=celery_worker_process).get(timeout=60)
    vote.refresh_from_db()

    assert (first, second) == ("closed", "closed")
    assert vote.result["ranking"] == [[2], [1, 3], [4]]
    assert (vote.result, vote.ballots_digest, vote.tallied_at) == stored
    assert list(vote.events.values_list("action", flat=True)) == ["opened", "tallied", "decided"]
    assert services.vote_close(vote=vote).state == "closed"
