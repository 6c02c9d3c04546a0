import re

from django.conf import settings
from django.utils.cache import patch_vary_headers

from .caching import pages

EDITION_PATH = re.compile(r"^/([-a-zA-Z0-9_]+)/")
# A WSGI environ key no HTTP header can produce: the static export sets it to render every page afresh.
BYPASS = "sllm.page_cache.bypass"
SHAREABLE_METHODS = {"GET", "HEAD"}
NO_STORE = re.compile(r"\b(?:private|no-store|no-cache)\b")


class PublicPageCacheMiddleware:
    """Serves anonymous visitors the public pages other anonymous visitors already caused to be rendered.

    It sits right after WhiteNoise, so a hit skips sessions, authentication, CSRF, URL resolving and
    the view. Only a request that cannot be anyone's in particular is shared: GET or HEAD, without a
    session or messages cookie or credentials. Only a page its view marked with @public_page is kept,
    and only when it answered 200 without setting a cookie, using a CSRF token, or being personal in
    any way a later middleware can tell. The key is the scheme, host, path and query (the ?tz= time zone
    switch included) under the edition's current site version. With PUBLIC_PAGE_CACHE off, every page
    is rendered from the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        shared = self._shareable_request(request)
        if shared is None:
            return self.get_response(request)
        slug, path = shared
        version, page = pages.lookup(slug, path)
        if page is not None:
            return page.response()
        response = self.get_response(request)
        if getattr(response, "public_page_slug", None) != slug:
            return response
        patch_vary_headers(response, ["Cookie"])
        if request.method == "GET" and self._storable(request, response):
            pages.store(slug, path, version, response)
        return response

    @staticmethod
    def _shareable_request(request) -> tuple[str, str] | None:
        meta = request.META
        if request.method not in SHAREABLE_METHODS or "HTTP_AUTHORIZATION" in meta or meta.get(BYPASS):
            return None
        if not settings.PUBLIC_PAGE_CACHE:
            return None
        # An emptied cookie (a logout, messages already shown) holds nothing personal.
        cookies = request.COOKIES
        if cookies.get(settings.SESSION_COOKIE_NAME) or cookies.get("messages"):
            return None
        match = EDITION_PATH.match(request.path_info)
        if match is None:
            return None
        # Scheme and host too: nothing public prints them today, but a page that did must not cross over.
        return match.group(1), f"{request.scheme}://{meta.get('HTTP_HOST', '')}{request.get_full_path()}"

    @staticmethod
    def _storable(request, response) -> bool:
        user = getattr(request, "user", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not NO_STORE.search(response.get("Cache-Control", ""))
            and not (user is not None and user.is_authenticated)
            # Belt and braces: a page carrying a form token is never anyone else's to see.
            and b'name="csrfmiddlewaretoken"' not in response.content
        )
