"""The tally job on a real Celery worker: it stores the result, and a second delivery changes nothing."""

import pytest

from sllm.reviewing.models import Election
from sllm.reviewing.votes import services
from tasks.orals import tally_election
from tests.reviewing.test_votes_world import cast, make_world, open_orals

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(workshop, main_track, organizer, author, reviewer, mentor):
    return make_world(workshop, main_track, organizer, author, reviewer, mentor)


def test_a_real_worker_tallies_a_closed_vote_and_a_redelivery_changes_nothing(world, celery_worker_process):
    election = open_orals(world)
    cast(world, world.r1, [2, 1])
    cast(world, world.r3, [2, 3])
    # Closed with the job's own queue: the tally runs in the worker process, not here.
    Election.objects.filter(pk=election.pk).update(state=Election.State.TALLYING)

    first = tally_election.apply_async(args=[election.pk], queue=celery_worker_process).get(timeout=60)
    election.refresh_from_db()
    stored = (election.result, election.ballots_digest, election.tallied_at)
    second = tally_election.apply_async(args=[election.pk], queue=celery_worker_process).get(timeout=60)
    election.refresh_from_db()

    assert (first, second) == ("closed", "closed")
    assert election.result["ranking"] == [[2], [1, 3], [4]]
    assert (election.result, election.ballots_digest, election.tallied_at) == stored
    assert list(election.events.values_list("action", flat=True)) == ["opened", "tallied", "decided"]
    assert services.election_close(election=election).state == "closed"
