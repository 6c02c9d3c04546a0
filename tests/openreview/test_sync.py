"""`venue_sync` against the stand-in: what it imports, idempotence, increments, faults."""

import datetime as dt
import json

import pytest
from django.core.management import call_command

from sllm.accounts.models import Role, User
from sllm.openreview.client import SyncError
from sllm.openreview.models import SubmissionRecord, SyncRun, VenueLink
from sllm.openreview.services import venue_sync
from sllm.openreview.standin.venue import PC_EMAIL, PC_PASSWORD, VenueBuilder
from sllm.reviewing.models import Assignment, Conflict, Decision, MetaReview, Review
from sllm.submissions.models import Authorship, Paper
from sllm.workshops.models import Edition

from .conftest import VENUE_ID, control

pytestmark = pytest.mark.django_db

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


def test_a_second_sync_with_no_change_writes_nothing(standin):
    sync()
    before = database_state()

    second = sync()

    assert (second.status, second.rows_written, second.counts, second.requests) == ("succeeded", 0, {}, 13)
    assert database_state() == before


def test_a_sync_needs_a_fixed_number_of_requests(standin):
    sync()
    control(standin, "requests", {})
    sync()
    paths = [r["path"] for r in control(standin, "requests")["requests"]]
    assert paths == [
        "/login",
        "/groups",
        "/groups",
        "/groups",
        "/groups",
        "/invitations",
        "/notes",
        "/notes",
        "/edges",
        "/edges",
        "/edges",
        "/edges",
        "/profiles/search",
    ]


def test_an_edited_review_is_updated_in_place_and_a_deleted_one_disappears(standin, venue):
    sync()
    grace_review = Review.objects.get(reviewer__openreview_id="~Grace_Hopper1", paper__number=1)
    note = next(n for n in venue.notes.values() if n["id"] == grace_review.openreview_id)
    edited = {
        **note,
        "content": {
            **note["content"],
            "rating": {"value": "3: reject"},
            "nominate_for_oral": {"value": "No"},
        },
        "tmdate": note["tmdate"] + 60_000,
    }
    alan_review = Review.objects.get(reviewer__openreview_id="~Alan_Turing1")
    control(standin, "seed", {"notes": [edited], "delete": {"notes": [alan_review.openreview_id]}})

    run = sync()

    assert reviews_table() == [
        (1, "~Emmy_Noether1", 7, 2, False, True, 3),
        (1, "~Grace_Hopper1", 3, 4, False, True, 1),
        (2, "~Kwame_Mensah1", 9, 5, True, False, 1),
    ]
    assert Review.objects.get(openreview_id=grace_review.openreview_id).pk == grace_review.pk
    assert run.counts == {"reviews": {"created": 0, "updated": 1, "deleted": 1}}


def test_a_new_conflict_appears_and_a_removed_assignment_goes(standin, venue):
    sync()
    edge = next(
        e
        for e in venue.edges.values()
        if e["invitation"].endswith("Assignment")
        and e["tail"] == "~Grace_Hopper1"
        and e["head"] == venue.submissions[2]
    )
    new_conflict = {
        **edge,
        "id": "NewConflict001",
        "invitation": f"{VENUE_ID}/Reviewers/-/Conflict",
        "weight": -1,
        "label": "Institutional (Yale)",
    }
    control(standin, "seed", {"edges": [new_conflict], "delete": {"edges": [edge["id"]]}})

    run = sync()

    assert run.counts == {
        "assignments": {"created": 0, "updated": 0, "deleted": 1},
        "conflicts": {"created": 1, "updated": 0, "deleted": 0},
    }
    assert sorted(
        Conflict.objects.values_list("paper__number", "reviewer__openreview_id", "label", "openreview_edge_id")
    ) == [
        (1, "~Kwame_Mensah1", "Conflict", Conflict.objects.get(paper__number=1).openreview_edge_id),
        (2, "~Grace_Hopper1", "Institutional (Yale)", "NewConflict001"),
        (
            2,
            "~Kwame_Mensah1",
            "Custom Conflict",
            Conflict.objects.get(paper__number=2, reviewer__openreview_id="~Kwame_Mensah1").openreview_edge_id,
        ),
    ]
    assert list(Assignment.objects.filter(paper__number=2).values_list("reviewer__openreview_id", flat=True)) == [
        "~Kwame_Mensah1"
    ]


def test_malformed_notes_become_warnings(standin, venue):
    sync()
    broken = {
        "id": "Broken0001",
        "forum": "Broken0001",
        "number": 4,
        "version": 2,
        "domain": VENUE_ID,
        "invitations": [f"{VENUE_ID}/-/Submission"],
        "signatures": [f"{VENUE_ID}/Submission4/Authors"],
        "readers": [VENUE_ID],
        "writers": [VENUE_ID],
        "content": {
            "title": {"value": "No abstract, odd track"},
            "track": {"value": "Poster Extravaganza"},
            "venueid": {"value": f"{VENUE_ID}/Submission"},
        },
        "cdate": 1,
        "tcdate": 1,
        "mdate": 1,
        "tmdate": 1,
    }
    odd = {
        **broken,
        "id": "Broken0002",
        "forum": "Broken0002",
        "number": 5,
        "content": {
            "abstract": {"value": "x"},
            "venueid": {"value": "Somewhere/Else"},
            "authors": {"value": ["A. Person"]},
        },
    }
    control(standin, "seed", {"notes": [broken, odd]})

    run = sync()

    assert run.status == "succeeded"
    assert run.warnings == [
        f"Submission 3 ({venue.submissions[3]}): author 'Olu Ade' has no profile id (no authorids).",
        "Submission 4 (Broken0001): no abstract.",
        "Submission 4 (Broken0001): no authors visible to the sync account.",
        "Submission 5 (Broken0002): no title.",
        "Submission 5 (Broken0002): unknown venueid 'Somewhere/Else'; treated as submitted.",
        "Submission 5 (Broken0002): authors without authorids; profile ids unknown.",
        "Submission 5 (Broken0002): 1 author names but 0 author ids.",
        "Submission 4 (Broken0001): unknown track 'Poster Extravaganza'; paper skipped.",
    ]
    assert list(Paper.objects.filter(number=5).values_list("title", "track__kind", "status")) == [
        ("Untitled submission 5", "main", "submitted")
    ]
    assert Paper.objects.filter(number=4).exists() is False


@pytest.mark.parametrize(
    "fault",
    [
        {"route": "/edges", "kind": "503", "count": 20},
        {"route": "/groups", "kind": "429", "count": 20, "retry_after": 1},
        {"route": "/notes", "kind": "drop", "count": 20},
        {"route": "/profiles/search", "kind": "500", "count": 20},
        {"route": "/edges", "kind": "expired", "count": 2},
    ],
    ids=["503", "429", "network", "500", "401"],
)
def test_a_fault_mid_sync_leaves_the_database_as_it_was(standin, venue, settings, fault):
    sync()
    # Something changed on OpenReview that the failed sync must not half-import.
    control(
        standin,
        "seed",
        {"delete": {"notes": [Review.objects.get(reviewer__openreview_id="~Grace_Hopper1").openreview_id]}},
    )
    settings.OPENREVIEW_RETRIES = 2
    settings.OPENREVIEW_RETRY_AFTER_MAX_S = 0.5  # a 1 s Retry-After is then not waited for
    before = database_state()
    control(standin, "faults", fault)

    with pytest.raises(SyncError) as caught:
        sync()

    assert database_state() == before
    failed = SyncRun.objects.order_by("-id").first()
    assert (failed.status, failed.error, failed.rows_written) == ("failed", caught.value.message, 0)


def test_wrong_credentials_give_one_clear_error(standin, settings):
    settings.OPENREVIEW_PASSWORD = "wrong"

    with pytest.raises(SyncError) as caught:
        sync()

    assert (caught.value.code, caught.value.message) == (
        "login_failed",
        "OpenReview refused the login of pc@sllm.example.org: Invalid username or password",
    )
    assert Edition.objects.exists() is False


def test_the_command_prints_the_run_as_json(standin, capsys):
    call_command("sync_openreview", "--venue", VENUE_ID, "--workshop", "sllm-2025")
    first = json.loads(capsys.readouterr().out)
    call_command("sync_openreview", "--venue", VENUE_ID, "--workshop", "sllm-2025")
    second = json.loads(capsys.readouterr().out)

    run = SyncRun.objects.order_by("id").last()
    assert second == {
        "run": run.pk,
        "workshop": "sllm-2025",
        "venue_id": VENUE_ID,
        "status": "succeeded",
        "requests": 13,
        "rows_written": 0,
        "counts": {},
        "warnings": first["warnings"],
    }
    assert first["rows_written"] == 36


def test_the_command_reports_errors_as_json_on_stderr(standin, settings, capsys):
    settings.OPENREVIEW_PASSWORD = "wrong"

    with pytest.raises(SystemExit) as exited:
        call_command("sync_openreview", "--venue", VENUE_ID, "--workshop", "sllm-2025")

    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert (captured.out, json.loads(captured.err)) == (
        "",
        {
            "error": "login_failed",
            "message": "OpenReview refused the login of pc@sllm.example.org: Invalid username or password",
        },
    )


def test_custom_field_names_and_yes_values(standin, venue):
    note_id = venue.submissions[1]
    review = next(
        n
        for n in venue.notes.values()
        if n.get("forum") == note_id and n["invitations"][0].endswith("Official_Review") and n["number"] == 2
    )
    changed = {**review, "content": {**review["content"], "select_as_oral": {"value": "Definitely: strong"}}}
    control(standin, "seed", {"notes": [changed]})
    call_command(
        "sync_openreview",
        "--venue",
        VENUE_ID,
        "--workshop",
        "sllm-2025",
        "--nomination-field",
        "select_as_oral",
        "--nomination-yes",
        "Definitely",
        "--student-field",
        "missing_field",
    )

    assert list(Review.objects.filter(nominate_for_oral=True).values_list("reviewer__openreview_id", flat=True)) == [
        "~Alan_Turing1"
    ]
    assert list(SubmissionRecord.objects.filter(student_paper=True)) == []
