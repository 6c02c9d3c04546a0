import logging
import re
import time
import uuid

import sentry_sdk
from django.utils.functional import empty

errors = logging.getLogger("sllm.errors")

# nginx may pass its own $request_id; anything else from outside is replaced, so logs stay clean.
INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def _known_user_id(request) -> int | None:
    """The user's id if the request already loaded it: loading it here could need the database that just failed."""
    user = request.__dict__.get("user")
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestIdMiddleware:
    """Gives every request an id (answered as X-Request-ID) and logs each 5xx as one JSON line.

    The line carries no personal data (no query string, body or email): the id, the route, the status,
    the exception's type and the user's numeric id, enough to find the error report and the access log.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = incoming if INCOMING_ID.match(incoming) else uuid.uuid4().hex
        sentry_sdk.set_tag("request_id", request.request_id)
        started = time.monotonic()
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        if response.status_code >= 500:
            self._log(request, response, time.monotonic() - started)
        return response

    def process_exception(self, request, exception):
        # Last in the chain of process_exception (first in MIDDLEWARE): only what nothing else handled.
        request.unhandled_exception = type(exception).__name__
        user_id = _known_user_id(request)
        if user_id is not None:
            # Only the numeric id: enough to find the account, nothing that names the person.
            sentry_sdk.set_user({"id": str(user_id)})
        return None

    @staticmethod
    def _log(request, response, seconds: float) -> None:
        match = getattr(request, "resolver_match", None)
        errors.error(
            "server error",
            extra={
                "request_id": request.request_id,
                "status": response.status_code,
                "method": request.method,
                "path": request.path,
                "view": match.view_name if match else "",
                "exception": getattr(request, "unhandled_exception", ""),
                "user_id": _known_user_id(request),
                "duration_ms": round(seconds * 1000),
            },
        )
