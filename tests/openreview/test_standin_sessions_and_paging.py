"""The stand-in reproduces behaviours 1–7 of openreview-api.md §10 (logins and tokens, the clock, limits, counts,
cursors, streams and threads), each shown with the real client."""

import threading

import jwt
import openreview
import pytest
import requests

from sllm.openreview.standin import StandIn
from sllm.openreview.standin.venue import PC_EMAIL, PC_PASSWORD, VenueBuilder

from .conftest import VENUE_ID, control
from .standin_client import pc, raw_get, submissions

MANY = 1_205  # more than one page of 1000


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A venue of 1,205 submissions: paging, cursors and streams need more than a page."""
    venue = VenueBuilder(VENUE_ID, seed=3)
    venue.add_program_chair("Pat Chair", PC_EMAIL, PC_PASSWORD)
    reviewer = venue.add_reviewer("Grace Hopper", "grace@yale.edu")
    for number in range(1, MANY + 1):
        venue.add_submission(
            number=number,
            title=f"Paper {number}",
            abstract="a",
            authors=[("A B", "~A_B1")],
            track="Main track" if number % 2 else "Tiny Papers",
        )
        venue.add_conflict(number, reviewer)
    server = StandIn(fixtures=venue.write(tmp_path_factory.mktemp("big"))).start()
    yield server, venue
    server.stop()


# 1 --------------------------------------------------------------------------------------------------------
def test_01_login_issues_a_real_jwt_that_honours_expires_in(small):
    server, _ = small
    client = openreview.api.OpenReviewClient(
        baseurl=server.url, username=PC_EMAIL, password=PC_PASSWORD, tokenExpiresIn=7200
    )
    payload = jwt.decode(client.token, options={"verify_signature": False})
    assert (payload["user"]["id"], payload["user"]["profile"]["id"], payload["exp"] - payload["iat"]) == (
        PC_EMAIL,
        "~Pat_Chair1",
        7200,
    )
    default = jwt.decode(pc(server).token, options={"verify_signature": False})
    assert default["exp"] - default["iat"] == 3600
    from_token = openreview.api.OpenReviewClient(baseurl=server.url, token="Bearer " + client.token)
    assert from_token.profile.id == "~Pat_Chair1"


# 2 --------------------------------------------------------------------------------------------------------
def test_02_anonymous_callers_get_a_challenge_and_expired_tokens_a_401(small):
    server, venue = small
    anonymous = requests.get(f"{server.url}/notes", params={"invitation": submissions(venue)}, timeout=5)
    assert (
        anonymous.status_code,
        anonymous.headers["Content-Type"],
        "Verifying your browser" in anonymous.text,
    ) == (200, "text/html; charset=UTF-8", True)
    control(server, "config", {"anonymous": "forbidden"})
    forbidden = requests.get(f"{server.url}/notes", timeout=5)
    assert (forbidden.status_code, forbidden.json()["name"]) == (403, "ChallengeRequiredError")
    client = pc(server)
    control(server, "clock", {"advance": 3601})
    with pytest.raises(openreview.OpenReviewException) as caught:
        client.get_group(venue.venue_id)
    error = caught.value.args[0]
    assert (error["name"], error["message"], error["status"]) == (
        "TokenExpiredError",
        "Token has expired. Please log in again.",
        401,
    )


# 3 --------------------------------------------------------------------------------------------------------
def test_03_the_clock_is_controllable(small):
    server, venue = small
    client = pc(server)
    before = control(server, "clock")["now"]
    after = control(server, "clock", {"advance": 1800})["now"]
    assert 1_800_000 <= after - before < 1_805_000
    assert client.get_group(venue.venue_id).id == venue.venue_id  # 30 minutes in: still valid
    control(server, "clock", {"advance": 1801})
    with pytest.raises(openreview.OpenReviewException):
        client.get_group(venue.venue_id)


# 4 --------------------------------------------------------------------------------------------------------
def test_04_limit_above_1000_is_refused_and_no_limit_means_1000(big):
    server, venue = big
    client = pc(server)
    with pytest.raises(openreview.OpenReviewException) as caught:
        client.get_notes(invitation=submissions(venue), limit=1001)
    error = caught.value.args[0]
    assert (
        {k: error[k] for k in ("name", "message", "status")},
        {k: v for k, v in error["details"].items() if k != "reqId"},
    ) == (
        {"name": "ValidationError", "message": "limit must be <= 1000", "status": 400},
        {"path": "limit", "comparison": "<=", "limit": 1000, "invalidValue": 1001},
    )
    assert len(client.get_notes(invitation=submissions(venue))) == 1000


# 5 --------------------------------------------------------------------------------------------------------
def test_05_count_comes_with_count_true_or_an_offset(big):
    server, venue = big
    client = pc(server)
    notes, count = client.get_notes(invitation=submissions(venue), limit=1, with_count=True)
    assert (len(notes), count) == (1, MANY)
    keys = {
        name: sorted(raw_get(server, client, "/notes", invitation=submissions(venue), limit=1, **extra).json())
        for name, extra in {
            "offset": {"offset": 0},
            "false": {"count": "false"},
            "none": {},
            "offset_false": {"offset": 0, "count": "false"},
        }.items()
    }
    assert keys == {
        "offset": ["count", "notes"],
        "false": ["notes"],
        "none": ["notes"],
        "offset_false": ["notes"],
    }


# 6 --------------------------------------------------------------------------------------------------------
def test_06_after_is_a_cursor_in_the_sort_order(big):
    server, venue = big
    client = pc(server)
    everything = client.get_all_notes(invitation=submissions(venue), sort="number:desc")
    assert [n.number for n in everything] == list(range(MANY, 0, -1))
    by_id = client.get_all_notes(invitation=submissions(venue))
    assert [n.id for n in by_id] == sorted(venue.submissions.values())
    page = client.get_notes(invitation=submissions(venue), sort="number:desc", limit=2, after=venue.submissions[10])
    assert [n.number for n in page] == [9, 8]
    tmdate_order = client.get_all_notes(invitation=submissions(venue), sort="tmdate:asc")
    assert [n.number for n in tmdate_order] == list(range(1, MANY + 1))


# 7 --------------------------------------------------------------------------------------------------------
def test_07_stream_ignores_limit_and_offset_on_every_listing(big):
    server, venue = big
    client = pc(server)
    assert len(client.get_all_edges(invitation=f"{VENUE_ID}/Reviewers/-/Conflict")) == MANY
    assert len(client.get_notes(invitation=submissions(venue), stream=True, limit=5, offset=7)) == MANY
    assert len(client.get_all_groups(prefix=f"{VENUE_ID}/Submission")) == 3 * MANY
    assert len(raw_get(server, client, "/invitations", stream="true", limit=1).json()["invitations"]) == 6


def test_07b_the_server_is_threaded(big):
    server, venue = big
    client = pc(server)
    # tools.concurrent_get fetches the pages after the first one in parallel threads.
    notes = openreview.tools.concurrent_get(client, client.get_notes, invitation=submissions(venue))
    assert sorted(n.number for n in notes) == list(range(1, MANY + 1))
    results, errors = [], []

    def read():
        try:
            results.append(len(client.get_notes(invitation=submissions(venue), limit=50)))
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (results, errors) == ([50] * 16, [])
