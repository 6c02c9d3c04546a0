"""Writes of the workshops app: the organizers' call for papers (text and rules sanitised once, when
saved, and the tracks' dates) and a new edition, made by a site administrator from the pages."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from sllm.accounts.models import Role
from sllm.accounts.services import role_grant
from sllm.core.errors import ApplicationError, Conflict
from sllm.core.rendering import markdown_to_safe_html
from sllm.core.sitecache import site_cache_bump

from .models import CallForPapers, CommunityChannel, Edition, Track, validate_timezone
from .selectors import community_links

MAX_TEXT = 50_000
TRACKS = (("main", "Main track", 5), ("tiny", "Tiny Papers", 2))


def call_update(
    *,
    edition: Edition,
    text: str,
    formatting_rules: str,
    dual_submission_rule: str = "",
    deadlines: dict[int, tuple[dt.datetime, dt.datetime | None]],
    user,
) -> CallForPapers:
    """Saves the call's text and each track's submission and camera-ready deadlines together, or nothing."""
    if not text.strip() or len(text) > MAX_TEXT or len(formatting_rules) > MAX_TEXT:
        raise ApplicationError("The call's text must have 1 to 50,000 characters.", code="bad_text")
    tracks = {t.pk: t for t in Track.objects.filter(edition=edition)}
    if set(deadlines) - set(tracks):
        raise ApplicationError("A deadline names a track of another edition.", code="bad_track")
    for pk, (submission, camera_ready) in deadlines.items():
        if camera_ready is not None and camera_ready <= submission:
            raise ApplicationError(
                f"{tracks[pk].name}: the camera-ready deadline must come after the submission deadline.",
                code="bad_deadlines",
            )
    with transaction.atomic():
        call, _ = CallForPapers.objects.update_or_create(
            edition=edition,
            defaults={
                "text": text,
                "text_html": markdown_to_safe_html(text),
                "formatting_rules": formatting_rules,
                "formatting_html": markdown_to_safe_html(formatting_rules) if formatting_rules.strip() else "",
                "dual_submission_rule": dual_submission_rule.strip(),
                "updated_by": user,
            },
        )
        for pk, (submission, camera_ready) in deadlines.items():
            Track.objects.filter(pk=pk).update(submission_deadline=submission, camera_ready_deadline=camera_ready)
        transaction.on_commit(lambda: site_cache_bump(edition))
    return call


def edition_create(
    *,
    creator,
    slug: str,
    name: str,
    short_name: str,
    start_date: dt.date,
    end_date: dt.date,
    timezone: str,
    venue: str = "",
    openreview_venue_id: str = "",
    submission_deadline: dt.datetime,
) -> Edition:
    """An edition with its Main (5 pages) and Tiny Papers (2 pages) tracks; the creator organizes it."""
    if end_date < start_date:
        raise ApplicationError("The edition ends before it starts.", code="invalid", extra={"field": "end_date"})
    try:
        validate_timezone(timezone)
    except Exception as exc:
        raise ApplicationError(
            f"{timezone!r} is not an IANA time zone.", code="invalid", extra={"field": "timezone"}
        ) from exc
    with transaction.atomic():
        if Edition.objects.filter(slug=slug).exists():
            raise Conflict(
                f"An edition with the address {slug!r} exists already.", code="duplicate_slug", extra={"field": "slug"}
            )
        edition = Edition.objects.create(
            slug=slug,
            name=name.strip(),
            short_name=short_name.strip(),
            start_date=start_date,
            end_date=end_date,
            timezone=timezone,
            venue=venue.strip(),
            openreview_venue_id=openreview_venue_id.strip(),
        )
        for kind, track_name, limit in TRACKS:
            Track.objects.create(
                edition=edition, kind=kind, name=track_name, page_limit=limit, submission_deadline=submission_deadline
            )
        role_grant(user=creator, edition=edition, kind=Role.Kind.ORGANIZER)
    return edition


def track_set_uncounted_sections(*, track: Track, sections: list[str]) -> Track:
    """Sets which closing sections after the body do not count towards the track's page limit.

    Stored in the order the call lists them, without repeats; an unknown kind is refused and nothing changes.
    Papers already checked keep their figures until they are checked again.
    """
    if not isinstance(sections, list) or not all(isinstance(kind, str) for kind in sections):
        raise ApplicationError("sections must be a list of section kinds.", code="invalid")
    known = Track.UncountedSection.values
    unknown = sorted(set(sections) - set(known))
    if unknown:
        raise ApplicationError(
            f"Unknown section kind(s): {', '.join(unknown)}. Known: {', '.join(known)}.",
            code="invalid",
            extra={"fields": {"sections": unknown}},
        )
    with transaction.atomic():
        locked = Track.objects.select_for_update().get(pk=track.pk)
        locked.uncounted_sections = [kind for kind in known if kind in sections]
        locked.save(update_fields=["uncounted_sections"])
    return locked


def _channels_changed(edition: Edition) -> None:
    """Copies the channels onto the edition row (in the caller's transaction), which every page
    already loads: the footer lists them without a query of its own."""
    edition.community_links = community_links(edition=edition)
    Edition.objects.filter(pk=edition.pk).update(community_links=edition.community_links)
    transaction.on_commit(lambda: site_cache_bump(edition))


def community_channel_save(
    *, edition: Edition, kind: str, name: str, url: str, order: int = 0, channel: CommunityChannel | None = None
) -> CommunityChannel:
    """Creates or changes a channel; its address is an http(s) URL, nothing else a browser would open."""
    name, url = " ".join(name.split()), url.strip()
    if kind not in CommunityChannel.Kind.values:
        raise ApplicationError(f"{kind!r} is not a kind of channel.", code="invalid")
    if not name or len(name) > 100:
        raise ApplicationError("A name of at most 100 characters is required.", code="invalid")
    try:
        if len(url) > 500:
            raise ValidationError("too long")
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise ApplicationError(
            "The address must be a web address starting with https:// or http://.", code="bad_url"
        ) from exc
    channel = channel or CommunityChannel(edition=edition)
    channel.kind, channel.name, channel.url, channel.order = kind, name, url, order
    with transaction.atomic():
        channel.save()
        _channels_changed(edition)
    return channel


def community_channel_delete(*, channel: CommunityChannel) -> None:
    edition = channel.edition
    with transaction.atomic():
        channel.delete()
        _channels_changed(edition)
