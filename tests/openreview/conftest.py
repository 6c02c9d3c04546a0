"""A running stand-in with a small venue, helpers to change it between syncs, and the sync and the rows it writes."""

import pytest
import requests

from sllm.accounts.models import Role, User
from sllm.openreview.models import SubmissionRecord, SyncRun, VenueLink
from sllm.openreview.services import venue_sync
from sllm.openreview.standin import StandIn
from sllm.openreview.standin.venue import PC_EMAIL, PC_PASSWORD, VenueBuilder
from sllm.reviewing.models import Assignment, Conflict, Decision, MetaReview, Review
from sllm.submissions.models import Authorship, Paper
from sllm.workshops.models import Edition

VENUE_ID = "ICLR.cc/2025/Workshop/SLLM"
REVIEWER_PASSWORD = "reviewer-password"
AUTHOR_PASSWORD = "author-password"


def small_venue() -> VenueBuilder:
    """Three papers that between them hold every case the sync must map (see each comment)."""
    venue = VenueBuilder(VENUE_ID, seed=1, review_duedate=1_740_500_000_000)
    venue.add_program_chair("Pat Chair", PC_EMAIL, PC_PASSWORD)
    grace = venue.add_reviewer("Grace Hopper", "grace@yale.edu", password=REVIEWER_PASSWORD)
    alan = venue.add_reviewer("Alan Turing", "alan@manchester.ac.uk")
    emmy = venue.add_reviewer("Emmy Noether", "emmy@goettingen.de")
    kwame = venue.add_reviewer("Kwame Mensah", "kwame@ug.edu.gh")
    ac = venue.add_reviewer("Sofia Rossi", "sofia@polimi.it", area_chair=True)
    venue.add_profile("Ada Lovelace", "ada@ox.ac.uk", password=AUTHOR_PASSWORD)
    # 1: main track, student, accepted; ratings as int and as "6: ..." text, one review edited.
    venue.add_submission(
        number=1,
        title="Pruning at scale",
        abstract="We prune large language models.",
        authors=[("Ada Lovelace", "~Ada_Lovelace1"), ("Wei Chen", "wei@tsinghua.edu.cn")],
        track="Main track",
        status="accepted",
        student="Yes",
        topics=["Parameter Sparsity/Pruning"],
    )
    for reviewer in (grace, alan, emmy):
        venue.assign(1, reviewer)
    venue.add_review(1, grace, rating=8, confidence=4, nominate="Yes")
    venue.add_review(
        1,
        alan,
        rating="6: Marginally above the acceptance threshold",
        confidence="3: fairly confident",
        nominate="No",
    )
    venue.add_review(1, emmy, rating=7, confidence=2, edited=True)
    venue.assign(1, ac, area_chair=True)
    venue.add_meta_review(1, ac, recommendation="Accept (Oral)")
    venue.add_decision(1, "Accept (Oral)")
    venue.add_conflict(1, kwame)
    venue.assign(1, kwame, deleted=True)  # a soft-deleted assignment: ignored
    # 2: a tiny paper under review; Kwame is assigned, has a custom conflict, and nominated it anyway.
    venue.add_submission(
        number=2,
        title="Tiny sparse attention",
        abstract="Attention, but sparse.",
        authors=[("Katherine Johnson", "~Katherine_Johnson1")],
        track="Tiny Papers",
        status="submitted",
        student="No",
    )
    venue.assign(2, kwame)
    venue.assign(2, grace)
    venue.add_review(2, kwame, rating=9, confidence=5, nominate="Yes")
    venue.add_conflict(2, kwame, label="Custom Conflict")
    # 3: withdrawn, with unified author objects, one of them without a profile id.
    venue.add_submission(
        number=3,
        title="Withdrawn idea",
        abstract="Never mind.",
        authors=[("Mina Park", "~Mina_Park1"), ("Olu Ade", "")],
        unified_authors=True,
        track="Main track",
        status="withdrawn",
    )
    return venue


@pytest.fixture
def venue() -> VenueBuilder:
    return small_venue()


@pytest.fixture
def standin(venue, tmp_path, settings):
    server = StandIn(fixtures=venue.write(tmp_path / "venue")).start()
    settings.OPENREVIEW_BASEURL = server.url
    settings.OPENREVIEW_USERNAME = PC_EMAIL
    settings.OPENREVIEW_PASSWORD = PC_PASSWORD
    settings.OPENREVIEW_BACKOFF_S = 0.01
    settings.OPENREVIEW_BACKOFF_MAX_S = 0.05
    settings.OPENREVIEW_TIMEOUT_S = 5
    # These venues' notes name PDFs the stand-in does not hold; PDF fetching has its own tests (test_pdfs.py).
    settings.OPENREVIEW_FETCH_PDFS = False
    yield server
    server.stop()


def control(server, path: str, body=None) -> dict:
    """Calls one of the stand-in's /__standin__/ routes (POST with a body, GET without)."""
    url = f"{server.url}/__standin__/{path}"
    response = requests.post(url, json=body, timeout=5) if body is not None else requests.get(url, timeout=5)
    response.raise_for_status()
    return response.json()


@pytest.fixture
def small(tmp_path):
    """The small venue on a stand-in of its own, the platform's settings untouched: for tests of the stand-in."""
    venue = small_venue()
    server = StandIn(fixtures=venue.write(tmp_path / "small")).start()
    yield server, venue
    server.stop()


DOMAIN_MODELS = [
    Edition,
    User,
    Role,
    Paper,
    Authorship,
    SubmissionRecord,
    Review,
    MetaReview,
    Decision,
    Assignment,
    Conflict,
    VenueLink,
]


def database_state() -> dict:
    """Every row of every table a sync writes, as plain values, to compare before and after."""
    return {model.__name__: sorted(map(str, model.objects.values())) for model in DOMAIN_MODELS}


def sync(**kwargs) -> SyncRun:
    return venue_sync(slug="sllm-2025", venue_id=VENUE_ID, **kwargs)


def reviews_table() -> list[tuple]:
    return sorted(
        (
            r.paper.number,
            r.reviewer.openreview_id,
            r.rating,
            r.confidence,
            r.nominate_for_oral,
            r.edited,
            r.number,
        )
        for r in Review.objects.select_related("paper", "reviewer")
    )
