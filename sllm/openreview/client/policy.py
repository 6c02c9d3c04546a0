"""How the gateway fails and retries: its one error, its retry policy, the transport without retries."""

import email.utils
import time
from dataclasses import dataclass

from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

TRANSIENT_STATUS = frozenset({429, 500, 502, 503, 504})


class SyncError(Exception):
    """OpenReview could not be read or written; the message says why in words an organizer can act on."""

    def __init__(self, message: str, *, code: str = "openreview_error", retry_after: float | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        # Set when waiting and trying again later can succeed (rate limits, outages, network faults).
        self.retry_after = retry_after


@dataclass(frozen=True)
class RetryPolicy:
    retries: int = 8
    backoff_s: float = 2.0
    backoff_max_s: float = 120.0
    # A Retry-After beyond this is not slept through: the sync fails now and the task tries later.
    retry_after_max_s: float = 300.0
    timeout_s: float = 60.0

    @classmethod
    def from_settings(cls) -> "RetryPolicy":
        return cls(
            retries=settings.OPENREVIEW_RETRIES,
            backoff_s=settings.OPENREVIEW_BACKOFF_S,
            backoff_max_s=settings.OPENREVIEW_BACKOFF_MAX_S,
            retry_after_max_s=settings.OPENREVIEW_RETRY_AFTER_MAX_S,
            timeout_s=settings.OPENREVIEW_TIMEOUT_S,
        )


class _TimeoutAdapter(HTTPAdapter):
    """No transport retries, and a timeout on every request (openreview-py sets none)."""

    def __init__(self, timeout_s: float):
        super().__init__(
            max_retries=Retry(total=0, connect=0, read=0, status=0, redirect=0, raise_on_status=False),
            pool_maxsize=32,
        )
        self.timeout_s = timeout_s

    def send(self, request, **kwargs):
        kwargs["timeout"] = kwargs.get("timeout") or self.timeout_s
        return super().send(request, **kwargs)


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _error_dict(exc: Exception) -> dict:
    first = exc.args[0] if exc.args else {}
    if isinstance(first, dict):
        return first
    return {"name": "Error", "message": str(first)}
