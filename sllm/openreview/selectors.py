"""Reads of the OpenReview app."""

from sllm.workshops.models import Workshop

from .models import SubmissionRecord, SyncRun, VenueLink


def workshops_to_sync():
    return Workshop.objects.filter(openreview_link__auto_sync=True).order_by("slug")


def venue_link_get(*, workshop) -> VenueLink | None:
    return VenueLink.objects.filter(workshop=workshop).first()


def venue_review_deadline(*, workshop):
    """The review due date of the edition's venue, as the last sync read it (None when unknown)."""
    return VenueLink.objects.filter(workshop=workshop).values_list("review_deadline", flat=True).first()


def sync_run_list(*, workshop, limit: int = 20):
    return SyncRun.objects.filter(workshop=workshop).select_related("requested_by")[:limit]


def sync_run_get(*, workshop, run_id: int) -> SyncRun | None:
    return SyncRun.objects.filter(workshop=workshop, pk=run_id).first()


def submission_records(*, paper_ids) -> dict[int, SubmissionRecord]:
    return {r.paper_id: r for r in SubmissionRecord.objects.filter(paper_id__in=paper_ids)}
