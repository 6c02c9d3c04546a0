"""A first `venue_sync` against the stand-in: everything it imports, and a new edition's fields cut to their columns."""

import datetime as dt

import pytest

from sllm.accounts.models import Role, User
from sllm.openreview.models import SubmissionRecord, VenueLink
from sllm.openreview.services import venue_sync
from sllm.openreview.standin.venue import PC_EMAIL, PC_PASSWORD, VenueBuilder
from sllm.reviewing.models import Assignment, Conflict, Decision, MetaReview
from sllm.submissions.models import Authorship, Paper
from sllm.workshops.models import Edition

from .conftest import VENUE_ID, reviews_table, sync

pytestmark = pytest.mark.django_db


def test_first_sync_creates_the_edition_and_imports_everything(standin, venue):
    run = sync()

    edition = Edition.objects.get(slug="sllm-2025")
    assert (edition.name, edition.short_name, edition.openreview_venue_id, edition.start_date) == (
        "ICLR 2025 Workshop on Sparsity in LLMs",
        "SLLM 2025",
        VENUE_ID,
        dt.date(2025, 4, 27),
    )
    assert sorted(edition.tracks.values_list("kind", "name")) == [
        ("main", "Main track"),
        ("tiny", "Tiny Papers"),
    ]
    assert (run.status, run.error, run.requests) == ("succeeded", "", 14)
    assert run.warnings == [
        f"Submission 3 ({venue.submissions[3]}): author 'Olu Ade' has no profile id (no authorids)."
    ]
    assert sorted(
        (p.number, p.openreview_id, p.track.kind, p.status, p.title, p.topics) for p in Paper.objects.all()
    ) == [
        (1, venue.submissions[1], "main", "accepted", "Pruning at scale", ["Parameter Sparsity/Pruning"]),
        (2, venue.submissions[2], "tiny", "submitted", "Tiny sparse attention", []),
        (3, venue.submissions[3], "main", "withdrawn", "Withdrawn idea", []),
    ]
    assert sorted(
        (r.paper.number, r.track_value, r.student_paper, r.authorids)
        for r in SubmissionRecord.objects.select_related("paper")
    ) == [
        (1, "Main track", True, ["~Ada_Lovelace1", "wei@tsinghua.edu.cn"]),
        (2, "Tiny Papers", False, ["~Katherine_Johnson1"]),
        (3, "Main track", False, ["~Mina_Park1"]),
    ]
    assert list(
        Authorship.objects.order_by("paper__number", "position").values_list(
            "paper__number", "position", "name", "email", "openreview_id"
        )
    ) == [
        (1, 1, "Ada Lovelace", "", "~Ada_Lovelace1"),
        (1, 2, "Wei Chen", "wei@tsinghua.edu.cn", ""),
        (2, 1, "Katherine Johnson", "", "~Katherine_Johnson1"),
        (3, 1, "Mina Park", "", "~Mina_Park1"),
        (3, 2, "Olu Ade", "", ""),
    ]
    assert reviews_table() == [
        (1, "~Alan_Turing1", 6, 3, False, False, 2),
        (1, "~Emmy_Noether1", 7, 2, False, True, 3),
        (1, "~Grace_Hopper1", 8, 4, True, False, 1),
        (2, "~Kwame_Mensah1", 9, 5, True, False, 1),
    ]
    assert list(MetaReview.objects.values_list("paper__number", "area_chair__openreview_id", "recommendation")) == [
        (1, "~Sofia_Rossi1", "Accept (Oral)")
    ]
    assert list(Decision.objects.values_list("paper__number", "decision")) == [(1, "Accept (Oral)")]
    assert sorted(Assignment.objects.values_list("paper__number", "reviewer__openreview_id", "role")) == [
        (1, "~Alan_Turing1", "reviewer"),
        (1, "~Emmy_Noether1", "reviewer"),
        (1, "~Grace_Hopper1", "reviewer"),
        (1, "~Sofia_Rossi1", "area_chair"),
        (2, "~Grace_Hopper1", "reviewer"),
        (2, "~Kwame_Mensah1", "reviewer"),
    ]
    assert sorted(Conflict.objects.values_list("paper__number", "reviewer__openreview_id", "label")) == [
        (1, "~Kwame_Mensah1", "Conflict"),
        (2, "~Kwame_Mensah1", "Custom Conflict"),
    ]
    assert sorted(User.objects.values_list("openreview_id", "full_name", "email")) == [
        ("~Alan_Turing1", "Alan Turing", "alan_turing1@openreview.invalid"),
        ("~Emmy_Noether1", "Emmy Noether", "emmy_noether1@openreview.invalid"),
        ("~Grace_Hopper1", "Grace Hopper", "grace_hopper1@openreview.invalid"),
        ("~Kwame_Mensah1", "Kwame Mensah", "kwame_mensah1@openreview.invalid"),
        ("~Sofia_Rossi1", "Sofia Rossi", "sofia_rossi1@openreview.invalid"),
    ]
    assert sorted(Role.objects.values_list("user__openreview_id", "kind")) == [
        ("~Alan_Turing1", "reviewer"),
        ("~Emmy_Noether1", "reviewer"),
        ("~Grace_Hopper1", "reviewer"),
        ("~Kwame_Mensah1", "reviewer"),
        ("~Sofia_Rossi1", "area_chair"),  # the venue's Area_Chairs group
    ]
    assert VenueLink.objects.get().review_deadline == dt.datetime.fromtimestamp(1_740_500_000, tz=dt.UTC)
    assert run.counts == {
        "assignments": {"created": 6, "updated": 0, "deleted": 0},
        "authorships": {"created": 5, "updated": 0, "deleted": 0},
        "conflicts": {"created": 2, "updated": 0, "deleted": 0},
        "decisions": {"created": 1, "updated": 0, "deleted": 0},
        "meta_reviews": {"created": 1, "updated": 0, "deleted": 0},
        "papers": {"created": 3, "updated": 0, "deleted": 0},
        "reviews": {"created": 4, "updated": 0, "deleted": 0},
        "roles": {"created": 5, "updated": 0, "deleted": 0},
        "submission_records": {"created": 3, "updated": 0, "deleted": 0},
        "users": {"created": 5, "updated": 0, "deleted": 0},
        "venue": {"created": 0, "updated": 1, "deleted": 0},
    }
    assert run.rows_written == 36


LONG_VENUE_ID = "ICLR.cc/2025/Workshop/" + "SparsityInLargeLanguageModels" * 2


LONG_TITLE = "ICLR 2025 Workshop on Sparsity in Large Language Models, " * 5


LONG_LOCATION = "Singapore EXPO, 1 Expo Drive, Singapore 486150, " * 6


def long_named_venue() -> VenueBuilder:
    """A venue whose title, location and id are each longer than the edition field they fill."""
    venue = VenueBuilder(LONG_VENUE_ID, seed=1, title=LONG_TITLE)
    venue.add_program_chair("Pat Chair", PC_EMAIL, PC_PASSWORD)
    venue.groups[LONG_VENUE_ID]["content"]["location"] = {"value": LONG_LOCATION}
    return venue


@pytest.mark.parametrize("venue", [long_named_venue()])
def test_a_new_editions_fields_are_cut_to_exactly_their_column_lengths(standin, venue):
    run = venue_sync(slug="sllm-long", venue_id=LONG_VENUE_ID)

    edition = Edition.objects.get(slug="sllm-long")
    # The limits are read from the model, as the sync must: a migration that changes one changes the cut.
    limits = {field: Edition._meta.get_field(field).max_length for field in ("name", "short_name", "venue")}
    assert run.status == "succeeded"
    assert (edition.name, edition.short_name, edition.venue) == (
        LONG_TITLE[: limits["name"]],
        f"{LONG_VENUE_ID.rsplit('/', 1)[1]} 2025"[: limits["short_name"]],
        LONG_LOCATION[: limits["venue"]],
    )
    # Every value was longer than its column and is cut to exactly its length.
    assert [len(edition.name), len(edition.short_name), len(edition.venue)] == list(limits.values())
