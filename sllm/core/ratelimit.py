"""The client address behind our proxies, and fixed-window rate limits on it in Django's cache (Redis).

Every rate limit of the platform keys on `client_address`: behind deploy/'s nginx, REMOTE_ADDR is the
proxy for every visitor, so keying on it puts the whole audience under one limit that anyone can use up.
`TRUSTED_PROXY_COUNT` says how many proxies of ours stand in front of gunicorn; each appends the address
it saw to X-Forwarded-For, so the client is the entry that many places from the end. Entries further left
were written by the client and are not believed.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

from .errors import ApplicationError

logger = logging.getLogger(__name__)


class RateLimited(ApplicationError):
    status_code = 429


class RateLimitUnavailable(ApplicationError):
    """The counter store is down: refuse the write with a clear 503 instead of letting a flood through."""

    status_code = 503


def client_address(request) -> str:
    """The visitor's IP address as our outermost trusted proxy saw it (REMOTE_ADDR without proxies)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        # The request did not pass through all our proxies (a direct hit on gunicorn): trust the socket.
        return remote
    return hops[-proxies]


def client_key(request) -> str:
    """A keyed hash of the client address: counters never hold a visitor's address in clear."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()[:24]


def rate_limit_hit(
    *, scope: str, subject: str, limit: int, window: int, unavailable: str, message: str, code: str = "rate_limited"
) -> None:
    """Counts one action of `subject` in `scope`; RateLimited past `limit` per `window` seconds, or
    RateLimitUnavailable (503, `unavailable` as its message) when the counter store cannot be reached."""
    key = f"rl:{scope}:{subject}"
    try:
        cache.add(key, 0, timeout=window)
        count = cache.incr(key)
    except ValueError:
        # The window expired between add and incr: this hit opens a new window.
        try:
            cache.set(key, 1, timeout=window)
        except Exception as exc:
            raise _unavailable(scope, exc, unavailable) from exc
        count = 1
    except Exception as exc:
        raise _unavailable(scope, exc, unavailable) from exc
    if count > limit:
        raise RateLimited(message, code=code)


def _unavailable(scope: str, exc: Exception, message: str) -> RateLimitUnavailable:
    logger.warning("rate limit %s unavailable: %s", scope, exc)
    return RateLimitUnavailable(message, code="unavailable")
