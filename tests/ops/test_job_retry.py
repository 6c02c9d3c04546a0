"""The organizers' Retry of a failed or stale job, one endpoint for every family (ops:job-retry)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sllm.artifacts import services as artifact_services
from sllm.artifacts.models import BenchmarkJob, Checkpoint
from sllm.mail.models import OutboxMessage
from sllm.openreview.models import SyncRun
from sllm.proceedings.models import Build
from sllm.reviewing.models import Vote
from tests import factories

pytestmark = pytest.mark.django_db

LONG_AGO = dt.timedelta(hours=5)


@pytest.fixture
def paper(edition, main_track):
    return factories.PaperFactory(edition=edition, track=main_track)


def _url(edition, family, pk):
    return reverse("ops:job-retry", args=[edition.slug, family, pk])


def _stuck(family, edition, paper):
    """A row of the family that its Retry accepts, and how to read its state."""
    if family == "sync":
        row = SyncRun.objects.create(edition=edition, venue_id="V", status="failed", error="boom", sweeps=3)
        return row, lambda r: (r.status, r.sweeps, r.error)
    if family == "build":
        row = Build.objects.create(edition=edition, status="running", sweeps=1)
        Build.objects.filter(pk=row.pk).update(created_at=timezone.now() - LONG_AGO)
        return row, lambda r: (r.status, r.sweeps, r.message)
    if family == "tally":
        row = Vote.objects.create(
            edition=edition, kind="orals", seats=2, deadline=timezone.now(), state="tallying", tally_error="gave up"
        )
        return row, lambda r: (r.state, r.tally_sweeps, r.tally_error)
    if family == "checkpoint":
        row = Checkpoint.objects.create(
            paper=paper, file="artifacts/checkpoints/x.safetensors", size=1, status="failed", sweeps=3, error_code="x"
        )
        return row, lambda r: (r.status, r.sweeps, r.error_code)
    if family == "benchmark":
        runner, _ = artifact_services.runner_create(name="gpu-1", pool=edition.slug)
        row = BenchmarkJob.objects.create(
            paper=paper, spec={}, spec_sha256="b" * 64, time_limit_s=60, pool=edition.slug, status="running",
            runner=runner, attempts=2, started_at=timezone.now() - LONG_AGO,
        )  # fmt: skip
        return row, lambda r: (r.status, r.attempts, r.runner_id)
    row = OutboxMessage.objects.create(
        edition=edition, to="a@example.org", subject="s", body="b", template="t", status="dead", attempts=9
    )
    return row, lambda r: (r.status, r.attempts, r.last_error)


RETRIED = {
    "sync": ("queued", 0, ""),
    "build": ("queued", 0, ""),
    "tally": ("tallying", 0, ""),
    "checkpoint": ("uploaded", 0, ""),
    "benchmark": ("queued", 0, None),
    "mail": ("queued", 0, ""),
}
FAMILIES = sorted(RETRIED)


@pytest.mark.parametrize("family", FAMILIES)
def test_an_organizer_retries_a_stuck_job_of_each_family(
    family, edition, paper, organizer, client_for, django_capture_on_commit_callbacks
):
    row, state = _stuck(family, edition, paper)
    page = "/organize/sllm-2025/somewhere/?x=1"

    with django_capture_on_commit_callbacks() as sent:
        response = client_for(organizer).post(_url(edition, family, row.pk), {"next": page})
    row.refresh_from_db()

    assert (response.status_code, response["Location"]) == (302, page)
    assert state(row) == RETRIED[family]
    assert len(sent) == (0 if family == "benchmark" else 1)  # a runner polls for a benchmark; no message


@pytest.mark.parametrize("family", FAMILIES)
def test_anonymous_and_other_users_cannot_retry_and_nothing_changes(family, edition, paper, author, client_for):
    row, state = _stuck(family, edition, paper)
    before = state(row)
    url = _url(edition, family, row.pk)

    anonymous = client_for(None).post(url)
    other = client_for(author).post(url)
    row.refresh_from_db()

    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    assert other.status_code == 403
    assert state(row) == before


def test_a_get_is_refused(edition, paper, organizer, client_for):
    row, _ = _stuck("sync", edition, paper)
    assert client_for(organizer).get(_url(edition, "sync", row.pk)).status_code == 405


@pytest.mark.parametrize("family", FAMILIES)
def test_a_job_neither_failed_nor_stale_is_refused_with_409_and_left_alone(
    family, edition, paper, organizer, client_for
):
    fresh = {
        "sync": lambda: SyncRun.objects.create(edition=edition, venue_id="V", status="running"),
        "build": lambda: Build.objects.create(edition=edition, status="succeeded"),
        "tally": lambda: Vote.objects.create(
            edition=edition, kind="orals", seats=2, deadline=timezone.now(), state="tallying"
        ),
        "checkpoint": lambda: Checkpoint.objects.create(
            paper=paper, file="artifacts/checkpoints/x.safetensors", size=1, status="verified"
        ),
        "benchmark": lambda: BenchmarkJob.objects.create(
            paper=paper, spec={}, spec_sha256="b" * 64, time_limit_s=60, pool=edition.slug, status="done"
        ),
        "mail": lambda: OutboxMessage.objects.create(
            edition=edition, to="a@example.org", subject="s", body="b", template="t", status="sent"
        ),
    }[family]()
    before = type(fresh).objects.filter(pk=fresh.pk).values().get()

    response = client_for(organizer).post(_url(edition, family, fresh.pk))

    assert response.status_code == 409
    assert type(fresh).objects.filter(pk=fresh.pk).values().get() == before


@pytest.mark.parametrize("family", FAMILIES)
def test_a_job_of_another_edition_or_an_unknown_family_is_404(family, edition, paper, organizer, client_for):
    other = factories.EditionFactory(slug="other-2025")
    other_paper = factories.PaperFactory(edition=other, track=factories.TrackFactory(edition=other, kind="main"))
    row, state = _stuck(family, other, other_paper)
    before = state(row)

    assert client_for(organizer).post(_url(edition, family, row.pk)).status_code == 404
    assert client_for(organizer).post(_url(edition, "nonsense", row.pk)).status_code == 404
    row.refresh_from_db()
    assert state(row) == before


def test_an_outside_next_address_is_not_followed(edition, paper, organizer, client_for):
    row, _ = _stuck("sync", edition, paper)

    response = client_for(organizer).post(_url(edition, "sync", row.pk), {"next": "https://evil.example/"})

    assert response["Location"] == reverse("openreview:sync", args=[edition.slug])


def test_a_retried_sync_is_refused_while_another_is_under_way(edition, paper, organizer, client_for):
    row, state = _stuck("sync", edition, paper)
    SyncRun.objects.create(edition=edition, venue_id="V", status="running", started_at=timezone.now())

    response = client_for(organizer).post(_url(edition, "sync", row.pk))
    row.refresh_from_db()

    assert response.status_code == 409
    assert state(row) == ("failed", 3, "boom")
