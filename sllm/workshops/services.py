"""The organizers' call for papers: its text and rules (sanitised once, when saved) and the tracks' dates."""

import datetime as dt

from django.db import transaction

from sllm.core.errors import ApplicationError
from sllm.core.rendering import markdown_to_safe_html
from sllm.core.sitecache import site_cache_bump

from .models import CallForPapers, Edition, Track

MAX_TEXT = 50_000


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
