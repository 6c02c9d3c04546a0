"""The HTTP side of the stand-in: routing, JWT auth, rate-limit headers, fault injection, control routes."""

import datetime as dt
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import jwt

from .attachments import attachment_bytes, load_attachments, put_attachment
from .messages import MessageLog
from .store import ApiError, Store

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


def _resource(path: str) -> str:
    return path.strip("/").split("/")[0] or "root"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state: State  # set on the subclass the server builds

    def log_message(self, format, *args):
        return

    # ---- plumbing ------------------------------------------------------------------------------

    def _body(self) -> dict | list | None:
        raw = self._raw_body
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            raise ApiError(400, "ValidationError", "The request body is not valid JSON") from None

    def _send(self, status: int, payload, *, headers: dict | None = None, content_type: str = "application/json"):
        if content_type == "application/json":
            data = json.dumps(payload, separators=(",", ":")).encode()
            content_type = "application/json; charset=utf-8"
        else:
            data = payload.encode()
        self.send_response(status, REASONS.get(status))
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, str(value))
        self.end_headers()
        self.wfile.write(data)

    def _error(self, exc: ApiError, headers: dict | None = None):
        self._send(exc.status, exc.body(self.state.next_req_id()), headers=headers)

    def _caller(self) -> tuple[str | None, str | None] | None:
        """(user id, profile id) from a valid token; None when no token came."""
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return None
        token = auth[len("Bearer ") :]
        try:
            payload = jwt.decode(
                token,
                self.state.store.secret,
                algorithms=["HS256"],
                options={"verify_exp": False, "verify_iat": False, "verify_nbf": False},
            )
        except jwt.InvalidTokenError:
            raise ApiError(401, "UnauthorizedError", "Invalid token") from None
        if payload.get("exp", 0) * 1000 <= self.state.store.now_ms():
            raise ApiError(401, "TokenExpiredError", "Token has expired. Please log in again.")
        user = payload.get("user", {})
        return user.get("id"), user.get("profile", {}).get("id")

    # ---- dispatch ------------------------------------------------------------------------------

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def _dispatch(self, method: str):
        # Read the body before anything can answer, so a kept-alive connection never holds stray bytes.
        self._raw_body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        split = urlsplit(self.path)
        path = split.path.rstrip("/") or "/"
        params = dict(parse_qsl(split.query, keep_blank_values=True))
        try:
            if path.startswith(CONTROL):
                return self._control(method, path[len(CONTROL) :], params)
            self.state.requests.append({"method": method, "path": path, "query": split.query})
            fault = self.state.take_fault(method, path)
            if fault is not None and self._fault(fault):
                return
            self._api(method, path, params)
        except ApiError as exc:
            self._error(exc)

    def _fault(self, fault: Fault) -> bool:
        """Answers with the fault; False when the request should go on (a slow response)."""
        if fault.kind == "slow":
            time.sleep(fault.delay)
            return False
        if fault.kind == "drop":
            self.close_connection = True
            self.connection.shutdown(2)
            return True
        if fault.kind == "429":
            exc = ApiError(
                429,
                "RateLimitError",
                f"Too many requests: You have made too many requests. Please try again in {fault.retry_after} seconds",
                {"limit": 0, "remaining": 0, "resetTime": fault.retry_after},
            )
            self._error(
                exc,
                headers={
                    "Retry-After": fault.retry_after,
                    "ratelimit-policy": "0;w=3600",
                    "ratelimit-remaining": 0,
                    "ratelimit-reset": fault.retry_after,
                },
            )
            return True
        if fault.kind == "challenge":
            self._send(200, CHALLENGE_PAGE, content_type="text/html; charset=UTF-8")
            return True
        if fault.kind == "expired":
            self._error(ApiError(401, "TokenExpiredError", "Token has expired. Please log in again."))
            return True
        status = int(fault.kind)
        self._send(
            status,
            REASONS.get(status, "Error"),
            content_type="text/plain; charset=utf-8",
            headers={"Connection": "close"},
        )
        self.close_connection = True
        return True

    def _api(self, method: str, path: str, params: dict):
        store = self.state.store
        resource = "login" if path == "/login" else _resource(path)
        if path == "/login" and method == "POST":
            who = "anonymous"
        else:
            caller = self._caller()
            if caller is None:
                if self.state.settings.anonymous == "forbidden":
                    raise ApiError(403, "ChallengeRequiredError", "Please complete the browser challenge")
                return self._send(200, CHALLENGE_PAGE, content_type="text/html; charset=UTF-8")
            who = caller[0] or "anonymous"
        budget, remaining, reset_s, exceeded = self.state.spend(who, resource)
        headers = {
            "ratelimit-policy": f"{budget};w={self.state.settings.window_s}",
            "ratelimit-remaining": remaining,
            "ratelimit-reset": reset_s,
        }
        if exceeded:
            exc = ApiError(
                429,
                "RateLimitError",
                f"Too many requests: You have made {budget - remaining + 1} requests, surpassing the "
                f"limit of {budget} requests. Please try again in {reset_s} seconds",
                {"limit": budget, "remaining": 0, "resetTime": reset_s},
            )
            return self._error(exc, headers={**headers, "Retry-After": max(reset_s, 1)})
        try:
            if (method, path) == ("GET", "/attachment"):
                return self._send_file(self._attachment(params, store), headers=headers)
            payload = self._route(method, path, params, store, who)
        except ApiError as exc:
            return self._error(exc, headers=headers)
        self._send(200, payload, headers=headers)

    def _attachment(self, params: dict, store: Store) -> bytes:
        user_id, profile_id = self._caller()
        groups = store.caller_groups(user_id=user_id, profile_id=profile_id)
        return attachment_bytes(store, self.state.attachments, params, groups)

    def _send_file(self, data: bytes, *, headers: dict) -> None:
        self.send_response(200, REASONS.get(200))
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, str(value))
        self.end_headers()
        self.wfile.write(data)

    def _route(self, method: str, path: str, params: dict, store: Store, who: str):
        if path == "/login" and method == "POST":
            return self._login(self._body() or {})
        user_id, profile_id = self._caller()
        groups = store.caller_groups(user_id=user_id, profile_id=profile_id)
        routes = {
            ("GET", "/notes"): lambda: store.get_notes(params, groups),
            ("GET", "/groups"): lambda: store.get_groups(params, groups),
            ("GET", "/invitations"): lambda: store.get_invitations(params, groups),
            ("GET", "/edges"): lambda: store.get_edges(params, groups),
            ("GET", "/edges/count"): lambda: store.count_edges(params, groups),
            ("POST", "/edges"): lambda: store.post_edge(self._body() or {}, caller=groups, author=who),
            ("POST", "/edges/bulk"): lambda: [
                store.post_edge(e, caller=groups, author=who) for e in (self._body() or [])
            ],
            ("GET", "/profiles"): lambda: store.get_profiles(params, profile_id),
            ("GET", "/profiles/search"): lambda: store.search_profiles({}, params, profile_id),
            ("POST", "/profiles/search"): lambda: store.search_profiles(self._body() or {}, params, profile_id),
            ("POST", "/messages/requests"): lambda: self.state.messages.post(
                self._body() or {}, author=who, now_ms=store.now_ms()
            ),
        }
        handler = routes.get((method, path))
        if handler is None:
            raise ApiError(404, "NotFoundError", f"The path {path} was not found")
        return handler()

    def _login(self, body: dict) -> dict:
        store = self.state.store
        user = store.check_login(body.get("id"), body.get("password"))
        expires_in = body.get("expiresIn") or 3600
        payload = {
            "user": user,
            "exp": int(store.now_ms() / 1000) + int(expires_in),
            "iat": int(store.now_ms() / 1000),
        }
        return {"token": jwt.encode(payload, store.secret, algorithm="HS256"), "user": user}

    # ---- test control ----------------------------------------------------------------------------

    def _control(self, method: str, path: str, params: dict):  # noqa: C901 -- one dispatch table of test-control routes, read top to bottom
        state = self.state
        body = self._body() if method == "POST" else None
        if path == "/faults" and method == "POST":
            with state.lock:
                state.faults = [f for f in state.faults if f.count > 0]
                for item in body if isinstance(body, list) else [body or {}]:
                    state.faults.append(
                        Fault(
                            route=item.get("route", "*"),
                            kind=str(item["kind"]),
                            count=int(item.get("count", 1)),
                            retry_after=int(item.get("retry_after", 1)),
                            delay=float(item.get("delay", 0)),
                            method=item.get("method"),
                        )
                    )
            return self._send(200, {"faults": len(state.faults)})
        if path == "/faults" and method == "GET":
            return self._send(200, {"faults": [vars(f) for f in state.faults if f.count > 0]})
        if path == "/clock":
            if method == "POST":
                body = body or {}
                if "now" in body:
                    state.store.clock_offset_ms = int(body["now"]) - int(time.time() * 1000)
                state.store.clock_offset_ms += int(float(body.get("advance", 0)) * 1000)
            return self._send(200, {"now": state.store.now_ms()})
        if path == "/seed" and method == "POST":
            counts = {}
            for kind, entities in (body or {}).items():
                if kind == "delete":
                    for del_kind, del_ids in entities.items():
                        for entity_id in del_ids:
                            state.store.soft_delete(del_kind, entity_id)
                    continue
                for entity in entities:
                    state.store.upsert(kind, entity)
                counts[kind] = len(entities)
            return self._send(200, {"seeded": counts})
        if path == "/config" and method == "POST":
            body = body or {}
            if "anonymous" in body:
                state.settings.anonymous = body["anonymous"]
            if "budgets" in body:
                state.settings.budgets.update(body["budgets"])
                state.usage.clear()
            if "window_s" in body:
                state.settings.window_s = int(body["window_s"])
            return self._send(200, {"anonymous": state.settings.anonymous, "budgets": state.settings.budgets})
        if path == "/messages":
            if method == "POST":
                state.messages.clear()
            return self._send(200, {"messages": state.messages.list()})
        if path == "/attachments" and method == "POST":
            return self._send(200, put_attachment(state.attachments, body or {}))
        if path == "/requests":
            if method == "POST":
                state.requests.clear()
            return self._send(200, {"requests": list(state.requests)})
        raise ApiError(404, "NotFoundError", f"The path {CONTROL}{path} was not found")


class StandIn:
    """A running stand-in on 127.0.0.1 (port 0 picks a free one), served by threads."""

    def __init__(
        self,
        *,
        fixtures: str | Path | None = None,
        port: int = 0,
        host: str = "127.0.0.1",
        store: Store | None = None,
    ):
        self.store = store or Store()
        if fixtures:
            self.store.load_dir(fixtures)
        self.state = State(self.store)
        if fixtures:
            self.state.attachments.update(load_attachments(fixtures))
        handler = type("BoundHandler", (Handler,), {"state": self.state})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "StandIn":
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="openreview-standin", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self.thread:
            self.thread.join(timeout=5)

    def __enter__(self) -> "StandIn":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def serve(*, port: int, fixtures: str | None, host: str = "127.0.0.1", out=None) -> None:
    standin = StandIn(fixtures=fixtures, port=port, host=host)
    # The chosen port goes out first, so a caller that passed --port 0 can read where to connect.
    print(standin.url, file=out, flush=True)
    try:
        standin.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        standin.httpd.server_close()
