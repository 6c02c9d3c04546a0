"""The gateway, through the real openreview-py client, against the stand-in's faults."""

import pytest

from sllm.openreview.client import OpenReviewGateway, RetryPolicy, SyncError
from sllm.openreview.standin.venue import PC_EMAIL, PC_PASSWORD

from .conftest import VENUE_ID, control


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def gateway(standin, sleeps):
    return OpenReviewGateway(
        baseurl=standin.url,
        username=PC_EMAIL,
        password=PC_PASSWORD,
        policy=RetryPolicy(retries=8, backoff_s=2, backoff_max_s=120, retry_after_max_s=300, timeout_s=2),
        sleep=sleeps.append,
    )


def paths(standin) -> list[str]:
    return [r["path"] for r in control(standin, "requests")["requests"]]


def test_an_expired_token_is_renewed_once_by_logging_in_again(standin, gateway):
    control(standin, "requests", {})
    control(standin, "clock", {"advance": 2 * 3600})

    group = gateway.group(VENUE_ID)

    assert (group["id"], paths(standin), gateway.requests) == (VENUE_ID, ["/groups", "/login", "/groups"], 4)


def test_a_token_that_expires_again_right_away_is_one_clear_error(standin, gateway):
    control(standin, "faults", {"route": "/groups", "kind": "expired", "count": 2})
    with pytest.raises(SyncError) as caught:
        gateway.group(VENUE_ID)
    assert (caught.value.code, caught.value.message) == (
        "token_expired",
        f"Reading the group {VENUE_ID}: the OpenReview token expired again right after logging in.",
    )


def test_429_is_retried_after_the_retry_after_seconds(standin, gateway, sleeps):
    control(standin, "faults", {"route": "/edges", "kind": "429", "count": 2, "retry_after": 7})
    edges = gateway.edges(invitation=f"{VENUE_ID}/Reviewers/-/Conflict")
    assert (len(edges), sleeps) == (2, [7.0, 7.0])


def test_5xx_without_retry_after_backs_off_exponentially(standin, gateway, sleeps):
    control(
        standin,
        "faults",
        [
            {"route": "/groups", "kind": "500", "count": 1},
            {"route": "/groups", "kind": "502", "count": 1},
            {"route": "/groups", "kind": "504", "count": 1},
        ],
    )
    assert gateway.group(VENUE_ID)["id"] == VENUE_ID
    assert sleeps == [2.0, 4.0, 8.0]


def test_nine_faults_end_in_one_sync_error(standin, gateway, sleeps):
    control(standin, "faults", {"route": "/notes", "kind": "503", "count": 9})
    with pytest.raises(SyncError) as caught:
        gateway.notes(invitation=f"{VENUE_ID}/-/Submission")
    assert (caught.value.code, caught.value.message, sleeps) == (
        "unavailable",
        f"Reading the notes of {VENUE_ID}/-/Submission: OpenReview kept failing after 9 attempt(s); last: "
        "HTTP 503 Error: Service Unavailable",
        [2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 120.0, 120.0],
    )


def test_a_retry_after_longer_than_we_wait_fails_now_and_says_when(standin, gateway, sleeps):
    control(standin, "faults", {"route": "/groups", "kind": "429", "count": 1, "retry_after": 3600})
    with pytest.raises(SyncError) as caught:
        gateway.group(VENUE_ID)
    assert (caught.value.code, caught.value.retry_after, sleeps) == ("unavailable", 3600.0, [])


def test_a_dropped_connection_and_a_timeout_are_retried(standin, gateway, sleeps):
    control(
        standin,
        "faults",
        [
            {"route": "/groups", "kind": "drop", "count": 1},
            {"route": "/groups", "kind": "slow", "count": 1, "delay": 3},
        ],
    )
    assert gateway.group(VENUE_ID)["id"] == VENUE_ID
    assert sleeps == [2.0, 4.0]


def test_a_browser_challenge_is_refused(standin, gateway):
    control(standin, "faults", {"route": "/groups", "kind": "challenge", "count": 1})
    with pytest.raises(SyncError) as caught:
        gateway.group(VENUE_ID)
    assert (caught.value.code, caught.value.message) == (
        "challenge",
        f"Reading the group {VENUE_ID}: OpenReview answered with a browser challenge page instead "
        "of JSON; the request was not authenticated.",
    )


def test_a_forbidden_read_is_not_retried(standin, sleeps):
    reviewer = OpenReviewGateway(
        baseurl=standin.url, username="grace@yale.edu", password="reviewer-password", sleep=sleeps.append
    )
    with pytest.raises(SyncError) as caught:
        reviewer.group(f"{VENUE_ID}/Submission1/Authors")
    assert (caught.value.code, sleeps) == ("forbidden", [])


def test_an_unreachable_server_is_one_clear_error(sleeps):
    with pytest.raises(SyncError) as caught:
        OpenReviewGateway(baseurl="http://127.0.0.1:9", username=PC_EMAIL, password=PC_PASSWORD, sleep=sleeps.append)
    assert (
        caught.value.code,
        caught.value.message.startswith("OpenReview at http://127.0.0.1:9 could not be reached to log in:"),
    ) == ("unreachable", True)


def test_missing_settings_are_one_clear_error():
    with pytest.raises(SyncError) as caught:
        OpenReviewGateway(baseurl="http://127.0.0.1:9", username="", password="")
    assert (caught.value.code, caught.value.message) == (
        "not_configured",
        "OpenReview is not configured: set OPENREVIEW_BASEURL, OPENREVIEW_USERNAME and OPENREVIEW_PASSWORD.",
    )


def test_posting_and_deleting_an_edge(standin, gateway):
    posted = gateway.post_edge(
        invitation=f"{VENUE_ID}/Reviewers/-/Conflict",
        head="Paper00001",
        tail="~X_Y1",
        signature=VENUE_ID,
        readers=[VENUE_ID],
        weight=-1,
        label="Custom Conflict",
    )
    gateway.post_edge(
        invitation=f"{VENUE_ID}/Reviewers/-/Conflict",
        head="Paper00001",
        tail="~X_Y1",
        signature=VENUE_ID,
        readers=[VENUE_ID],
        edge_id=posted["id"],
        delete=True,
    )
    assert [
        e["id"] for e in gateway.edges(invitation=f"{VENUE_ID}/Reviewers/-/Conflict") if e["head"] == "Paper00001"
    ] == []
