"""One small edition holding a row of every kind the exports carry, some of them hostile to spreadsheets."""

import datetime as dt
from dataclasses import dataclass

import pytest

from sllm.mentoring import services as mentoring_services
from sllm.mentoring.models import MatchPair
from sllm.program.models import Feedback, SlotSpeaker
from sllm.reviewing.models import Assignment, Conflict, Decision, Review
from sllm.submissions.models import Paper, PaperFile
from tests import factories
from tests.grants.factories import make_application
from tests.mentoring.conftest import sign_up_mentee, sign_up_mentor
from tests.program.factories import SlotFactory, SpeakerFactory, at


@dataclass
class World:
    edition: object
    organizer: object
    grants_chair: object
    reviewer: object
    conflicted: object
    author: object
    affinity: float


@pytest.fixture
def world(edition, main_track, organizer, reviewer, author):
    grants_chair = factories.UserFactory(email="chair@example.org", full_name="Grace Chair")
    factories.grant(grants_chair, edition, "organizer")
    factories.grant(grants_chair, edition, "grants")
    conflicted = factories.UserFactory(email="conflicted@example.org", full_name="Carl Conflicted")
    factories.grant(conflicted, edition, "reviewer")

    hostile = factories.PaperFactory(
        track=main_track,
        number=1,
        title='=HYPERLINK("http://evil.example","x")',
        topics=["Sparsity in Attention", "Parameter Sparsity/Pruning"],
        status=Paper.Status.ACCEPTED,
        presentation=Paper.Presentation.ORAL,
        openreview_id="Note01",
        elsewhere="under_review",
        elsewhere_venue="=ICML 2026",
    )
    factories.AuthorshipFactory(
        paper=hostile,
        position=1,
        name="Ada Lovelace",
        email="ada@example.org",
        institution="Analytical",
        is_student=True,
        user=author,
    )
    factories.AuthorshipFactory(
        paper=hostile, position=2, name="@Bob", email="bob@example.org", institution="+Plus Lab"
    )
    PaperFile.objects.create(
        paper=hostile,
        kind="submission",
        file="papers/submission/x.pdf",
        sha256="0" * 64,
        size=10,
        pages=7,
        main_pages=5,
        page_limit=5,
        page_size="letter",
    )
    Decision.objects.create(paper=hostile, openreview_id="Dec01", decision="Accept (Oral)")
    plain = factories.PaperFactory(
        track=main_track, number=2, title="Plain sparse paper", topics=[], over_page_limit=True
    )
    factories.AuthorshipFactory(paper=plain, position=1, name="Cy", email="cy@example.org", institution="")

    Assignment.objects.create(paper=hostile, reviewer=reviewer)
    Review.objects.create(
        paper=hostile,
        reviewer=reviewer,
        number=1,
        rating=8,
        confidence=4,
        nominate_for_oral=True,
        submitted_at=dt.datetime(2026, 3, 1, 11, 30, tzinfo=dt.UTC),
    )
    Assignment.objects.create(paper=plain, reviewer=conflicted, assigned_by=organizer)
    Conflict.objects.create(
        paper=plain, reviewer=conflicted, label="Institutional", source="disclosed", reason="-same lab"
    )

    slot = SlotFactory(
        session__edition=edition,
        session__title="Morning",
        room__name="Hall A",
        kind="oral",
        title="=1+1 talk",
        paper=hostile,
        start=at("09:40"),
        end=at("10:00"),
    )
    SlotSpeaker.objects.create(slot=slot, speaker=SpeakerFactory(edition=edition, name="Host Person"), role="host")

    sign_up_mentor(edition, "mentor@example.org", full_name="Mona Mentor", topics=("Sparsity in Attention",))
    sign_up_mentee(
        edition, "mentee@example.org", full_name="Mel Mentee", self_identified=True, topics=("Sparsity in Attention",)
    )
    mentoring_services.matching_run(edition=edition, user=organizer)

    applicant = factories.UserFactory(email="traveller@example.org", full_name="Tara Traveller")
    application = make_application(edition, applicant, self_identifies=True, scores=[(grants_chair, 4), (organizer, 5)])
    application.status, application.award = "awarded", 1200
    application.save()

    Feedback.objects.create(edition=edition, content_rating=5, format_rating=3, comments="@here loved it")
    return World(
        edition, organizer, grants_chair, reviewer, conflicted, author, round(MatchPair.objects.get().affinity, 3)
    )
