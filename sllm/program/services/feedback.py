"""The anonymous feedback form and the breakout outcomes."""

import markdown
import nh3
from django.db import transaction

from sllm.core.errors import ApplicationError
from sllm.core.ratelimit import rate_limit_hit
from sllm.core.sitecache import site_cache_bump

from ..models import BreakoutOutcome, Feedback
from ..selectors import RATINGS

MAX_COMMENT = 5000
# Answers per visitor per hour; the counter lives in Redis under a keyed hash of the client address.
FEEDBACK_PER_HOUR = 5


def _throttle(*, edition, client_key: str) -> None:
    rate_limit_hit(
        scope=f"feedback:{edition.pk}",
        subject=client_key,
        limit=FEEDBACK_PER_HOUR,
        window=3600,
        unavailable="The form is paused for a moment; please try again shortly. Nothing was saved.",
        message="Too many answers from here in the last hour; please try again later.",
    )


def _rating(value, label: str):
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= 5:
        raise ApplicationError(f"{label}: choose a rating from 1 to 5.", code="invalid_rating")
    return number


def feedback_submit(*, edition, data: dict, client_key: str) -> Feedback:
    """Stores one anonymous answer; the client key only feeds the rate limit and is not kept."""
    if data.get("website"):
        # The honeypot field is hidden from people; only a bot fills it in.
        raise ApplicationError("The form was not accepted.", code="honeypot")
    ratings = {field: _rating(data.get(field), label) for field, label in RATINGS}
    raw = str(data.get("comments", "")).strip()
    if len(raw) > MAX_COMMENT:
        raise ApplicationError(f"Comments are limited to {MAX_COMMENT} characters.", code="too_long")
    # Stored as plain text with every tag removed, so nothing script-bearing survives to any page.
    comments = nh3.clean(raw, tags=set(), strip_comments=True).strip()
    if not comments and all(value is None for value in ratings.values()):
        raise ApplicationError("The form is empty: give a rating or a comment.", code="empty")
    _throttle(edition=edition, client_key=client_key)
    with transaction.atomic():
        return Feedback.objects.create(edition=edition, comments=comments, **ratings)


SUMMARY_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "h3", "h4", "blockquote", "code", "pre", "br"}


@transaction.atomic
def breakout_outcome_save(
    *,
    edition,
    title: str,
    summary: str,
    topic: str = "",
    published: bool = False,
    order: int = 0,
    outcome: BreakoutOutcome | None = None,
) -> BreakoutOutcome:
    title, summary = title.strip(), summary.strip()
    if not title or len(title) > 200:
        raise ApplicationError("A title of at most 200 characters is required.", code="invalid")
    if not summary or len(summary) > 20_000:
        raise ApplicationError("A summary of at most 20,000 characters is required.", code="invalid")
    outcome = outcome or BreakoutOutcome(edition=edition)
    outcome.title, outcome.topic, outcome.summary = title, topic.strip()[:200], summary
    outcome.summary_html = nh3.clean(
        markdown.markdown(summary), tags=SUMMARY_TAGS, url_schemes={"http", "https", "mailto"}
    )
    outcome.published, outcome.order = published, order
    outcome.save()
    transaction.on_commit(lambda: site_cache_bump(edition))
    return outcome
