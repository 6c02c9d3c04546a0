"""Each reminder's timing under a frozen clock (time-machine), once only, and never to who already did it."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings as django_settings
from django.urls import reverse

from sllm.mail.models import OutboxMessage
from sllm.mail.services import mail_template_save
from sllm.mentoring import services as mentoring_services
from sllm.openreview.models import VenueLink
from sllm.reminders.models import ReminderSent, ReminderSetting
from sllm.reminders.services import reminder_setting_update
from sllm.reviewing.models import Assignment, Ballot, Conflict, Review, Vote, Voter
from sllm.reviewing.votes.selectors import ballot_key
from sllm.submissions.models import Paper, PaperFile
from tasks.reminders import send_due_reminders
from tests import factories
from tests.mentoring.conftest import sign_up_mentee, sign_up_mentor

pytestmark = pytest.mark.django_db

UTC = dt.UTC
DEADLINE = dt.datetime(2026, 3, 20, 22, 59, tzinfo=UTC)  # 23:59 in Lagos


def run_at(when: dt.datetime) -> list[tuple[str, str, str]]:
    """The beat job at that moment (clock frozen); what it queued: (to, template, subject)."""
    before = set(OutboxMessage.objects.values_list("pk", flat=True))
    with time_machine.travel(when, tick=False):
        send_due_reminders()
    new = OutboxMessage.objects.exclude(pk__in=before).order_by("to", "template")
    return [(m.to, m.template, m.subject) for m in new]


@pytest.fixture
def reviews(edition, main_track, organizer, reviewer):
    VenueLink.objects.create(edition=edition, venue_id="SLLM/2025", review_deadline=DEADLINE)
    p1 = factories.PaperFactory(track=main_track, number=1, title="Pruned heads")
    p2 = factories.PaperFactory(track=main_track, number=2, title="Sparse MoE")
    done = factories.UserFactory(email="done@example.org", full_name="Dana Done")
    conflicted = factories.UserFactory(email="conflicted@example.org")
    Assignment.objects.create(paper=p1, reviewer=reviewer)
    Assignment.objects.create(paper=p2, reviewer=done)
    Review.objects.create(paper=p2, reviewer=done, rating=6)
    Assignment.objects.create(paper=p2, reviewer=conflicted)
    Conflict.objects.create(paper=p2, reviewer=conflicted)
    factories.PaperFactory(track=main_track, number=3, status=Paper.Status.WITHDRAWN)
    return p1


def test_review_due_soon_goes_three_days_before_to_who_has_not_reviewed_and_once(reviews):
    assert run_at(DEADLINE - dt.timedelta(days=3, minutes=1)) == []
    assert run_at(DEADLINE - dt.timedelta(days=3)) == [
        (
            "reviewer@example.org",
            "review_missing",
            "SLLM 2025: your review of paper 1 is due 20 March 2026, 23:59 (Africa/Lagos)",
        )
    ]
    assert run_at(DEADLINE - dt.timedelta(days=1)) == []
    assert OutboxMessage.objects.get().body.splitlines()[:3] == [
        "Dear Reviewer,",
        "",
        'your review of paper 1, "Pruned heads", is due on 20 March 2026, 23:59 (Africa/Lagos). Please submit it on OpenReview:',
    ]


def test_late_reviews_come_every_two_days_and_the_organizers_get_a_copy_after_the_second(reviews):
    assert run_at(DEADLINE + dt.timedelta(days=1)) == []
    assert run_at(DEADLINE + dt.timedelta(days=2)) == [
        ("reviewer@example.org", "review_late", "SLLM 2025: your review of paper 1 is late")
    ]
    assert run_at(DEADLINE + dt.timedelta(days=3)) == []
    assert run_at(DEADLINE + dt.timedelta(days=4)) == [
        ("reviewer@example.org", "review_late", "SLLM 2025: your review of paper 1 is late")
    ]
    assert run_at(DEADLINE + dt.timedelta(days=6)) == [
        (
            "organizer@example.org",
            "review_late_organizer",
            "SLLM 2025: review of paper 1 still missing after two reminders",
        ),
        ("reviewer@example.org", "review_late", "SLLM 2025: your review of paper 1 is late"),
    ]
    assert run_at(DEADLINE + dt.timedelta(days=30)) == []
    copy = OutboxMessage.objects.get(template="review_late_organizer")
    assert copy.body.splitlines()[2] == (
        'Reviewer (reviewer@example.org) has not reviewed paper 1, "Pruned heads", due on 20 March 2026, 23:59 '
        "(Africa/Lagos), after two reminders. You may want to reassign it."
    )


def test_after_a_pause_late_reminders_still_come_apart(reviews):
    assert [t for _, t, _ in run_at(DEADLINE + dt.timedelta(days=10))] == ["review_late"]
    assert run_at(DEADLINE + dt.timedelta(days=10, minutes=15)) == []
    assert [t for _, t, _ in run_at(DEADLINE + dt.timedelta(days=12))] == ["review_late"]


def test_a_review_stops_the_reminders(reviews, reviewer):
    run_at(DEADLINE + dt.timedelta(days=2))
    Review.objects.create(paper=reviews, reviewer=reviewer, rating=7)
    assert run_at(DEADLINE + dt.timedelta(days=4)) == []
    assert run_at(DEADLINE + dt.timedelta(days=6)) == []


def test_a_queued_reminder_is_withdrawn_when_the_thing_is_done_during_a_mail_outage(reviews, reviewer):
    # Nothing is sent in this test (no commit): the reminder waits in the outbox as during an outage.
    run_at(DEADLINE + dt.timedelta(days=2))
    assert list(OutboxMessage.objects.values_list("status", flat=True)) == ["queued"]
    Review.objects.create(paper=reviews, reviewer=reviewer, rating=7)
    run_at(DEADLINE + dt.timedelta(days=2, minutes=15))
    assert list(OutboxMessage.objects.values_list("status", "last_error")) == [
        ("skipped", "Withdrawn: no longer needed.")
    ]
    assert ReminderSent.objects.count() == 1


def test_a_switched_off_reminder_sends_nothing_and_days_are_editable(edition, reviews):
    reminder_setting_update(edition=edition, kind="review_missing", enabled=False, days=3)
    assert run_at(DEADLINE - dt.timedelta(days=2)) == []
    reminder_setting_update(edition=edition, kind="review_missing", enabled=True, days=1)
    assert run_at(DEADLINE - dt.timedelta(days=2)) == []
    assert [t for _, t, _ in run_at(DEADLINE - dt.timedelta(days=1))] == ["review_missing"]


def test_the_editions_own_text_is_what_goes_out(edition, organizer, reviews):
    mail_template_save(
        edition=edition,
        key="review_missing",
        subject="Paper {{ paper.number }}, {{ name }}",
        body="By {{ deadline }}.",
        user=organizer,
    )
    assert run_at(DEADLINE - dt.timedelta(days=3)) == [("reviewer@example.org", "review_missing", "Paper 1, Reviewer")]


def test_camera_ready_reminder_goes_to_each_author_of_papers_without_one(edition, main_track):
    main_track.camera_ready_deadline = dt.datetime(2026, 4, 10, 12, 0, tzinfo=UTC)
    main_track.save()
    missing = factories.PaperFactory(track=main_track, number=4, status=Paper.Status.ACCEPTED, title="No CR yet")
    factories.AuthorshipFactory(paper=missing, position=1, name="Ada", email="Ada@Example.org")
    factories.AuthorshipFactory(paper=missing, position=2, name="Ada again", email="ada@example.org")
    factories.AuthorshipFactory(paper=missing, position=3, name="Bo", email="bo@example.org")
    uploaded = factories.PaperFactory(track=main_track, number=5, status=Paper.Status.ACCEPTED)
    factories.AuthorshipFactory(paper=uploaded, position=1, email="done@example.org")
    PaperFile.objects.create(
        paper=uploaded,
        kind="camera_ready",
        file="x.pdf",
        sha256="0" * 64,
        size=1,
        pages=1,
        main_pages=1,
        page_size="letter",
    )
    rejected = factories.PaperFactory(track=main_track, number=6, status=Paper.Status.REJECTED)
    factories.AuthorshipFactory(paper=rejected, position=1, email="rejected@example.org")
    assert run_at(dt.datetime(2026, 4, 3, 11, 59, tzinfo=UTC)) == []
    subject = "SLLM 2025: camera-ready of paper 4 due 10 April 2026, 13:00 (Africa/Lagos)"
    assert run_at(dt.datetime(2026, 4, 3, 12, 0, tzinfo=UTC)) == [
        ("ada@example.org", "camera_ready", subject),
        ("bo@example.org", "camera_ready", subject),
    ]
    assert run_at(dt.datetime(2026, 4, 5, tzinfo=UTC)) == []


def test_poster_and_slides_reminders_need_their_deadline_and_skip_who_uploaded(edition, main_track):
    poster = factories.PaperFactory(track=main_track, number=7, status=Paper.Status.ACCEPTED, presentation="poster")
    factories.AuthorshipFactory(paper=poster, position=1, email="poster@example.org")
    oral = factories.PaperFactory(track=main_track, number=8, status=Paper.Status.ACCEPTED, presentation="oral")
    factories.AuthorshipFactory(paper=oral, position=1, email="oral@example.org")
    PaperFile.objects.create(
        paper=oral, kind="slides", file="s.pdf", sha256="0" * 64, size=1, pages=1, main_pages=1, page_size="letter"
    )
    when = dt.datetime(2026, 4, 20, 12, 0, tzinfo=UTC)
    assert run_at(when) == []
    reminder_setting_update(
        edition=edition, kind="poster", enabled=True, days=3, deadline=dt.datetime(2026, 4, 23, 12, 0, tzinfo=UTC)
    )
    reminder_setting_update(
        edition=edition, kind="slides", enabled=True, days=3, deadline=dt.datetime(2026, 4, 23, 12, 0, tzinfo=UTC)
    )
    assert run_at(when) == [
        (
            "poster@example.org",
            "presenter_upload",
            "SLLM 2025: your poster for paper 7 is due 23 April 2026, 13:00 (Africa/Lagos)",
        )
    ]


def test_vote_closing_reminder_goes_a_day_before_to_voters_who_have_not_voted(edition, reviewer):
    voted = factories.UserFactory(email="voted@example.org")
    closes = dt.datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
    vote = Vote.objects.create(edition=edition, kind="orals", seats=4, deadline=closes)
    Voter.objects.create(vote=vote, user=reviewer)
    Voter.objects.create(vote=vote, user=voted)
    Ballot.objects.create(vote=vote, key=ballot_key(vote=vote, user=voted), receipt="R1", ranking=[[1]])
    assert run_at(closes - dt.timedelta(days=1, seconds=1)) == []
    assert run_at(closes - dt.timedelta(days=1)) == [
        (
            "reviewer@example.org",
            "vote_closing",
            "SLLM 2025: the Oral presentations vote closes 1 April 2026, 13:00 (Africa/Lagos)",
        )
    ]
    assert run_at(closes - dt.timedelta(hours=1)) == []
    assert run_at(closes + dt.timedelta(hours=1)) == []


def test_mentoring_kickoff_reminder_goes_to_matched_pairs_of_the_published_run(edition, organizer):
    sign_up_mentor(edition, "mona@example.org", full_name="Mona Mentor")
    sign_up_mentee(edition, "mel@example.org", full_name="Mel Mentee")
    run = mentoring_services.matching_run(edition=edition, user=organizer)
    kickoff = dt.datetime(2026, 4, 27, 8, 5, tzinfo=UTC)  # 9:05 in Lagos
    assert run_at(kickoff - dt.timedelta(days=2)) == []  # not published yet
    mentoring_services.matching_publish(run=run, user=organizer)
    OutboxMessage.objects.all().delete()  # the match mails themselves
    assert run_at(kickoff - dt.timedelta(days=2, seconds=1)) == []
    assert run_at(kickoff - dt.timedelta(days=2)) == [
        ("mel@example.org", "mentoring_kickoff", "SLLM 2025: the mentoring kick-off with Mona Mentor"),
        ("mona@example.org", "mentoring_kickoff", "SLLM 2025: the mentoring kick-off with Mel Mentee"),
    ]
    assert run_at(kickoff - dt.timedelta(days=1)) == []


def test_the_beat_schedule_runs_the_job_every_15_minutes():
    assert django_settings.CELERY_BEAT_SCHEDULE["sllm.reminders.send_due"] == {
        "task": "sllm.reminders.send_due",
        "schedule": 900.0,
    }


# ---- the organizers' page ----------------------------------------------------------------------------------


def page(edition):
    return reverse("reminders:organize", args=[edition.slug])


def update(edition):
    return reverse("reminders:setting-update", args=[edition.slug])


def test_page_lists_what_goes_next(client_for, edition, organizer, reviews):
    with time_machine.travel(DEADLINE - dt.timedelta(days=5), tick=False):
        response = client_for(organizer).get(page(edition))
    rows = {row["kind"]: (row["waiting"], row["next_at"], row["sent"]) for row in response.context["rows"]}
    assert rows == {
        "review_missing": (1, DEADLINE - dt.timedelta(days=3), 0),
        # three to the reviewer, and the organizer's copy with the third
        "review_late": (4, DEADLINE + dt.timedelta(days=2), 0),
        "camera_ready": (0, None, 0),
        "poster": (0, None, 0),
        "slides": (0, None, 0),
        "vote_closing": (0, None, 0),
        "mentoring_kickoff": (0, None, 0),
    }


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("author", 403), ("reviewer", 403), ("organizer", 200)])
def test_reminder_pages_are_the_organizers(client_for, edition, organizer, author, reviewer, who, status):
    user = {"author": author, "reviewer": reviewer, "organizer": organizer}.get(who)
    client = client_for(user)
    assert client.get(page(edition)).status_code == status
    posted = client.post(update(edition), {"kind": "review_missing", "days": "5"})
    assert posted.status_code == (302 if who == "organizer" else status)
    stored = list(ReminderSetting.objects.values_list("kind", "enabled", "days"))
    assert stored == ([("review_missing", False, 5)] if who == "organizer" else [])


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {"kind": "review_missing", "enabled": "on", "days": "99"},
            "days: Ensure this value is less than or equal to 60.",
        ),
        ({"kind": "nope", "days": "1"}, "kind: Select a valid choice. nope is not one of the available choices."),
        ({"kind": "poster", "enabled": "on", "days": "3"}, "Poster and slides reminders need their upload deadline."),
        ({"kind": "review_late", "days": "x"}, "days: Enter a whole number."),
    ],
)
def test_bad_settings_are_refused_and_nothing_stored(client_for, edition, organizer, data, error):
    response = client_for(organizer).post(update(edition), data)
    assert response.status_code == 400
    assert response.context["error"] == error
    assert ReminderSetting.objects.count() == 0
