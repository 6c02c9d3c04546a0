"""The stand-in's API over HTTP: routing, JWT auth, rate-limit headers, fault injection."""

import json
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, urlsplit

import jwt

from .attachments import attachment_bytes
from .control import ControlRoutes
from .state import CHALLENGE_PAGE, CONTROL, REASONS, Fault, State
from .store import ApiError, Store


def _resource(path: str) -> str:
    return path.strip("/").split("/")[0] or "root"


class Handler(ControlRoutes, BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state: State  # set on the subclass the server builds
    _truncate = False  # set by the "truncated" fault for the response being made

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
        self._write_body(data)

    def _write_body(self, data: bytes) -> None:
        if self._truncate:
            # The "truncated" fault: the headers promise the whole body, half of it comes, the connection ends.
            self._truncate = False
            self.wfile.write(data[: len(data) // 2])
            self.close_connection = True
            return
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
        """Answers with the fault; False when the request should go on (a slow or a truncated response)."""
        if fault.kind == "slow":
            time.sleep(fault.delay)
            return False
        if fault.kind == "truncated":
            self._truncate = True
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
        self._write_body(data)

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
