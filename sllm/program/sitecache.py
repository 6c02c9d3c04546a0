"""Per-edition version of the public pages: services that change what the public sees bump it.

Cached public pages are keyed by this version, so a bump makes every cached page of the edition
stale at once without scanning keys. Redis answers in well under a millisecond; if it is down the
pages are simply rendered uncached.
"""

import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)


def _key(slug: str) -> str:
    return f"site-version:{slug}"


def site_version(slug: str) -> int | None:
    try:
        version = cache.get(_key(slug))
        if version is None:
            # Seeded from the clock so a flushed or new counter never reuses an old number.
            cache.add(_key(slug), time.time_ns(), timeout=None)
            version = cache.get(_key(slug))
        return version
    except Exception as exc:  # a cache outage must never break a page
        logger.warning("site cache unavailable: %s", exc)
        return None


def site_cache_bump(workshop) -> None:
    try:
        cache.set(_key(workshop.slug), time.time_ns(), timeout=None)
    except Exception as exc:
        logger.warning("site cache unavailable, not bumped: %s", exc)
