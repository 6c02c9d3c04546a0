"""Writes of the OpenReview app: linking an edition to its venue and syncing it.

A sync reads everything first (a fixed, small number of requests: openreview-api.md §9; fetch.py keeps
the submissions in a spool, so memory stays flat in the venue's size), then applies it in one
transaction. A network fault, 401, 429 or 5xx during the reads leaves every table as it was; only the
SyncRun row records the failure.
"""

import datetime as dt
import gc
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sllm.core.errors import ApplicationError, Conflict
from sllm.core.jobs import claim_expired_before, enqueue_on_commit
from sllm.core.sitecache import site_cache_bump
from sllm.workshops.models import Edition, Track

from .client import OpenReviewGateway, SyncError
from .fetch import venue_read
from .importer import VerdictInput, venue_import, verdicts_apply
from .importer.rows import fit
from .mapping import SyncOptions, mapping_errors, status_of, value_of, venue_keys, verdict_of
from .models import SubmissionRecord, SyncRun, VenueLink
from .pdfs import paper_pdfs_fetch, paper_supplementaries_fetch
from .selectors import sync_runs_active

logger = logging.getLogger(__name__)

STAGES = {
    "login": 5,
    "venue": 10,
    "groups": 20,
    "submissions": 50,
    "edges": 70,
    "profiles": 80,
    "saving": 90,
    "done": 100,
}
GatewayFactory = Callable[[], OpenReviewGateway]
SYNC_JOB = "sllm.openreview.sync_venue"


def _options(link: VenueLink) -> SyncOptions:
    return SyncOptions(
        track_field=link.track_field,
        student_field=link.student_field,
        nomination_field=link.nomination_field,
        nomination_yes=tuple(link.nomination_yes or ["Yes"]),
    )


def _parse_start_date(content: dict) -> dt.date:
    for key in ("start_date", "date"):
        value = content.get(key)
        if isinstance(value, int):
            return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC).date()
        if isinstance(value, str):
            text = re.sub(r"\s+", " ", value.replace(",", " ")).strip()
            for pattern in ("%Y-%m-%d", "%b %d %Y", "%B %d %Y", "%d %b %Y", "%d %B %Y"):
                try:
                    return dt.datetime.strptime(text, pattern).date()
                except ValueError:
                    continue
    return timezone.now().date()


def edition_from_venue(*, slug: str, venue_id: str, content: dict) -> Edition:
    """A new edition described by the venue group, with a Main and a Tiny Papers track."""
    start = _parse_start_date(content)
    parts = venue_id.split("/")
    year = next((p for p in parts if p.isdigit()), str(start.year))
    name = content.get("title") if isinstance(content.get("title"), str) else parts[-1]
    edition = Edition.objects.create(
        slug=slug,
        name=fit(Edition, "name", name),
        short_name=fit(Edition, "short_name", f"{parts[-1]} {year}"),
        start_date=start,
        end_date=start,
        venue=fit(Edition, "venue", str(content.get("location") or "")),
        openreview_venue_id=venue_id,
    )
    deadline = dt.datetime.combine(start, dt.time(23, 59), tzinfo=dt.UTC)
    for kind, name_, limit in (("main", "Main track", 5), ("tiny", "Tiny Papers", 2)):
        Track.objects.create(edition=edition, kind=kind, name=name_, page_limit=limit, submission_deadline=deadline)
    return edition


def venue_link_configure(*, edition: Edition, venue_id: str, options: SyncOptions | None = None) -> VenueLink:
    """Links the edition to its venue, keeping earlier field names unless new ones are given."""
    if edition.openreview_venue_id and edition.openreview_venue_id != venue_id:
        raise ApplicationError(
            f"The edition {edition.slug} is linked to the venue {edition.openreview_venue_id}, not {venue_id}.",
            code="venue_mismatch",
        )
    with transaction.atomic():
        if not edition.openreview_venue_id:
            edition.openreview_venue_id = venue_id
            edition.save(update_fields=["openreview_venue_id"])
        link, created = VenueLink.objects.get_or_create(
            edition=edition, defaults={"venue_id": venue_id, "nomination_yes": ["Yes"]}
        )
        if options is not None:
            values = {
                "venue_id": venue_id,
                "track_field": options.track_field,
                "student_field": options.student_field,
                "nomination_field": options.nomination_field,
                "nomination_yes": list(options.nomination_yes),
            }
            changed = [name for name, value in values.items() if getattr(link, name) != value]
            for name in changed:
                setattr(link, name, values[name])
            if changed:
                link.save(update_fields=[*changed, "updated_at"])
    return link


def sync_run_request(*, edition: Edition, user, trigger: str = "dashboard") -> SyncRun:
    """Queues a sync of the edition (the dashboard's button, the beat schedule).

    A sync already under way refuses a second one, unless it is stale (STALE_SYNC): a run left queued
    by a broker outage at commit is retried this way, by the next press or the hourly beat.
    """
    link = VenueLink.objects.filter(edition=edition).first()
    venue_id = link.venue_id if link else edition.openreview_venue_id
    if not venue_id:
        raise ApplicationError("This edition has no OpenReview venue id; set it first.", code="no_venue")
    with transaction.atomic():
        active = sync_runs_active(edition=edition).select_for_update().first()
        if active is not None:
            raise Conflict(
                f"A sync of this edition is already {active.status} (run {active.pk}).",
                code="sync_in_progress",
            )
        if link is None:
            venue_link_configure(edition=edition, venue_id=venue_id)
        run = SyncRun.objects.create(edition=edition, venue_id=venue_id, requested_by=user, trigger=trigger)
        enqueue_on_commit(SYNC_JOB, run.pk)
    return run


def _progress(run: SyncRun, stage: str) -> None:
    run.stage = stage
    run.progress = STAGES[stage]
    run.save(update_fields=["stage", "progress"])


def sync_run_execute(*, run_id: int, gateway_factory: GatewayFactory | None = None) -> SyncRun | None:
    """Runs a queued sync; returns None when the run no longer exists."""
    # The claim: one delivery of a message delivered twice runs the sync; the other returns the run as it is.
    # A finished run stays finished; a failed one may run again (the job's retry); a running one only once
    # its claim has outlived the job's time limit (its worker was killed).
    now = timezone.now()
    claimed = (
        SyncRun.objects.filter(pk=run_id)
        .filter(
            Q(status__in=[SyncRun.Status.QUEUED, SyncRun.Status.FAILED])
            | Q(status=SyncRun.Status.RUNNING, started_at__lt=claim_expired_before(SYNC_JOB, now=now))
        )
        .update(status=SyncRun.Status.RUNNING, started_at=now, error="")
    )
    run = SyncRun.objects.select_related("edition").filter(pk=run_id).first()
    if run is None or not claimed:
        return run
    link = VenueLink.objects.get(edition=run.edition)
    return _sync(run=run, link=link, gateway_factory=gateway_factory or OpenReviewGateway.from_settings)


def venue_sync(
    *,
    slug: str,
    venue_id: str,
    options: SyncOptions | None = None,
    user=None,
    gateway_factory: GatewayFactory | None = None,
    trigger: str = "command",
) -> SyncRun:
    """Syncs the edition from its venue now, creating the edition from the venue group when absent."""
    gateway_factory = gateway_factory or OpenReviewGateway.from_settings
    edition = Edition.objects.filter(slug=slug).first()
    gateway = None
    if edition is None:
        gateway = gateway_factory()
        group = gateway.group(venue_id)
        with transaction.atomic():
            edition = edition_from_venue(slug=slug, venue_id=venue_id, content=group["content"])
    link = venue_link_configure(edition=edition, venue_id=venue_id, options=options)
    if sync_runs_active(edition=edition).filter(status=SyncRun.Status.RUNNING).exists():
        raise Conflict(f"A sync of {slug} is already running.", code="sync_in_progress")
    run = SyncRun.objects.create(edition=edition, venue_id=venue_id, requested_by=user, trigger=trigger)
    return _sync(run=run, link=link, gateway_factory=(lambda: gateway) if gateway else gateway_factory)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block, as it was after.

    A sync builds a few hundred thousand containers (decoded JSON, mapped rows) that hold no reference
    cycles and are freed by reference counting; the collector would walk them again and again and find
    nothing (a whole sync leaves under two hundred objects in cycles), at about a tenth of the sync's time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _sync(*, run: SyncRun, link: VenueLink, gateway_factory: GatewayFactory) -> SyncRun:
    run.status, run.started_at, run.error = SyncRun.Status.RUNNING, timezone.now(), ""
    run.save(update_fields=["status", "started_at", "error"])
    gateway = read = None
    try:
        _progress(run, "login")
        gateway = gateway_factory()
        with _cyclic_gc_paused():
            progress = lambda stage: _progress(run, stage)  # noqa: E731 -- a one-line callback
            read = venue_read(gateway, venue_id=link.venue_id, options=_options(link), progress=progress)
            snapshot = read.snapshot
            _progress(run, "saving")
            with transaction.atomic():
                # One sync at a time per edition: a second waits here, then sees the first one's rows.
                link = VenueLink.objects.select_for_update().get(pk=link.pk)
                counts = venue_import(edition=run.edition, link=link, read=read)
                if counts.total:
                    # Accepted papers and decisions show on cached public pages.
                    transaction.on_commit(lambda: site_cache_bump(run.edition))
        if settings.OPENREVIEW_FETCH_PDFS:
            # After the import's commit: each PDF is its own small write, and a failed fetch is a warning.
            for action, n in paper_pdfs_fetch(edition=run.edition, gateway=gateway, warnings=snapshot.warnings).items():
                counts.add("pdfs", action, n)
            fetched = paper_supplementaries_fetch(edition=run.edition, gateway=gateway, warnings=snapshot.warnings)
            for action, n in fetched.items():
                counts.add("supplementary", action, n)
    except SyncError as exc:
        run.status, run.error = SyncRun.Status.FAILED, exc.message
        logger.warning("sync %s of %s failed: %s", run.pk, run.venue_id, exc.message)
        raise
    except Exception as exc:
        run.status, run.error = SyncRun.Status.FAILED, f"{type(exc).__name__}: {exc}"
        logger.exception("sync %s of %s failed", run.pk, run.venue_id)
        raise
    else:
        run.status, run.stage, run.progress = SyncRun.Status.SUCCEEDED, "done", 100
        run.counts, run.rows_written, run.warnings = counts.as_dict(), counts.total, snapshot.warnings
        if link.invite_after_sync:
            # Only people without an invitation yet are messaged: the run is idempotent.
            enqueue_on_commit("sllm.openreview.invite_people", run.edition.pk, [], False)
        return run
    finally:
        if read is not None:
            read.close()
        run.requests = gateway.requests if gateway else run.requests
        run.finished_at = timezone.now()
        run.save()


def decision_map_save(*, edition: Edition, mapping: dict) -> dict[str, int]:
    """Stores the edition's map of OpenReview decisions and applies it at once to the synced papers whose
    verdict it changes (a paper whose verdict stays keeps any organizer's choice)."""
    errors = mapping_errors(mapping)
    if errors:
        raise ApplicationError(" ".join(errors), code="invalid_decision_map")
    link = VenueLink.objects.filter(edition=edition).first()
    if link is None:
        raise ApplicationError("This edition is not linked to an OpenReview venue.", code="no_venue")
    keys = venue_keys(link.venue_id, link.venue_content)
    with transaction.atomic():
        link = VenueLink.objects.select_for_update().get(pk=link.pk)
        link.decision_map = mapping
        link.save(update_fields=["decision_map", "updated_at"])
        items = []
        for record in SubmissionRecord.objects.filter(paper__edition=edition).select_related("paper__decision"):
            decision = getattr(record.paper, "decision", None)
            venue_status = status_of(value_of(record.raw.get("content"), "venueid"), keys) or "submitted"
            verdict, _ = verdict_of(decision.decision if decision else None, venue_status=venue_status, mapping=mapping)
            items.append(
                VerdictInput(
                    paper_id=record.paper_id,
                    number=record.paper.number,
                    decision=decision.decision if decision else None,
                    verdict=verdict,
                )
            )
        written = verdicts_apply(items=items)
        if written["papers"]:
            transaction.on_commit(lambda: site_cache_bump(edition))
    return written
