"""The logged-in session: one retry loop around every call, plain data out of every read."""

import logging
import tempfile
import time
import typing
from collections.abc import Callable, Iterator

import ijson
import requests
from django.conf import settings

from .policy import TRANSIENT_STATUS, RetryPolicy, SyncError, _error_dict, _retry_after_seconds, _TimeoutAdapter
from .shapes import _edge, _edge_json, _group, _note_json, _profile

logger = logging.getLogger(__name__)

BROKEN_OFF = (
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ConnectionError,
    requests.exceptions.Timeout,
)

# A streamed listing's body is read in blocks of BLOCK bytes, and kept in memory up to SPOOL_MAX bytes (a
# small venue's), beyond that in a temporary file.
BLOCK = 64 * 1024
SPOOL_MAX = 1024 * 1024


def _openreview():
    """openreview-py, imported on first use: web workers import this module (through the services) but
    never talk to OpenReview, and the library with its dependencies costs tens of MiB in every worker."""
    import openreview  # noqa: PLC0415 -- loaded by the code paths that use it, not at start-up

    return openreview


class OpenReviewGateway:
    """A logged-in session with OpenReview; `requests` counts every HTTP request it made."""

    def __init__(
        self,
        *,
        baseurl: str,
        username: str,
        password: str,
        token_expires_in: int | None = None,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        if not (baseurl and username and password):
            raise SyncError(
                "OpenReview is not configured: set OPENREVIEW_BASEURL, OPENREVIEW_USERNAME and OPENREVIEW_PASSWORD.",
                code="not_configured",
            )
        self.baseurl = baseurl.rstrip("/")
        self.username = username
        self._password = password
        self.token_expires_in = token_expires_in
        self.policy = policy or RetryPolicy()
        self.sleep = sleep
        self.requests = 0
        self.rate_limit_remaining: int | None = None
        self._last_status: int | None = None
        self._last_headers: dict = {}
        self._client = self._connect()

    @classmethod
    def from_settings(cls, **overrides) -> "OpenReviewGateway":
        options = {
            "baseurl": settings.OPENREVIEW_BASEURL,
            "username": settings.OPENREVIEW_USERNAME,
            "password": settings.OPENREVIEW_PASSWORD,
            "token_expires_in": settings.OPENREVIEW_TOKEN_EXPIRES_S,
            "policy": RetryPolicy.from_settings(),
        }
        options.update(overrides)
        return cls(**options)

    # ---- session -------------------------------------------------------------------------------

    def _connect(self):
        self.requests += 1  # the login below runs before our response hook is installed
        try:
            client = _openreview().api.OpenReviewClient(
                baseurl=self.baseurl,
                username=self.username,
                password=self._password,
                tokenExpiresIn=self.token_expires_in,
            )
        except _openreview().OpenReviewException as exc:
            error = _error_dict(exc)
            raise SyncError(
                f"OpenReview refused the login of {self.username}: {error.get('message')}",
                code="login_failed",
            ) from exc
        except requests.exceptions.RequestException as exc:
            raise SyncError(
                f"OpenReview at {self.baseurl} could not be reached to log in: {exc}",
                code="unreachable",
                retry_after=self.policy.backoff_s,
            ) from exc
        adapter = _TimeoutAdapter(self.policy.timeout_s)
        for prefix in list(client.session.adapters) + ["http://", "https://"]:
            client.session.mount(prefix, adapter)
        client.session.hooks["response"].append(self._on_response)
        return client

    def _on_response(self, response, *args, **kwargs):
        self.requests += 1
        self._last_status = response.status_code
        self._last_headers = dict(response.headers)
        remaining = response.headers.get("ratelimit-remaining")
        if remaining is not None and remaining.isdigit():
            self.rate_limit_remaining = int(remaining)
        return response

    def _relogin(self) -> None:
        logger.info("OpenReview token expired; logging in again as %s", self.username)
        try:
            self._client.login_user(self.username, self._password, expiresIn=self.token_expires_in)
        except _openreview().OpenReviewException as exc:
            raise SyncError(
                f"OpenReview refused the login of {self.username}: {_error_dict(exc).get('message')}",
                code="login_failed",
            ) from exc

    def _challenge(self) -> bool:
        content_type = self._last_headers.get("Content-Type", "")
        return self._last_status == 200 and "json" not in content_type

    # ---- the retry loop ------------------------------------------------------------------------

    def _call(self, what: str, function: Callable, /, *args, retry: bool = True, **kwargs):
        relogged = False
        attempt = 0
        while True:
            self._last_status, self._last_headers = None, {}
            failure: str
            try:
                return function(*args, **kwargs)
            except _openreview().OpenReviewException as exc:
                error = _error_dict(exc)
                if error.get("name") == "TokenExpiredError" and not relogged:
                    relogged = True
                    self._relogin()
                    continue
                if error.get("name") == "TokenExpiredError":
                    raise SyncError(
                        f"{what}: the OpenReview token expired again right after logging in.",
                        code="token_expired",
                    ) from exc
                if self._last_status not in TRANSIENT_STATUS:
                    code = {"ForbiddenError": "forbidden", "NotFoundError": "not_found"}.get(
                        error.get("name"), "openreview_error"
                    )
                    raise SyncError(
                        f"{what}: OpenReview answered {self._last_status or 'an error'} "
                        f"{error.get('name')}: {error.get('message')}",
                        code=code,
                    ) from exc
                failure = f"HTTP {self._last_status} {error.get('name')}: {error.get('message')}"
            except requests.exceptions.RequestException as exc:
                if self._challenge():
                    raise SyncError(
                        f"{what}: OpenReview answered with a browser challenge page instead of "
                        "JSON; the request was not authenticated.",
                        code="challenge",
                    ) from exc
                # A body broken off on the way (a dropped connection, a timeout) is a fault of the network,
                # whatever the status before it; any other failure of a response that came is its content's.
                broken_off = isinstance(exc, BROKEN_OFF)
                if not broken_off and self._last_status is not None and self._last_status not in TRANSIENT_STATUS:
                    raise SyncError(
                        f"{what}: OpenReview answered {self._last_status} with a body that is not JSON.",
                        code="bad_response",
                    ) from exc
                if self._last_status is None:
                    self.requests += 1  # the request never got an answer, so the hook did not count it
                failure = f"{type(exc).__name__}: {exc}"
            except (ValueError, KeyError, IndexError, TypeError) as exc:
                raise SyncError(
                    f"{what}: OpenReview sent a response of an unexpected shape ({exc!r}).",
                    code="bad_response",
                ) from exc
            delay = self._delay(attempt)
            if not retry or attempt >= self.policy.retries or delay is None:
                wait = _retry_after_seconds(self._last_headers.get("Retry-After"))
                raise SyncError(
                    f"{what}: OpenReview kept failing after {attempt + 1} attempt(s); last: {failure}",
                    code="unavailable",
                    retry_after=wait or self.policy.backoff_max_s,
                )
            logger.warning("%s failed (%s); retrying in %.1f s", what, failure, delay)
            self.sleep(delay)
            attempt += 1

    def _delay(self, attempt: int) -> float | None:
        """Seconds to wait before the next try; None when the server asks for longer than we wait."""
        retry_after = _retry_after_seconds(self._last_headers.get("Retry-After"))
        if retry_after is not None:
            return retry_after if retry_after <= self.policy.retry_after_max_s else None
        return min(self.policy.backoff_s * (2**attempt), self.policy.backoff_max_s)

    # ---- reads ---------------------------------------------------------------------------------

    def group(self, group_id: str, *, required: bool = True) -> dict | None:
        try:
            return _group(self._call(f"Reading the group {group_id}", self._client.get_group, group_id))
        except SyncError as exc:
            if exc.code == "not_found" and not required:
                return None
            raise

    def groups(self, *, prefix: str) -> list[dict]:
        found = self._call(f"Listing the groups under {prefix}", self._client.get_all_groups, prefix=prefix)
        return [_group(g) for g in found]

    def invitation(self, invitation_id: str) -> dict | None:
        try:
            found = self._call(f"Reading the invitation {invitation_id}", self._client.get_invitation, invitation_id)
        except SyncError as exc:
            if exc.code == "not_found":
                return None
            raise
        edit = found.edit if isinstance(found.edit, dict) else {}
        nested = edit.get("invitation") if isinstance(edit.get("invitation"), dict) else {}
        return {"id": found.id, "duedate": found.duedate or nested.get("duedate")}

    def notes(self, *, invitation: str, domain: str | None = None, details: str | None = "replies") -> list[dict]:
        pages = self.note_pages(invitation=invitation, domain=domain, details=details)
        return [note for page in pages for note in page]

    def note_pages(
        self, *, invitation: str, domain: str | None = None, details: str | None = "replies", page_size: int = 1000
    ) -> Iterator[Iterator[dict]]:
        """The notes of an invitation one page at a time, as plain dicts: the requests get_all_notes makes
        (sorted by id, the count with the first page, then `after` the last id until a page comes back
        empty), each page's notes decoded one at a time from its body (see _items), so that not even one
        page of notes need be in memory at once.

        A page's last note is the next page's cursor: the next page is requested once the caller has
        read the page to its end (what it leaves unread is skipped). The last page is empty."""
        what = f"Reading the notes of {invitation}"
        params = {"invitation": invitation, "details": details, "domain": domain, "sort": "id", "limit": page_size}
        params = {name: value for name, value in params.items() if value is not None}
        params["count"] = "true"
        while True:
            last: list[str] = []

            def page(params: dict = params, last: list[str] = last) -> Iterator[dict]:
                for note in self._items(what, "/notes", params, "notes"):
                    last[:] = [note.get("id")]
                    yield _note_json(note)

            notes = page()
            yield notes
            for _ in notes:  # the rest of the page, which the caller left unread
                pass
            if not last:
                return
            params = {**params, "count": "false", "after": last[0]}

    def edges(self, *, invitation: str) -> list[dict]:
        return list(self.each_edge(invitation=invitation))

    def each_edge(self, *, invitation: str, select: str | None = None) -> Iterator[dict]:
        """The edges of an invitation (one streamed request, as get_all_edges), decoded one at a time;
        with `select` (such as "id,head,tail"), only those fields are sent, the others read None."""
        params = {"invitation": invitation, "stream": "true"}
        if select:
            params["select"] = select
        for edge in self._items(f"Reading the edges of {invitation}", "/edges", params, "edges"):
            yield _edge_json(edge)

    def group_members(self, *, prefix: str) -> Iterator[tuple[str, list[str]]]:
        """(id, members) of every group under the prefix: one streamed request that selects only those
        fields, since a venue's per-paper and anonymous groups run to tens of thousands."""
        params = {"prefix": prefix, "stream": "true", "select": "id,members"}
        for group in self._items(f"Listing the groups under {prefix}", "/groups", params, "groups"):
            yield group["id"], list(group.get("members") or [])

    def _items(self, what: str, path: str, params: dict, key: str) -> Iterator:
        """The items of the list under `key` of one GET's JSON body, decoded one at a time (ijson).

        A streamed listing (`stream=true`) answers every match in one body, tens of MiB for a large venue:
        decoded whole, the body and tens of thousands of dicts would live at once. The body is received
        whole inside the retry loop (a failure half-way is retried like any other) into a spool file,
        then parsed from there, so only the item at hand is in memory."""
        body = self._call(what, self._download, path, params)
        try:
            if body.read(1) not in (b"{", b""):
                raise ValueError("the body is not a JSON object")
            body.seek(0)
            yield from ijson.items(body, f"{key}.item", use_float=True)
        except (ValueError, ijson.JSONError) as exc:
            raise SyncError(
                f"{what}: OpenReview sent a response of an unexpected shape ({exc!r}).", code="bad_response"
            ) from exc
        finally:
            body.close()

    def _download(self, path: str, params: dict) -> typing.IO[bytes]:
        """One GET through openreview-py's session, headers and error mapping; the body, copied as it
        arrives into a spool file (in memory while small, on disk past SPOOL_MAX), read from its start."""
        client = self._client
        with client.session.get(client.baseurl + path, params=params, headers=client.headers, stream=True) as response:
            client._OpenReviewClient__handle_response(response)  # openreview-py's own errors, as for its get_* calls
            if "json" not in response.headers.get("Content-Type", ""):
                raise requests.exceptions.InvalidJSONError(f"{path} answered {response.headers.get('Content-Type')!r}")
            body = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX)
            try:
                for block in response.iter_content(BLOCK):
                    body.write(block)
            except BaseException:
                body.close()
                raise
        body.seek(0)
        return body

    def profiles(self, ids: list[str]) -> list[dict]:
        wanted = [i for i in ids if i.startswith("~")]
        if not wanted:
            return []
        found = self._call("Reading profiles", self._client.search_profiles, ids=wanted)
        return [_profile(p) for p in found]

    def attachment(self, note_id: str, field: str = "pdf") -> bytes:
        """The file a note holds in one field (its PDF), as bytes; a file OpenReview lacks is SyncError not_found."""
        data = self._call(
            f"Reading the {field} of {note_id}", self._client.get_attachment, field_name=field, id=note_id
        )
        if not isinstance(data, bytes | bytearray):
            raise SyncError(f"Reading the {field} of {note_id}: OpenReview sent no file.", code="bad_response")
        return bytes(data)

    # ---- writes --------------------------------------------------------------------------------

    def post_edge(
        self,
        *,
        invitation: str,
        head: str,
        tail: str,
        signature: str,
        readers: list[str],
        weight: float | None = None,
        label: str | None = None,
        edge_id: str | None = None,
        delete: bool = False,
    ) -> dict:
        """Creates an edge, or (with edge_id and delete) soft-deletes one. A create is not retried on
        a 5xx: the first attempt may have landed, and a second would duplicate the edge."""
        edge = _openreview().api.Edge(
            invitation=invitation,
            head=head,
            tail=tail,
            weight=weight,
            label=label,
            id=edge_id,
            readers=readers,
            writers=[signature],
            signatures=[signature],
            ddate=int(time.time() * 1000) if delete else None,
        )
        posted = self._call(f"Posting an edge on {invitation}", self._client.post_edge, edge, retry=edge_id is not None)
        return _edge(posted)

    def post_message(self, *, recipients: list[str], subject: str, message: str) -> dict:
        """Asks OpenReview to mail its users (profile ids), whose addresses the platform never sees.

        Not retried here: a 5xx may come after the message went out, and a second request would mail
        the person twice. The caller records the failure and tries again later, on its own schedule.
        """
        posted = self._call(
            f"Sending a message to {', '.join(recipients)}",
            self._client.post_message,
            subject,
            recipients,
            message,
            retry=False,
        )
        return {"id": posted.get("id", ""), "groups": list(posted.get("groups") or recipients)}
