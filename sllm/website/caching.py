"""Whole-page caching of anonymous public pages, keyed by the edition's site version (see program.sitecache).

A hit costs one small Redis read (the version): the page itself comes from a bounded in-process
copy, or from Redis when another worker rendered it. A page stored under an older version is
never served, so a service's bump makes every cached page of the edition stale at once.
"""

import hashlib
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from sllm.program.sitecache import site_version

# A backstop for changes made outside the services that bump the version (e.g. a decision).
PAGE_CACHE_SECONDS = 60
LOCAL_PAGES = 256
_local: OrderedDict = OrderedDict()


def _remember(key: str, entry: tuple) -> None:
    _local[key] = (time.monotonic() + PAGE_CACHE_SECONDS, entry)
    _local.move_to_end(key)
    while len(_local) > LOCAL_PAGES:
        _local.popitem(last=False)


def _shared_get(key: str):
    try:
        return cache.get(key)
    except Exception:  # a cache outage only costs a render
        return None


def _shared_set(key: str, entry: tuple) -> None:
    try:
        cache.set(key, entry, PAGE_CACHE_SECONDS)
    except Exception:  # a cache outage only costs a render
        pass


def _response(entry: tuple) -> HttpResponse:
    response = HttpResponse(entry[1], content_type=entry[2])
    patch_vary_headers(response, ["Cookie"])
    return response


def cached_public_page(view):
    @wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        # Anyone with a session may be logged in (their header differs), so only cookie-less GETs share pages.
        if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
            return view(request, slug, *args, **kwargs)
        version = site_version(slug)
        if version is None:
            return view(request, slug, *args, **kwargs)
        key = "page:" + hashlib.sha256(f"{slug}:{request.get_full_path()}".encode()).hexdigest()
        local = _local.get(key)
        if local is not None and local[1][0] == version and local[0] > time.monotonic():
            return _response(local[1])
        entry = _shared_get(key)
        if entry is not None and entry[0] == version:
            _remember(key, entry)
            return _response(entry)
        response = view(request, slug, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            entry = (version, response.content, response["Content-Type"])
            _remember(key, entry)
            _shared_set(key, entry)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
