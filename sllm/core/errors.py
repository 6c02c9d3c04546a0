"""Errors that services raise and views turn into clear 4xx answers."""

from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


class ApplicationError(Exception):
    """A request the platform understood and refuses, with a machine code and a human message."""

    status_code = 400

    def __init__(self, message: str, *, code: str = "invalid", extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.extra = extra or {}

    def as_dict(self) -> dict:
        return {"error": self.code, "message": self.message, **self.extra}


class Conflict(ApplicationError):
    status_code = 409


class Forbidden(ApplicationError):
    status_code = 403


# PostgreSQL's codes for a connection that failed: class 08, and the server shutting down or starting.
_PG_OUTAGE_CLASSES = ("08",)
_PG_OUTAGE_CODES = {"57P01", "57P02", "57P03"}  # admin_shutdown, crash_shutdown, cannot_connect_now
# SQLite's primary result codes for a database file that cannot be reached or is held by another writer.
_SQLITE_OUTAGE_CODES = {5, 10, 14}  # SQLITE_BUSY, SQLITE_IOERR, SQLITE_CANTOPEN


def is_database_outage(exc: BaseException) -> bool:
    """True only when the database could not be reached or the connection broke, never for a bad query.

    Other database errors (a lookup the backend does not support, a missing column, a constraint, a
    cancelled statement, a deadlock) are bugs or conflicts and stay 500s or their own answers, so
    "database unavailable" is never said of a database that is up. The driver's error (Django keeps it
    as __cause__) tells them apart: psycopg's SQLSTATE (None when the client lost or never made the
    connection), sqlite3's result code.
    """
    if isinstance(exc, InterfaceError):
        return True  # the connection was already closed
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if hasattr(cause, "sqlite_errorcode"):
        return cause.sqlite_errorcode & 0xFF in _SQLITE_OUTAGE_CODES
    sqlstate = getattr(cause, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith(_PG_OUTAGE_CLASSES) or sqlstate in _PG_OUTAGE_CODES


def api_exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        return Response(exc.as_dict(), status=exc.status_code)
    if isinstance(exc, PermissionDenied):
        return Response({"error": "forbidden", "message": str(exc) or "Not allowed."}, status=403)
    if is_database_outage(exc):
        return Response(
            {"error": "unavailable", "message": "The database is unavailable; nothing was saved."},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
        )
    if isinstance(exc, exceptions.ValidationError):
        # One error shape for every API answer: a code, a sentence, and the fields at fault.
        fields = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return Response({"error": "invalid", "message": _sentence(fields), "fields": fields}, status=400)
    return exception_handler(exc, context)


def not_found(request, exception):
    """Django's 404 for URLs no route matches: under /api/ in the API's error shape, so clients and the
    schema see JSON for a malformed id or slug as for an unknown one; elsewhere the site's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"error": "not_found", "message": "No such resource."}, status=404)
    return defaults.page_not_found(request, exception)


def _sentence(fields: dict) -> str:
    parts = []
    for name, problems in fields.items():
        text = " ".join(str(p) for p in problems) if isinstance(problems, list) else str(problems)
        parts.append(f"{name}: {text}")
    return "Invalid input. " + "; ".join(parts)


class ErrorSerializer(serializers.Serializer):
    """The API's error answer, for the schema: the platform's `error`/`message` (with `fields` for invalid
    input), or DRF's own `detail` for authentication, permission, not-found and method errors."""

    error = serializers.CharField(required=False, help_text="A machine code: invalid, forbidden, unavailable, ...")
    message = serializers.CharField(required=False)
    fields = serializers.JSONField(required=False, help_text="Field name -> problems, for invalid input.")
    detail = serializers.CharField(required=False)


# The refusals any operation may answer, each in the error shape above.
REFUSALS = (400, 401, 403, 404, 409, 413, 415, 429, 503)


def responses(ok: dict) -> dict:
    """An operation's documented answers for `extend_schema`: its successes and every refusal."""
    return {**dict.fromkeys(REFUSALS, ErrorSerializer), **ok}
