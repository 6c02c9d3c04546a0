"""What the stand-in's handler threads share: the store, injected faults, rate-limit budgets, the request log."""

import datetime as dt
import itertools
import threading
from dataclasses import dataclass, field

from .messages import MessageLog
from .store import Store

CHALLENGE_PAGE = (
    "<!DOCTYPE html><html><head><title>Just a moment...</title></head>"
    "<body><h1>Verifying your browser</h1><p>Enable JavaScript and cookies to continue.</p></body></html>"
)
DEFAULT_BUDGETS = {
    "notes": 500,
    "groups": 700,
    "edges": 1000,
    "invitations": 500,
    "profiles": 500,
    "login": 100,
    "messages": 1000,
}
REASONS = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
CONTROL = "/__standin__"


@dataclass
class Fault:
    route: str
    kind: str
    count: int
    retry_after: int = 1
    delay: float = 0.0
    method: str | None = None

    def matches(self, method: str, path: str) -> bool:
        return (
            self.count > 0
            and (self.route == "*" or path == self.route or path.startswith(self.route + "/"))
            and (self.method is None or self.method == method)
        )


@dataclass
class Settings:
    anonymous: str = "html"  # "html" (200 challenge page) or "forbidden" (403 ChallengeRequiredError)
    budgets: dict = field(default_factory=lambda: dict(DEFAULT_BUDGETS))
    window_s: int = 3600


class State:
    """What the handler threads share: the store, the faults, budgets and the request log."""

    def __init__(self, store: Store):
        self.store = store
        self.settings = Settings()
        self.faults: list[Fault] = []
        self.requests: list[dict] = []
        self.messages = MessageLog()
        self.usage: dict[tuple[str, str], tuple[int, int]] = {}
        self.lock = threading.Lock()
        self.req_counter = itertools.count(1)
        self.attachments: dict[str, bytes] = {}  # note field path -> file (attachments.py)

    def next_req_id(self) -> str:
        return f"{dt.date.today().isoformat()}-{next(self.req_counter)}"

    def take_fault(self, method: str, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.matches(method, path):
                    fault.count -= 1
                    return fault
        return None

    def spend(self, who: str, resource: str) -> tuple[int, int, int, bool]:
        """Counts one request against the budget; returns (budget, remaining, reset_s, exceeded)."""
        budget = self.settings.budgets.get(resource, 1000)
        window_ms = self.settings.window_s * 1000
        now = self.store.now_ms()
        with self.lock:
            start, used = self.usage.get((who, resource), (now, 0))
            if now - start >= window_ms:
                start, used = now, 0
            used += 1
            self.usage[(who, resource)] = (start, used)
        reset_s = max(0, int((start + window_ms - now) / 1000))
        return budget, max(0, budget - used), reset_s, used > budget
