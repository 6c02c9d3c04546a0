"""Issue 19, point 2: a worker killed in the middle of a tally leaves the vote `tallying`; the stale-job
sweep queues the tally again and a fresh worker stores the result once."""

import datetime as dt

import pytest
from django.utils import timezone

from sllm.reviewing.models import Vote
from sllm.reviewing.votes import services
from sllm.reviewing.votes.sweeps import votes_sweep
from tests.reviewing.test_votes_world import cast, make_world, open_orals
from tests.workerkill import wait_until

pytestmark = pytest.mark.worker


def test_a_tally_whose_worker_was_killed_is_swept_and_stored_once(
    job_workers, edition, main_track, organizer, author, reviewer, mentor
):
    world = make_world(edition, main_track, organizer, author, reviewer, mentor)
    vote = open_orals(world)
    cast(world, world.r1, [2, 1])
    cast(world, world.r3, [2, 3])
    first = job_workers.start()

    # The tally holds the vote's row and then reads the candidates: it waits there.
    with job_workers.killed_inside(first, table="reviewing_candidate"):
        services.vote_close(vote=vote, user=world.organizer)

    vote.refresh_from_db()
    assert (vote.state, vote.result, vote.tallied_at) == ("tallying", None, None)
    second = job_workers.start()
    assert votes_sweep(timezone.now() + dt.timedelta(hours=1)) == {"requeued": 1, "failed": 0}
    wait_until(lambda: Vote.objects.get(pk=vote.pk).state == "closed", logs=[second.log])
    vote.refresh_from_db()
    stored = (vote.result, vote.ballots_digest, vote.tallied_at)

    # The dead worker's own message comes back once the broker's visibility timeout passes: nothing changes.
    assert job_workers.redeliver_unacknowledged() == 1
    wait_until(lambda: job_workers.succeeded(second, "sllm.votes.tally") == 2, logs=[second.log])
    vote.refresh_from_db()

    assert vote.result["ranking"] == [[2], [1, 3], [4]]
    assert (vote.result, vote.ballots_digest, vote.tallied_at) == stored
    assert list(vote.events.values_list("action", flat=True)) == ["opened", "closed", "tallied", "decided"]
    assert vote.tally_sweeps == 1
