"""The sync's reads decoded item by item from spooled bodies, and its rows written as plain tuples: the
same data as openreview-py's own reads, the same rows on SQLite (the demo) as on PostgreSQL."""

import pytest
from django.db import connection
from django.utils import timezone

from sllm.accounts.models import User
from sllm.openreview.client import OpenReviewGateway, RetryPolicy, SyncError
from sllm.openreview.client import gateway as gateway_module
from sllm.openreview.client.shapes import _edge
from sllm.openreview.models import SubmissionRecord
from sllm.openreview.services import venue_sync
from sllm.openreview.standin.venue import PC_EMAIL, PC_PASSWORD
from sllm.reviewing.models import Conflict
from sllm.submissions.models import Paper
from tests.sqlite_probe import sqlite_probe

from .conftest import VENUE_ID, control
from .sync_probe import SLUG, synced_rows

EDGE_INVITATIONS = [f"{VENUE_ID}/{committee}/-/{kind}" for committee in ("Reviewers", "Area_Chairs") for kind in ("Assignment", "Conflict")]  # fmt: skip


@pytest.fixture
def gateway(standin):
    policy = RetryPolicy(retries=2, backoff_s=0, backoff_max_s=0, retry_after_max_s=0, timeout_s=5)
    return OpenReviewGateway(baseurl=standin.url, username=PC_EMAIL, password=PC_PASSWORD, policy=policy)


def library_note(note) -> dict:
    """An openreview-py Note as the platform reads notes (the fields it uses, lists and dicts never None)."""
    return {
        "id": note.id,
        "number": note.number,
        "forum": note.forum,
        "replyto": note.replyto,
        "invitations": note.invitations or [],
        "signatures": note.signatures or [],
        "readers": note.readers or [],
        "content": note.content or {},
        "details": note.details or {},
        "cdate": note.cdate,
        "tcdate": note.tcdate,
        "mdate": note.mdate,
        "tmdate": note.tmdate,
        "ddate": note.ddate,
    }


def test_streamed_notes_edges_and_groups_are_what_openreview_py_reads(gateway):
    library = gateway._client
    notes = library.get_all_notes(invitation=f"{VENUE_ID}/-/Submission", details="replies", domain=VENUE_ID)
    groups = library.get_all_groups(prefix=f"{VENUE_ID}/Submission")

    assert gateway.notes(invitation=f"{VENUE_ID}/-/Submission", domain=VENUE_ID) == [library_note(n) for n in notes]
    assert len(notes) == 3
    for invitation in EDGE_INVITATIONS:
        assert gateway.edges(invitation=invitation) == [_edge(e) for e in library.get_all_edges(invitation=invitation)]
    assert sorted(gateway.group_members(prefix=f"{VENUE_ID}/Submission")) == sorted(
        (g.id, g.members or []) for g in groups
    )


def test_selected_edge_fields_come_alone_and_the_others_read_none(gateway, venue):
    invitation = f"{VENUE_ID}/Reviewers/-/Conflict"
    whole = gateway.edges(invitation=invitation)

    selected = list(gateway.each_edge(invitation=invitation, select="id,head,tail,label,ddate"))

    assert selected == [{**edge, "invitation": None, "weight": None, "tmdate": None, "cdate": None} for edge in whole]
    assert [(e["head"], e["label"]) for e in selected] == [
        (venue.submissions[1], "Conflict"),
        (venue.submissions[2], "Custom Conflict"),
    ]


def test_a_body_past_the_memory_spool_is_read_back_from_disk_alike(gateway, monkeypatch):
    expected = {invitation: gateway.edges(invitation=invitation) for invitation in EDGE_INVITATIONS}
    monkeypatch.setattr(gateway_module, "SPOOL_MAX", 16)
    monkeypatch.setattr(gateway_module, "BLOCK", 7)

    assert {invitation: gateway.edges(invitation=invitation) for invitation in EDGE_INVITATIONS} == expected


def test_a_body_cut_off_half_way_is_requested_again(standin, gateway):
    expected = gateway.edges(invitation=f"{VENUE_ID}/Reviewers/-/Assignment")
    control(standin, "faults", {"route": "/edges", "kind": "truncated", "count": 1})
    control(standin, "requests", {})

    assert gateway.edges(invitation=f"{VENUE_ID}/Reviewers/-/Assignment") == expected
    assert [r["path"] for r in control(standin, "requests")["requests"]] == ["/edges", "/edges"]


def test_a_body_cut_off_every_time_is_one_clear_error(standin, gateway):
    control(standin, "faults", {"route": "/notes", "kind": "truncated", "count": 3})

    with pytest.raises(SyncError) as caught:
        gateway.notes(invitation=f"{VENUE_ID}/-/Submission", domain=VENUE_ID)

    assert caught.value.code == "unavailable"
    assert caught.value.message.startswith(
        f"Reading the notes of {VENUE_ID}/-/Submission: OpenReview kept failing after 3 attempt(s); last: "
    )


def test_notes_are_paged_as_openreview_py_pages_them(standin, gateway, venue):
    control(standin, "requests", {})

    pages = [list(page) for page in gateway.note_pages(invitation=f"{VENUE_ID}/-/Submission", page_size=2)]

    ids = sorted(venue.submissions.values())
    assert [[note["id"] for note in page] for page in pages] == [ids[:2], ids[2:], []]
    queries = [r["query"] for r in control(standin, "requests")["requests"]]
    assert [("count=true" in q, f"after={ids[1]}" in q, f"after={ids[2]}" in q) for q in queries] == [
        (True, False, False),
        (False, True, False),
        (False, False, True),
    ]


def test_a_page_left_half_read_is_read_to_its_end_before_the_next(gateway, venue):
    pages = gateway.note_pages(invitation=f"{VENUE_ID}/-/Submission", page_size=2)

    firsts = [next(page, None) for page in pages]

    ids = sorted(venue.submissions.values())
    assert [note and note["id"] for note in firsts] == [ids[0], ids[2], None]


@pytest.mark.django_db
def test_the_sync_writes_the_same_rows_on_sqlite_as_on_postgresql(standin, tmp_path):
    assert connection.vendor == "postgresql"
    on_sqlite = sqlite_probe(
        "tests/openreview/sync_probe.py", standin.url, tmp_path=tmp_path, OPENREVIEW_FETCH_PDFS="0"
    )

    runs = [venue_sync(slug=SLUG, venue_id=VENUE_ID) for _ in range(2)]

    assert on_sqlite == {"rows": synced_rows(), "counts": [run.counts for run in runs]}
    assert runs[1].counts == {}
    assert sum(len(rows) for rows in on_sqlite["rows"].values()) == runs[0].rows_written - 1 == 35  # less the VenueLink


@pytest.mark.django_db
def test_rows_copied_in_hold_what_a_new_model_instance_holds(standin):
    started = timezone.now()
    run = venue_sync(slug=SLUG, venue_id=VENUE_ID)

    paper = Paper.objects.get(number=1)
    assert (paper.elsewhere, paper.elsewhere_venue, paper.over_page_limit, paper.submitted_by_id) == (
        "",
        "",
        False,
        None,
    )
    assert started < paper.created_at == paper.updated_at < run.finished_at
    record = SubmissionRecord.objects.get(paper=paper)
    assert (record.pdf_ref, record.supplementary_ref, record.raw["id"], record.authorids) == (
        "",
        "",
        paper.openreview_id,
        ["~Ada_Lovelace1", "wei@tsinghua.edu.cn"],
    )
    conflict = Conflict.objects.get(paper=paper)
    assert (conflict.source, conflict.reason, conflict.edge_claimed_at) == ("openreview", "", None)
    users = list(User.objects.all())
    assert len(users) == 5
    assert all(u.is_active and not u.is_staff and not u.has_usable_password() for u in users)
    assert all(started < u.date_joined < run.finished_at for u in users)
