"""The Q&A's JSON, cached per version: a poll that has the latest version costs one Redis GET.

Every change bumps the slot's version; viewers send it back as If-None-Match and get 304 while
nothing changed. Without Redis everything still works, straight from the database.
"""

import json
import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)

PAYLOAD_TTL = 600


def _version_key(slug: str, uid: str) -> str:
    return f"live:v:{slug}:{uid}"


def version_get(*, slug: str, uid: str) -> str | None:
    try:
        return cache.get(_version_key(slug, uid))
    except Exception as exc:
        logger.warning("live cache unavailable: %s", exc)
        return None


def version_bump(*, slug: str, uid: str) -> str:
    version = str(time.time_ns())
    try:
        cache.set(_version_key(slug, uid), version, timeout=None)
    except Exception as exc:
        logger.warning("live cache unavailable: %s", exc)
    return version


def payload_get(*, slug: str, uid: str, version: str) -> bytes | None:
    try:
        return cache.get(f"live:p:{slug}:{uid}:{version}")
    except Exception as exc:
        logger.warning("live cache unavailable: %s", exc)
        return None


def payload_set(*, slug: str, uid: str, version: str, payload: dict) -> bytes:
    body = json.dumps(payload, separators=(",", ":")).encode()
    try:
        cache.set(f"live:p:{slug}:{uid}:{version}", body, timeout=PAYLOAD_TTL)
    except Exception as exc:
        logger.warning("live cache unavailable: %s", exc)
    return body


def page_get(*, slug: str, uid: str, version: str) -> bytes | None:
    try:
        return cache.get(f"live:h:{slug}:{uid}:{version}")
    except Exception as exc:
        logger.warning("live cache unavailable: %s", exc)
        return None


def page_set(*, slug: str, uid: str, version: str, body: bytes) -> None:
    try:
        cache.set(f"live:h:{slug}:{uid}:{version}", body, timeout=PAYLOAD_TTL)
    except Exception as exc:
        logger.warning("live cache unavailable: %s", exc)
