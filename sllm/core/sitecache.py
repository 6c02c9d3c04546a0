"""Per-edition version of the public pages: services that change what the public sees bump it.

Cached public pages are keyed by this version, so a bump makes every cached page of the edition
stale at once without scanning keys. Redis answers in well under a millisecond; if it is down the
pages are simply rendered uncached.
"""

import logging
import time

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)


def site_version_key(slug: str) -> str:
    return f"site-version:{slug}"


def _reader_for(backend):
    if isinstance(backend, RedisCache):
        # Django's RedisCache builds a new redis-py client per call, and redis-py fills ~160 response
        # callbacks for each: half a millisecond, more than the read itself. One client per backend
        # (sharing the backend's connection pool) keeps the per-request version check cheap.
        client = backend._cache.get_client()

        def read(slug):
            raw = client.get(backend.make_and_validate_key(site_version_key(slug)))
            return None if raw is None else int(raw)  # Django's Redis serializer stores ints as digits

        return read
    return lambda slug: backend.get(site_version_key(slug))


_reader: tuple = (None, None)


def site_version_read(slug: str) -> int | None:
    """The edition's current version, or None if it has none; raises if the cache is unreachable."""
    global _reader
    backend = caches["default"]
    if _reader[0] is not backend:  # settings changed (tests) or first use in this process
        _reader = (backend, _reader_for(backend))
    return _reader[1](slug)


def site_version(slug: str) -> int | None:
    try:
        version = cache.get(site_version_key(slug))
        if version is None:
            # Seeded from the clock so a flushed or new counter never reuses an old number.
            cache.add(site_version_key(slug), time.time_ns(), timeout=None)
            version = cache.get(site_version_key(slug))
        return version
    except Exception as exc:  # a cache outage must never break a page
        logger.warning("site cache unavailable: %s", exc)
        return None


def site_version_start(slug: str) -> int | None:
    """Starts the edition's version if it has none; returns it only when this call started it.

    A page rendered while the edition had no version may be kept under the new one only if nothing
    bumped in between, which is exactly when this call is the one that creates it.
    """
    version = time.time_ns()
    try:
        return version if cache.add(site_version_key(slug), version, timeout=None) else None
    except Exception as exc:
        logger.warning("site cache unavailable: %s", exc)
        return None


def site_cache_bump(edition) -> None:
    """Call after commit (transaction.on_commit) from any service that changes a public page."""
    try:
        cache.set(site_version_key(edition.slug), time.time_ns(), timeout=None)
    except Exception as exc:
        logger.warning("site cache unavailable, not bumped: %s", exc)
