"""Error reports to Sentry (or any service speaking its protocol), off unless SENTRY_DSN is set.

The platform holds unpublished submissions, secret ballots and private self-identification, so an
event leaves with none of it: no local variables, no request body, cookies, headers or query string,
only the user's numeric id, breadcrumbs without their data, log messages without their arguments, and
the SDK's scrubber over what remains with the platform's own sensitive names added.
"""

import sentry_sdk
from django.conf import settings
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import ignore_logger
from sentry_sdk.scrubber import DEFAULT_DENYLIST, DEFAULT_PII_DENYLIST, EventScrubber

# Field names of this platform that hold what must never leave it.
PLATFORM_DENYLIST = [
    "abstract",
    "ballot",
    "ballots",
    "body",
    "comment",
    "email",
    "ranking",
    "rankings",
    "review",
    "self_identification",
    "self_identifies",
    "statement",
    "text",
    "title",
]
KEPT_HEADERS = {"content-type", "x-request-id"}


def _scrub_request(request: dict) -> dict:
    url = request.get("url", "")
    return {
        "method": request.get("method"),
        "url": url.split("?", 1)[0],
        "headers": {k: v for k, v in (request.get("headers") or {}).items() if k.lower() in KEPT_HEADERS},
    }


def _scrub_breadcrumb(crumb: dict) -> dict:
    kept = {key: crumb[key] for key in ("type", "category", "level", "timestamp") if key in crumb}
    # SQL is recorded with placeholders, never values; any other message may quote what a user wrote.
    if crumb.get("category") == "query":
        kept["message"] = crumb.get("message", "")
    return kept


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    if "request" in event:
        event["request"] = _scrub_request(event["request"])
    user_id = (event.get("user") or {}).get("id")
    event["user"] = {"id": user_id} if user_id is not None else {}
    event.pop("extra", None)
    if "logentry" in event:
        event["logentry"] = {"message": event["logentry"].get("message", "")}
    crumbs = event.get("breadcrumbs")
    if isinstance(crumbs, dict) and "values" in crumbs:
        crumbs["values"] = [_scrub_breadcrumb(crumb) for crumb in crumbs["values"]]
    for exception in (event.get("exception") or {}).get("values", []):
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    return event


def sentry_options(**overrides) -> dict:
    # The JSON line of a 500 (sllm.errors) accompanies the exception's own report; it is no second event.
    ignore_logger("sllm.errors")
    options = {
        "dsn": settings.SENTRY_DSN,
        "environment": settings.SENTRY_ENVIRONMENT,
        "integrations": [DjangoIntegration(), CeleryIntegration()],
        # send_default_pii is left at its default (off); data_collection is not used because it turns the
        # event scrubber below off.
        "include_local_variables": False,
        "max_request_body_size": "never",
        "traces_sample_rate": settings.SENTRY_TRACES_SAMPLE_RATE,
        "event_scrubber": EventScrubber(
            denylist=[*DEFAULT_DENYLIST, *PLATFORM_DENYLIST], pii_denylist=DEFAULT_PII_DENYLIST, recursive=True
        ),
        "before_send": scrub_event,
        "before_send_transaction": scrub_event,
    }
    options.update(overrides)
    return options


def sentry_init() -> bool:
    if not settings.SENTRY_DSN:
        return False
    sentry_sdk.init(**sentry_options())
    return True
