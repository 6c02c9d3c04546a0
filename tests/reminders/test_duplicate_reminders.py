"""Issue 19: the reminders job delivered twice (one after the other, and at once) queues each reminder once."""

import datetime as dt

import pytest
import time_machine

from sllm.mail.models import OutboxMessage
from sllm.openreview.models import VenueLink
from sllm.reminders.models import ReminderSent
from sllm.reviewing.models import Assignment
from tests import factories
from tests.duplicates import deliver_twice, deliver_twice_at_once

pytestmark = pytest.mark.django_db(transaction=True)

DEADLINE = dt.datetime(2026, 3, 20, 22, 59, tzinfo=dt.UTC)


@pytest.fixture
def missing_reviews(edition, main_track, reviewer):
    VenueLink.objects.create(edition=edition, venue_id="SLLM/2025", review_deadline=DEADLINE)
    late = factories.UserFactory(email="late@example.org", full_name="Lee Late")
    for number, who in ((1, reviewer), (2, late)):
        Assignment.objects.create(paper=factories.PaperFactory(track=main_track, number=number), reviewer=who)


@pytest.mark.parametrize("deliver", [deliver_twice, deliver_twice_at_once])
def test_the_reminders_job_delivered_twice_reminds_each_reviewer_once(missing_reviews, mailoutbox, deliver):
    with time_machine.travel(DEADLINE - dt.timedelta(days=3), tick=False):
        results = deliver("sllm.reminders.send_due")

    # The edition's row lock lets one delivery queue both reminders; the other finds them sent.
    assert sorted(results) == [0, 2]
    assert sorted(ReminderSent.objects.values_list("to", flat=True)) == ["late@example.org", "reviewer@example.org"]
    assert sorted(OutboxMessage.objects.values_list("to", "template", "status")) == [
        ("late@example.org", "review_missing", "sent"),
        ("reviewer@example.org", "review_missing", "sent"),
    ]
    assert sorted(m.to[0] for m in mailoutbox) == ["late@example.org", "reviewer@example.org"]
