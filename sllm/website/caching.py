"""Whole-page caching of anonymous public pages, keyed by the edition's site version (core.sitecache).

Views opt in with @public_page; PublicPageCacheMiddleware (right after WhiteNoise) serves and stores
them, before sessions, authentication, CSRF and URL resolving run. A page is stored as its rendered
bytes, status and headers under (edition, version, path with query), in Redis for every worker and in
a small in-process LRU in front of it. A hit still reads the edition's version from Redis on every
request, so a service's site_cache_bump() makes every worker's copies stale at once.
"""

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse

from sllm.core.sitecache import site_version_key, site_version_read, site_version_start

logger = logging.getLogger(__name__)

# A backstop for changes made by services that do not bump the version yet.
PAGE_CACHE_SECONDS = 60
LOCAL_PAGES = 256
# After a cache error, pages render uncached for this long instead of waiting on a hung Redis each time.
OUTAGE_PAUSE_SECONDS = 10


def public_page(view):
    """Marks a public view's answers as the same for every anonymous visitor, so they may be shared."""

    @wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        response = view(request, slug, *args, **kwargs)
        response.public_page_slug = slug
        return response

    return wrapper


@dataclass(frozen=True)
class StoredPage:
    version: int
    expires_at: float  # wall clock, so a copy taken from Redis expires when the shared one does
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def response(self) -> HttpResponse:
        response = HttpResponse(self.body, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return response


class PageStore:
    """Redis for every worker, an LRU of this process in front; both checked against the current version."""

    def __init__(self, size: int = LOCAL_PAGES):
        self.size = size
        self._local: OrderedDict[str, StoredPage] = OrderedDict()
        self._lock = threading.Lock()
        self._paused_until = 0.0

    @staticmethod
    def shared_key(slug: str, path: str) -> str:
        return f"public-page:{slug}:{hashlib.sha256(path.encode()).hexdigest()}"

    def _failed(self, exc: Exception) -> None:
        logger.warning("page cache unavailable: %s", exc)
        self._paused_until = time.monotonic() + OUTAGE_PAUSE_SECONDS

    def lookup(self, slug: str, path: str) -> tuple[int | None, StoredPage | None]:
        """(the edition's current version or None, the page stored under it or None)."""
        if time.monotonic() < self._paused_until:
            return None, None
        with self._lock:
            local = self._local.get(path)
            if local is not None:
                self._local.move_to_end(path)
        try:
            if local is not None and local.expires_at > time.time():
                version = site_version_read(slug)
                if version == local.version:
                    return version, local
            found = cache.get_many([site_version_key(slug), self.shared_key(slug, path)])
        except Exception as exc:  # a cache outage only costs a render
            self._failed(exc)
            return None, None
        version = found.get(site_version_key(slug))
        shared = found.get(self.shared_key(slug, path))
        if version is None or shared is None or shared.version != version or shared.expires_at <= time.time():
            return version, None
        self._remember(path, shared)
        return version, shared

    def _remember(self, path: str, page: StoredPage) -> None:
        with self._lock:
            self._local[path] = page
            self._local.move_to_end(path)
            while len(self._local) > self.size:
                self._local.popitem(last=False)

    def store(self, slug: str, path: str, version: int | None, response: HttpResponse) -> None:
        if version is None:
            version = site_version_start(slug)
            if version is None:  # Redis is away, or a bump came while the page was rendered
                return
        page = StoredPage(
            version=version,
            expires_at=time.time() + PAGE_CACHE_SECONDS,
            status=response.status_code,
            headers=tuple(response.items()),
            body=response.content,
        )
        self._remember(path, page)
        try:
            cache.set(self.shared_key(slug, path), page, PAGE_CACHE_SECONDS)
        except Exception as exc:  # a cache outage only costs a render
            self._failed(exc)

    def clear_local(self) -> None:
        """Forget this process's own state, its pages and any pause after an outage, as a newly started
        worker has none."""
        with self._lock:
            self._local.clear()
            self._paused_until = 0.0


pages = PageStore()
