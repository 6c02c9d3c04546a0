"""Text longer than the platform stores is cut by the importer to each model field's own max_length."""

import pytest

from sllm.openreview.services import venue_sync
from sllm.openreview.standin.venue import PC_EMAIL, PC_PASSWORD, VenueBuilder
from sllm.reviewing.models import Conflict, Decision, MetaReview
from sllm.submissions.models import Authorship, Paper

from .conftest import VENUE_ID

pytestmark = pytest.mark.django_db


def max_length(model, field: str) -> int:
    return model._meta.get_field(field).max_length


@pytest.fixture
def venue() -> VenueBuilder:
    """One paper whose title, author name, meta-review, decision and conflict label are all too long."""
    venue = VenueBuilder(VENUE_ID, seed=1, review_duedate=1_740_500_000_000)
    venue.add_program_chair("Pat Chair", PC_EMAIL, PC_PASSWORD)
    ac = venue.add_reviewer("Sofia Rossi", "sofia@polimi.it", area_chair=True)
    kwame = venue.add_reviewer("Kwame Mensah", "kwame@ug.edu.gh")
    venue.add_submission(
        number=1,
        title="T" * 1000,
        abstract="Long.",
        authors=[("N" * 1000, "~Ada_Lovelace1")],
        track="Main track",
        status="submitted",
        student="No",
    )
    venue.assign(1, ac, area_chair=True)
    venue.add_meta_review(1, ac, recommendation="R" * 1000)
    venue.add_decision(1, "D" * 1000)
    venue.add_conflict(1, kwame, label="L" * 1000)
    return venue


def test_overlong_text_is_cut_to_the_model_fields_max_length(standin):
    run = venue_sync(slug="sllm-2025", venue_id=VENUE_ID)

    assert run.status == "succeeded", run.error
    assert [
        Paper.objects.get().title,
        Authorship.objects.get().name,
        MetaReview.objects.get().recommendation,
        Decision.objects.get().decision,
        Conflict.objects.get().label,
    ] == [
        "T" * max_length(Paper, "title"),
        "N" * max_length(Authorship, "name"),
        "R" * max_length(MetaReview, "recommendation"),
        "D" * max_length(Decision, "decision"),
        "L" * max_length(Conflict, "label"),
    ]
    # A second sync sees the same cut values and writes nothing.
    assert venue_sync(slug="sllm-2025", venue_id=VENUE_ID).counts == {}
