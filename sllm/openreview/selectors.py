"""Reads of the OpenReview app."""

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from sllm.core.jobs import handed_out_at, stale_before
from sllm.reviewing.models import Decision
from sllm.workshops.models import Edition

from .mapping import verdict_key, verdict_of
from .models import STALE_SYNC, SYNC_JOB, SubmissionRecord, SyncRun, VenueLink


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
        | Q(status=SyncRun.Status.QUEUED, swept_at__gt=cutoff)
        | Q(status=SyncRun.Status.RUNNING, started_at__gt=cutoff),
        edition=edition,
    )


def sync_runs_stale(*, now=None) -> QuerySet:
    """Syncs queued or running since before their time limit and its grace (sllm/core/jobs.py)."""
    return (
        SyncRun.objects.filter(status__in=[SyncRun.Status.QUEUED, SyncRun.Status.RUNNING])
        .alias(handed_out_at=handed_out_at())
        .filter(handed_out_at__lt=stale_before(SYNC_JOB, now=now))
    )


def sync_run_get(*, edition, run_id: int) -> SyncRun | None:
    return SyncRun.objects.filter(edition=edition, pk=run_id).first()


def submission_records(*, paper_ids) -> dict[int, SubmissionRecord]:
    return {r.paper_id: r for r in SubmissionRecord.objects.filter(paper_id__in=paper_ids)}


COMMON_DECISIONS = ("Accept (Oral)", "Accept (Spotlight)", "Accept (Poster)", "Reject")


def decision_options(*, edition) -> list[dict]:
    """Every decision the edition's map should cover: the usual ones, the venue's own options, those its
    papers received and those already mapped; each with the verdict it gives now and how many papers had it."""
    link = venue_link_get(edition=edition)
    mapping = (link.decision_map if link else None) or {}
    content = (link.venue_content if link else None) or {}
    counts: dict[str, int] = {}
    for text in Decision.objects.filter(paper__edition=edition).values_list("decision", flat=True):
        counts[text] = counts.get(text, 0) + 1
    venue_options = [
        o
        for key in ("decision_options", "accept_decision_options")
        for o in (content.get(key) or [])
        if isinstance(o, str)
    ]
    names = list(dict.fromkeys([*COMMON_DECISIONS, *venue_options, *sorted(counts), *mapping]))
    options = []
    for name in names:
        (status, presentation), recognised = verdict_of(name, venue_status="submitted", mapping=mapping)
        options.append(
            {
                "decision": name,
                "verdict": verdict_key((status, presentation)) if recognised else "",
                "mapped": name in mapping,
                "papers": counts.get(name, 0),
            }
        )
    return options


def paper_forum_section(paper) -> dict:
    """The public paper page's link to the paper's OpenReview forum (reviews and discussion, as public there)."""
    if not paper.openreview_id:
        return {"forum_url": None}
    return {"forum_url": f"{settings.OPENREVIEW_SITE_URL.rstrip('/')}/forum?id={paper.openreview_id}"}
