"""Whole-page caching of anonymous public pages, keyed by the edition's site version (see program.sitecache)."""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from sllm.program.sitecache import site_version

# A backstop for changes made outside the services that bump the version (e.g. a decision).
PAGE_CACHE_SECONDS = 60


def cached_public_page(view):
    @wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        # Anyone with a session may be logged in (their header differs), so only cookie-less GETs share pages.
        if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
            return view(request, slug, *args, **kwargs)
        version = site_version(slug)
        if version is None:
            return view(request, slug, *args, **kwargs)
        key = "page:" + hashlib.sha256(f"{slug}:{version}:{request.get_full_path()}".encode()).hexdigest()
        try:
            hit = cache.get(key)
        except Exception:
            hit = None
        if hit is not None:
            response = HttpResponse(hit[0], content_type=hit[1])
            patch_vary_headers(response, ["Cookie"])
            return response
        response = view(request, slug, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            try:
                cache.set(key, (response.content, response["Content-Type"]), PAGE_CACHE_SECONDS)
            except Exception:
                pass
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
