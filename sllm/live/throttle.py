"""Fixed-window counters in Django's cache (Redis in production): floods stop before the database."""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

from sllm.core.errors import ApplicationError

logger = logging.getLogger(__name__)

# (limit, window seconds). A conference room shares one address behind its NAT, so the address
# limit is generous and the per-browser limit does the finer work.
LIMITS = {
    "ask:browser": (3, 60),
    "ask:address": (30, 60),
    "ask:slot": (120, 60),
    "vote:browser": (60, 60),
    "vote:address": (600, 60),
}


class Throttled(ApplicationError):
    status_code = 429


class ThrottleUnavailable(ApplicationError):
    status_code = 503


def client_address(request) -> str:
    header = getattr(settings, "LIVE_CLIENT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    # Proxies append the address they saw; the last entry is the one our own proxy wrote.
    address = value.split(",")[-1].strip() if value else request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:24]


def throttle_hit(*, scope: str, subject: str) -> None:
    """Counts one action; raises Throttled past the scope's limit, ThrottleUnavailable without Redis."""
    limit, window = LIMITS[scope]
    key = f"live:rl:{scope}:{subject}"
    try:
        cache.add(key, 0, timeout=window)
        count = cache.incr(key)
    except ValueError:
        # The window expired between add and incr: this hit opens a new window.
        cache.set(key, 1, timeout=window)
        count = 1
    except Exception as exc:
        # Without the counter a flood could reach the database: refuse writes, keep serving reads.
        logger.warning("live Q&A throttle unavailable: %s", exc)
        raise ThrottleUnavailable(
            "Questions are paused for a moment; please try again shortly.", code="unavailable"
        ) from exc
    if count > limit:
        raise Throttled(
            f"Too many requests: at most {limit} per {window} seconds. Please wait a moment.",
            code="throttled",
        )
