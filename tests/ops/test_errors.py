"""Every 500 logs one JSON line and shows its request id; error reports leave without personal data."""

import json
import logging

import pytest
import sentry_sdk
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import close_old_connections
from django.test import Client, RequestFactory
from sentry_sdk.transport import Transport

from sllm.ops.errorreports import scrub_event, sentry_init, sentry_options
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.ops.urls_boom")]

SECRETS = ("UNPUBLISHED SUBMISSION TEXT", "secret-ballot-order", "mentee@example.org", "sessionid", "csrftoken")


class CapturingTransport(Transport):
    """The SDK's own envelopes, kept in memory instead of sent (the network is the only thing replaced)."""

    envelopes: list = []

    def capture_envelope(self, envelope):
        CapturingTransport.envelopes.append(envelope)


@pytest.fixture
def sentry_events():
    CapturingTransport.envelopes = []
    sentry_sdk.init(**sentry_options(dsn="https://key@sentry.example.org/1", transport=CapturingTransport))
    yield lambda: [
        item.payload.json
        for envelope in CapturingTransport.envelopes
        for item in envelope.items
        if item.type == "event"
    ]
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: reporting off again for the tests that follow


def _boom(user=None):
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    client.cookies["csrftoken"] = "csrftoken-value"
    return client.post(
        "/boom/?email=mentee@example.org", {"ranking": "secret-ballot-order", "abstract": "UNPUBLISHED SUBMISSION TEXT"}
    )


@pytest.fixture
def error_lines(caplog):
    """The lines the sllm.errors logger writes, formatted by its configured JSON formatter."""
    logger = logging.getLogger("sllm.errors")
    formatter = logger.handlers[0].formatter
    logger.addHandler(caplog.handler)
    yield lambda: [formatter.format(record) for record in caplog.records if record.name == "sllm.errors"]
    logger.removeHandler(caplog.handler)


def test_a_500_shows_its_request_id_and_logs_one_json_line(error_lines):
    response = _boom()

    request_id = response["X-Request-ID"]
    assert response.status_code == 500
    assert f'<code class="request-id">{request_id}</code>' in response.content.decode()
    lines = error_lines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert isinstance(record.pop("timestamp"), str)
    assert record == {
        "message": "server error",
        "request_id": request_id,
        "status": 500,
        "method": "POST",
        "path": "/boom/",
        "view": "tests.ops.urls_boom.boom_view",
        "exception": "RuntimeError",
        "user_id": None,
        "duration_ms": record["duration_ms"],
    }
    assert isinstance(record["duration_ms"], int)


def test_a_request_id_from_nginx_is_kept_and_a_malformed_one_replaced(client):
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="0123456789abcdef0123456789abcdef")
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")

    assert kept["X-Request-ID"] == "0123456789abcdef0123456789abcdef"
    assert len(replaced["X-Request-ID"]) == 32 and replaced["X-Request-ID"] != "<script>"


def _boom_through_wsgi(user) -> dict:
    """Through the WSGI handler gunicorn calls (the SDK hooks in there), with a logged-in session."""
    client = Client()
    client.force_login(user)
    request = RequestFactory().post(
        "/boom/?email=mentee@example.org",
        {"ranking": "secret-ballot-order", "abstract": "UNPUBLISHED SUBMISSION TEXT"},
        HTTP_COOKIE=f"sessionid={client.cookies['sessionid'].value}; csrftoken=csrftoken-value",
        HTTP_USER_AGENT="Mozilla/5.0 (mentee@example.org)",
    )
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=dict(headers))

    # As Django's test client does: the test's own transaction must outlive the request.
    request_started.disconnect(close_old_connections)
    try:
        body = b"".join(WSGIHandler()(request.environ, start_response))
    finally:
        request_started.connect(close_old_connections)
    return {**answer, "body": body.decode()}


def test_the_error_report_carries_the_request_id_and_no_personal_data(sentry_events):
    user = factories.UserFactory(email="mentee@example.org")

    answer = _boom_through_wsgi(user)
    sentry_sdk.flush()

    events = sentry_events()
    assert (answer["status"], len(events)) == ("500 Internal Server Error", 1)
    event = events[0]
    text = json.dumps(event)
    assert [secret for secret in SECRETS if secret in text] == []
    assert event["tags"]["request_id"] == answer["headers"]["X-Request-ID"]
    assert event["user"] == {"id": str(user.pk)}
    assert event["request"] == {
        "method": "POST",
        "url": "http://testserver/boom/",
        "headers": {"Content-Type": "multipart/form-data; boundary=BoUnDaRyStRiNg"},
    }
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    frames = event["exception"]["values"][-1]["stacktrace"]["frames"]
    assert [frame.get("vars") for frame in frames] == [None] * len(frames)


def test_the_scrubber_keeps_only_what_locates_an_error():
    event = {
        "request": {
            "method": "POST",
            "url": "https://sllm.example.org/review/x/?q=secret",
            "query_string": "q=secret",
            "data": {"ranking": "1,2,3"},
            "cookies": {"sessionid": "abc"},
            "headers": {"Cookie": "sessionid=abc", "X-Request-Id": "r1", "User-Agent": "Mozilla"},
            "env": {"REMOTE_ADDR": "203.0.113.9"},
        },
        "user": {"id": "7", "email": "a@example.org", "ip_address": "203.0.113.9"},
        "extra": {"sys.argv": ["manage.py"]},
        "logentry": {"message": "ballot of %s", "params": ["a@example.org"], "formatted": "ballot of a@example.org"},
        "breadcrumbs": {
            "values": [
                {"category": "query", "message": "SELECT 1 WHERE email = %s", "data": {"db.params": ["a@example.org"]}},
                {"category": "django.request", "level": "info", "message": "paper 'Sparse attention'", "data": {}},
            ]
        },
        "exception": {"values": [{"type": "E", "stacktrace": {"frames": [{"function": "f", "vars": {"text": "x"}}]}}]},
    }

    assert scrub_event(event) == {
        "request": {"method": "POST", "url": "https://sllm.example.org/review/x/", "headers": {"X-Request-Id": "r1"}},
        "user": {"id": "7"},
        "logentry": {"message": "ballot of %s"},
        "breadcrumbs": {
            "values": [
                {"category": "query", "message": "SELECT 1 WHERE email = %s"},
                {"category": "django.request", "level": "info"},
            ]
        },
        "exception": {"values": [{"type": "E", "stacktrace": {"frames": [{"function": "f"}]}}]},
    }


def test_error_reports_are_off_without_a_dsn(settings):
    settings.SENTRY_DSN = ""

    assert sentry_init() is False
    assert sentry_sdk.get_client().transport is None
