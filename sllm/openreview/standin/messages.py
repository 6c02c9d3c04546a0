"""Messages (`POST /messages/requests`): OpenReview mails them to the profiles named; the stand-in
records them instead, so a test can read what a person would have received (`GET /__standin__/messages`).

Kept apart from the store: messages are write-only for API callers and never change venue entities.
"""

import threading

from . import ids
from .store import ApiError


class MessageLog:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests: list[dict] = []

    def post(self, body: dict, *, author: str, now_ms: int) -> dict:
        recipients = body.get("groups")
        if not isinstance(recipients, list) or not recipients or not all(isinstance(r, str) for r in recipients):
            raise ApiError(400, "ValidationError", "groups must be a non-empty list of group or profile ids")
        for name in ("subject", "message"):
            if not isinstance(body.get(name), str) or not body[name].strip():
                raise ApiError(400, "ValidationError", f"{name} must be a non-empty string")
        request = {
            "id": ids.random_id(10),
            "groups": recipients,
            "subject": body["subject"],
            "message": body["message"],
            "invitation": body.get("invitation"),
            "signature": body.get("signature"),
            "replyTo": body.get("replyTo"),
            "cdate": now_ms,
            "author": author,
        }
        with self.lock:
            self.requests.append(request)
        return request

    def list(self) -> list[dict]:
        with self.lock:
            return [dict(r) for r in self.requests]

    def clear(self) -> None:
        with self.lock:
            self.requests.clear()
