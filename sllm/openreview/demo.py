"""The demo's OpenReview venue: generated to match the demo papers, served by the local stand-in in a
thread, and synced, so `make demo` shows reviews, nominations, conflicts and coverage offline.

The fixture folder stays under MEDIA_ROOT/openreview-demo, where `make demo` serves it again so the
dashboard's sync button works too.
"""

import random
from pathlib import Path

from django.conf import settings

from sllm.submissions.models import Paper, PaperFile

from .client import OpenReviewGateway, RetryPolicy
from .invitations.services import invitation_run
from .services import venue_sync
from .standin import StandIn
from .standin.venue import VenueBuilder

DEMO_VENUE = "ICLR.cc/2025/Workshop/SLLM"
PC_EMAIL = "pc@sllm.example.org"
PC_PASSWORD = "sllm-demo-openreview"
DEMO_PORT = 8765
GRACE = ("Grace Hopper", "reviewer@sllm.example.org", "~Grace_Hopper1")
REVIEWERS = [
    "Emmy Noether",
    "John Chen",
    "Sofia Garcia",
    "Wei Nakamura",
    "Priya Singh",
    "Kwame Mensah",
    "Lena Schmidt",
    "Mateo Rossi",
    "Yuki Tanaka",
    "Amir Haddad",
    "Chloe Dubois",
    "Tariq Ahmed",
]
AREA_CHAIR = ("Alan Turing", "mentor@sllm.example.org", "~Alan_Turing1")


def fixture_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "openreview-demo"


def _profile_id(name: str) -> str:
    return "~" + "_".join(name.split()) + "1"


def build_venue(*, edition, papers: list[Paper]):
    """The venue as OpenReview would hold it for these papers; the same papers give the same venue."""
    rng = random.Random(2025)
    venue_id = edition.openreview_venue_id or DEMO_VENUE
    duedate = 1_742_000_000_000  # 2025-03-15: some demo reviews come in after it
    venue = VenueBuilder(venue_id, seed=2025, title=edition.name, review_duedate=duedate)
    venue.add_program_chair("Yani Ioannou", PC_EMAIL, PC_PASSWORD)
    grace = venue.add_reviewer(GRACE[0], GRACE[1], profile_id=GRACE[2], password="sllm-demo-2025")
    pool = [grace] + [
        venue.add_reviewer(name, f"{name.split()[0].lower()}@reviewers.example.org") for name in REVIEWERS
    ]
    chair = venue.add_reviewer(AREA_CHAIR[0], AREA_CHAIR[1], profile_id=AREA_CHAIR[2], area_chair=True)
    for paper in papers:
        authors = [
            (a.name, a.openreview_id or (a.email if a.email else _profile_id(a.name))) for a in paper.authorships.all()
        ]
        venue.add_submission(
            number=paper.number,
            title=paper.title,
            abstract=paper.abstract,
            authors=authors,
            track=paper.track.openreview_value or paper.track.name,
            status=paper.status,
            topics=paper.topics,
            student="Yes" if any(a.is_student for a in paper.authorships.all()) else "No",
        )
        submission = next((f for f in paper.files.all() if f.kind == PaperFile.Kind.SUBMISSION), None)
        if submission is not None:
            # OpenReview holds the same PDF, so the sync's PDF fetch finds it unchanged in content.
            with submission.file.open("rb") as handle:
                venue.attach(paper.number, handle.read())
        # Grace reviews every fourth paper, so the reviewer demo login has a list to look at.
        others = rng.sample(pool[1:], 4)
        reviewers = ([grace] + others[:2]) if paper.number % 4 == 1 else others[:3]
        # Every sixth paper is one review short: the coverage page and the reassignment have work.
        writing = reviewers[:2] if paper.number % 6 == 0 else reviewers
        for reviewer in reviewers:
            venue.assign(paper.number, reviewer)
        for index, reviewer in enumerate(writing):
            late = paper.number % 5 == 0 and index == 0
            venue.add_review(
                paper.number,
                reviewer,
                rating=rng.randint(3, 9),
                confidence=rng.randint(2, 5),
                nominate="Yes" if paper.number % 7 in (1, 3) and index < 2 else "No",
                edited=paper.number % 8 == 0 and index == 1,
                created=duedate + 86_400_000 if late else None,
            )
        # A conflict the matcher found with someone not assigned, and now and then one with an assignee.
        venue.add_conflict(paper.number, others[3])
        if paper.number % 9 == 2:
            venue.add_conflict(paper.number, reviewers[-1], label="Custom Conflict")
        if paper.status in (Paper.Status.ACCEPTED, Paper.Status.REJECTED):
            venue.assign(paper.number, chair, area_chair=True)
            # The decision agrees with the presentation the demo program gave the paper, so the sync
            # (which maps decisions to presentations) keeps the released program as it is.
            decision = (
                "Reject"
                if paper.status == Paper.Status.REJECTED
                else ("Accept (Oral)" if paper.presentation == Paper.Presentation.ORAL else "Accept (Poster)")
            )
            venue.add_meta_review(paper.number, chair, recommendation=decision)
            venue.add_decision(paper.number, decision)
    return venue


def load(*, edition, stdout) -> None:
    papers = list(
        Paper.objects.filter(edition=edition)
        .select_related("track")
        .prefetch_related("authorships", "files")
        .order_by("number")
    )
    if not papers:
        stdout.write("  no demo papers: OpenReview venue skipped")
        return
    folder = build_venue(edition=edition, papers=papers).write(fixture_dir())
    with StandIn(fixtures=folder) as server:

        def gateway():
            return OpenReviewGateway(
                baseurl=server.url,
                username=PC_EMAIL,
                password=PC_PASSWORD,
                policy=RetryPolicy(retries=2, backoff_s=0.1),
            )

        run = venue_sync(
            slug=edition.slug,
            venue_id=edition.openreview_venue_id or DEMO_VENUE,
            trigger="demo",
            gateway_factory=gateway,
        )
        # The same run an organizer starts from Dashboard -> Invitations; idempotent on a second load.
        invited = invitation_run(edition=edition, gateway_factory=gateway)
    stdout.write(
        f"  OpenReview venue synced from the local stand-in ({run.requests} requests, {run.rows_written} rows written)"
    )
    stdout.write(
        f"  invitations through OpenReview: {len(invited['invited'])} sent, "
        f"{len(invited['already_invited'])} sent before, {len(invited['has_login'])} with a login"
    )
