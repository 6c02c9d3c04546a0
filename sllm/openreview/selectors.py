"""Reads of the OpenReview app."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from sllm.workshops.models import Edition

from .models import STALE_SYNC, SubmissionRecord, SyncRun, VenueLink


def workshops_to_sync():
    return Edition.objects.filter(openreview_link__auto_sync=True).order_by("slug")


def edition_by_id(edition_id: int) -> Edition | None:
    return Edition.objects.filter(pk=edition_id).first()


def edition_by_slug(slug: str) -> Edition | None:
    return Edition.objects.filter(slug=slug).first()


def venue_link_get(*, edition) -> VenueLink | None:
    return VenueLink.objects.filter(edition=edition).first()


def venue_review_deadline(*, edition):
    """The review due date of the edition's venue, as the last sync read it (None when unknown)."""
    return VenueLink.objects.filter(edition=edition).values_list("review_deadline", flat=True).first()


def sync_run_list(*, edition, limit: int = 20):
    return SyncRun.objects.filter(edition=edition).select_related("requested_by")[:limit]


def sync_runs_active(*, edition, now=None) -> QuerySet:
    """The edition's syncs still under way: queued or running, and younger than STALE_SYNC."""
    cutoff = (now or timezone.now()) - STALE_SYNC
    return SyncRun.objects.filter(
        Q(status=SyncRun.Status.QUEUED, created_at__gt=cutoff)
        | Q(status=SyncRun.Status.RUNNING, started_at__gt=cutoff),
        edition=edition,
    )


def sync_run_get(*, edition, run_id: int) -> SyncRun | None:
    return SyncRun.objects.filter(edition=edition, pk=run_id).first()


def submission_records(*, paper_ids) -> dict[int, SubmissionRecord]:
    return {r.paper_id: r for r in SubmissionRecord.objects.filter(paper_id__in=paper_ids)}
