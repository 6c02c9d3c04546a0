"""The stand-in reproduces behaviours 16–19 of openreview-api.md §10 (faults, rate limits, the JSON on the wire,
OpenReview-like ids), each shown with the real client."""

import json
import re

import openreview
import pytest
import requests

from .conftest import VENUE_ID, control
from .standin_client import pc, raw_get, submissions


# 16 -------------------------------------------------------------------------------------------------------
def test_16_faults_the_client_survives_two(small, capsys):
    server, venue = small
    client = pc(server)
    control(server, "faults", {"route": "/groups", "kind": "429", "count": 2, "retry_after": 1})
    assert client.get_group(VENUE_ID).id == VENUE_ID
    assert capsys.readouterr().out.count("Retrying request") == 2
    control(server, "faults", {"route": "/notes", "kind": "slow", "count": 1, "delay": 0.3})
    assert len(client.get_all_notes(invitation=submissions(venue))) == 3


def test_16_nine_faults_exhaust_the_client_with_a_json_decode_error(small):
    server, _ = small
    client = pc(server)
    control(server, "faults", {"route": "/groups", "kind": "429", "count": 9, "retry_after": 1})
    with pytest.raises(requests.exceptions.JSONDecodeError):
        client.get_group(VENUE_ID)


@pytest.mark.parametrize("kind", ["500", "502", "503"])
def test_16_server_errors_are_plain_text(small, kind):
    server, _ = small
    token = pc(server).token
    control(server, "faults", {"route": "/notes", "kind": kind, "count": 1})
    response = requests.get(f"{server.url}/notes", headers={"Authorization": f"Bearer {token}"}, timeout=5)
    assert (response.status_code, response.headers["Content-Type"], response.text) == (
        int(kind),
        "text/plain; charset=utf-8",
        {"500": "Internal Server Error", "502": "Bad Gateway", "503": "Service Unavailable"}[kind],
    )


# 17 -------------------------------------------------------------------------------------------------------
def test_17_rate_limit_headers_and_budgets(small):
    server, _ = small
    client = pc(server)
    first = raw_get(server, client, "/groups", id=VENUE_ID)
    assert (
        first.headers["ratelimit-policy"],
        first.headers["ratelimit-remaining"],
        int(first.headers["ratelimit-reset"]) <= 3600,
    ) == ("700;w=3600", "699", True)
    control(server, "config", {"budgets": {"groups": 2}, "window_s": 3})
    assert [raw_get(server, client, "/groups", id=VENUE_ID).status_code for _ in range(3)] == [200, 200, 429]
    refused = raw_get(server, client, "/groups", id=VENUE_ID)
    assert (
        refused.json()["name"],
        refused.headers["ratelimit-remaining"],
        1 <= int(refused.headers["Retry-After"]) <= 3,
    ) == ("RateLimitError", "0", True)


# 18 -------------------------------------------------------------------------------------------------------
def test_18_json_with_charset_ms_timestamps_and_version_2(small):
    server, venue = small
    client = pc(server)
    response = raw_get(server, client, "/notes", id=venue.submissions[1])
    note = response.json()["notes"][0]
    assert (
        response.headers["Content-Type"],
        note["version"],
        len(str(note["tcdate"])),
        json.loads(response.text) == response.json(),
    ) == ("application/json; charset=utf-8", 2, 13, True)


# 19 -------------------------------------------------------------------------------------------------------
def test_19_ids_look_like_openreview_ids(small):
    server, venue = small
    client = pc(server)
    notes = client.get_all_notes(invitation=submissions(venue), details="replies")
    ids = [n.id for n in notes] + [r["id"] for n in notes for r in n.details["replies"]]
    assert all(re.fullmatch(r"[0-9A-Za-z]{10}", i) for i in ids) and len(ids) == 9
    edge = client.post_edge(
        openreview.api.Edge(
            invitation=f"{VENUE_ID}/Reviewers/-/Conflict",
            head=venue.submissions[2],
            tail="~Grace_Hopper1",
            weight=-1,
            label="Custom Conflict",
            readers=[VENUE_ID],
            writers=[VENUE_ID],
            signatures=[VENUE_ID],
        )
    )
    assert re.fullmatch(r"[0-9A-Za-z]{14}", edge.id)
    assert [e.label for e in client.get_edges(id=edge.id)] == ["Custom Conflict"]
