"""Errors that services raise and views turn into clear 4xx answers."""

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from rest_framework import exceptions, status
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


def api_exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        return Response(exc.as_dict(), status=exc.status_code)
    if isinstance(exc, PermissionDenied):
        return Response({"error": "forbidden", "message": str(exc) or "Not allowed."}, status=403)
    if isinstance(exc, DatabaseError):
        return Response(
            {"error": "unavailable", "message": "The database is unavailable; nothing was saved."},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
        )
    if isinstance(exc, exceptions.ValidationError):
        # One error shape for every API answer: a code, a sentence, and the fields at fault.
        fields = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return Response({"error": "invalid", "message": _sentence(fields), "fields": fields}, status=400)
    return exception_handler(exc, context)


def _sentence(fields: dict) -> str:
    parts = []
    for name, problems in fields.items():
        text = " ".join(str(p) for p in problems) if isinstance(problems, list) else str(problems)
        parts.append(f"{name}: {text}")
    return "Invalid input. " + "; ".join(parts)
