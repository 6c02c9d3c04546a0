"""The stand-in reproduces the 19 behaviours of openreview-api.md §10, each shown with the real client."""

import json
import re
import threading

import jwt
import openreview
import pytest
import requests

from sllm.openreview.standin import StandIn
from sllm.openreview.standin.venue import PC_EMAIL, PC_PASSWORD, VenueBuilder

from .conftest import AUTHOR_PASSWORD, REVIEWER_PASSWORD, VENUE_ID, control, small_venue

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


@pytest.fixture
def small(tmp_path):
    venue = small_venue()
    server = StandIn(fixtures=venue.write(tmp_path / "small")).start()
    yield server, venue
    server.stop()


def pc(server) -> openreview.api.OpenReviewClient:
    return openreview.api.OpenReviewClient(baseurl=server.url, username=PC_EMAIL, password=PC_PASSWORD)


def raw_get(server, client, path: str, **params) -> requests.Response:
    return requests.get(
        server.url + path, params=params, timeout=10, headers={"Authorization": f"Bearer {client.token}"}
    )


def submissions(venue) -> str:
    return f"{venue.venue_id}/-/Submission"


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


# 8 --------------------------------------------------------------------------------------------------------
def test_08_filters(small):
    server, venue = small
    client = pc(server)
    s1 = venue.submissions[1]
    review = next(n for n in venue.notes.values() if n["invitations"][0].endswith("Official_Review"))
    assert [n.id for n in client.get_notes(id=s1)] == [s1]
    assert [n.number for n in client.get_notes(invitation=submissions(venue), sort="number:asc")] == [1, 2, 3]
    assert len(client.get_notes(forum=s1)) == 6  # the submission, three reviews, a meta-review, a decision
    assert len(client.get_notes(replyto=s1)) == 5
    assert [n.id for n in client.get_notes(invitation=submissions(venue), number=2)] == [venue.submissions[2]]
    assert [n.id for n in client.get_notes(signature=review["signatures"][0])] == [review["id"]]
    assert [n.number for n in client.get_notes(content={"track": "Tiny Papers"})] == [2]
    assert [n.number for n in client.get_notes(content={"keywords": "Parameter Sparsity/Pruning"})] == [1]
    assert len(client.get_notes(invitation=submissions(venue), domain=VENUE_ID)) == 3
    assert client.get_notes(invitation=submissions(venue), domain="Other/Venue") == []
    assert [g.id for g in client.get_groups(id=f"{VENUE_ID}/Reviewers")] == [f"{VENUE_ID}/Reviewers"]
    assert [g.id for g in client.get_groups(prefix=f"{VENUE_ID}/Submission1/Area")] == [
        f"{VENUE_ID}/Submission1/Area_Chair_" + g.id.rsplit("_", 1)[1]
        for g in client.get_groups(prefix=f"{VENUE_ID}/Submission1/Area_Chair_")
    ] + [f"{VENUE_ID}/Submission1/Area_Chairs"]
    assert sorted(g.id for g in client.get_groups(member="~Kwame_Mensah1")) == sorted(
        [f"{VENUE_ID}/Reviewers"]
        + [g["id"] for g in venue.groups.values() if g["members"] == ["~Kwame_Mensah1"]]
        + [f"{VENUE_ID}/Submission2/Reviewers"]
    )
    # get_all_groups(parent=...) crashes in openreview-py 2.9.1 (get_groups takes no parent): ask directly.
    assert sorted(g["id"] for g in raw_get(server, client, "/groups", parent=VENUE_ID).json()["groups"]) == sorted(
        f"{VENUE_ID}/{n}" for n in ("Program_Chairs", "Reviewers", "Area_Chairs", "Authors")
    )
    conflicts = f"{VENUE_ID}/Reviewers/-/Conflict"
    assert [e.label for e in client.get_edges(invitation=conflicts, head=venue.submissions[2])] == ["Custom Conflict"]
    assert [e.head for e in client.get_edges(invitation=conflicts, tail="~Kwame_Mensah1", label="Conflict")] == [s1]
    assert [p.id for p in client.get_profiles(id="~Grace_Hopper1")] == ["~Grace_Hopper1"]
    assert client.get_profile("GRACE@yale.edu").id == "~Grace_Hopper1"
    assert [p.id for p in client.search_profiles(ids=["~Alan_Turing1", "~Nobody1"])] == ["~Alan_Turing1"]
    assert {k: [p.id for p in v] for k, v in client.search_profiles(emails=["Emmy@Goettingen.de"]).items()} == {
        "emmy@goettingen.de": ["~Emmy_Noether1"]
    }
    assert {k: v.id for k, v in client.search_profiles(confirmedEmails=["KWAME@ug.edu.gh"]).items()} == {
        "kwame@ug.edu.gh": "~Kwame_Mensah1"
    }


# 9 --------------------------------------------------------------------------------------------------------
def test_09_details_replies_and_direct_replies(small):
    server, venue = small
    client = pc(server)
    s1 = venue.submissions[1]
    review = next(n for n in venue.notes.values() if n["forum"] == s1 and n["invitations"][0].endswith("Review"))
    answer = venue.add_comment(1, f"{VENUE_ID}/Submission1/Authors", replyto=review["id"])
    gone = venue.add_comment(1, f"{VENUE_ID}/Program_Chairs")
    control(server, "seed", {"notes": [venue.notes[answer], venue.notes[gone]], "delete": {"notes": [gone]}})
    note = client.get_note(s1, details="replies,directReplies,writable")
    replies = {r["id"] for r in note.details["replies"]}
    direct = {r["id"] for r in note.details["directReplies"]}
    assert (
        answer in replies,
        answer in direct,
        gone in replies,
        s1 in replies,
        len(replies),
        len(direct),
    ) == (True, False, False, False, 6, 5)


# 10 -------------------------------------------------------------------------------------------------------
def test_10_soft_deleted_entities_show_only_with_trash(small):
    server, venue = small
    client = pc(server)
    s3 = venue.submissions[3]
    control(server, "seed", {"delete": {"notes": [s3]}})
    assert [n.number for n in client.get_all_notes(invitation=submissions(venue))] == [1, 2]
    trashed = client.get_all_notes(invitation=submissions(venue), trash=True)
    assert sorted((n.number, n.ddate is not None) for n in trashed) == [(1, False), (2, False), (3, True)]
    deleted_edge = next(e for e in venue.edges.values() if e.get("ddate"))
    assert client.get_edges(id=deleted_edge["id"]) == []
    assert [e.id for e in client.get_edges(id=deleted_edge["id"], trash=True)] == [deleted_edge["id"]]


# 11 -------------------------------------------------------------------------------------------------------
def test_11_anonymous_groups_map_back_to_profiles(small):
    server, venue = small
    client = pc(server)
    group = client.get_group(f"{VENUE_ID}/Submission1/Reviewers")
    assert (sorted(group.members), sorted(group.anon_ids_by_member)) == (
        ["~Alan_Turing1", "~Emmy_Noether1", "~Grace_Hopper1"],
        ["~Alan_Turing1", "~Emmy_Noether1", "~Grace_Hopper1"],
    )
    anon = client.get_groups(prefix=f"{VENUE_ID}/Submission1/Reviewer_")
    assert sorted(g.members[0] for g in anon) == ["~Alan_Turing1", "~Emmy_Noether1", "~Grace_Hopper1"]
    assert all(re.fullmatch(rf"{VENUE_ID}/Submission1/Reviewer_[0-9A-Za-z]{{4}}", g.id) for g in anon)


# 12 -------------------------------------------------------------------------------------------------------
def test_12_readers_filter_notes_groups_edges_and_content_fields(small):
    server, venue = small
    grace = openreview.api.OpenReviewClient(baseurl=server.url, username="grace@yale.edu", password=REVIEWER_PASSWORD)
    ada = openreview.api.OpenReviewClient(baseurl=server.url, username="ada@ox.ac.uk", password=AUTHOR_PASSWORD)
    seen_by_grace = grace.get_all_notes(invitation=submissions(venue))
    assert [(n.number, "authors" in n.content, "authorids" in n.content) for n in seen_by_grace] == [
        (1, False, False),
        (2, False, False),
    ]
    seen_by_ada = ada.get_all_notes(invitation=submissions(venue))
    assert [(n.number, n.content["authorids"]["value"]) for n in seen_by_ada] == [
        (1, ["~Ada_Lovelace1", "wei@tsinghua.edu.cn"])
    ]
    own_review = grace.get_all_notes(forum=venue.submissions[1])
    # The submission and Grace's own review; the other reviews, the meta-review and the decision stay hidden.
    assert sorted(n.signatures[0].split("/")[-1].split("_")[0] for n in own_review) == ["Authors", "Reviewer"]
    with pytest.raises(openreview.OpenReviewException) as caught:
        grace.get_note(venue.submissions[3])
    assert caught.value.args[0]["name"] == "ForbiddenError"
    assert [e.tail for e in grace.get_all_edges(invitation=f"{VENUE_ID}/Reviewers/-/Conflict")] == []
    assert len(pc(server).get_all_edges(invitation=f"{VENUE_ID}/Reviewers/-/Conflict")) == 2


# 13 -------------------------------------------------------------------------------------------------------
def test_13_profiles_hide_emails_from_everyone_but_the_owner(small):
    server, _ = small
    grace = openreview.api.OpenReviewClient(baseurl=server.url, username="grace@yale.edu", password=REVIEWER_PASSWORD)
    assert grace.get_profile("~Grace_Hopper1").content["emails"] == ["grace@yale.edu"]
    other = grace.get_profile("~Alan_Turing1").content
    assert (other["emails"], other["preferredEmail"]) == (["****@manchester.ac.uk"], "****@manchester.ac.uk")
    found = requests.post(
        f"{server.url}/profiles/search",
        json={"emails": ["alan@manchester.ac.uk"]},
        timeout=5,
        headers={"Authorization": f"Bearer {grace.token}"},
    ).json()["profiles"]
    assert [(p["id"], p["email"]) for p in found] == [("~Alan_Turing1", "alan@manchester.ac.uk")]


# 14 -------------------------------------------------------------------------------------------------------
def test_14_edges_need_more_than_an_invitation_and_group_by_head(small):
    server, venue = small
    client = pc(server)
    with pytest.raises(openreview.OpenReviewException) as caught:
        client.get_edges(invitation=f"{VENUE_ID}/Reviewers/-/Assignment")
    assert (caught.value.args[0]["name"], caught.value.args[0]["status"]) == ("ValidationError", 400)
    grouped = client.get_grouped_edges(f"{VENUE_ID}/Reviewers/-/Assignment", groupby="head", select="tail,weight")
    assert sorted((g["id"]["head"], sorted(v["tail"] for v in g["values"]), g["count"]) for g in grouped) == sorted(
        [
            (venue.submissions[1], ["~Alan_Turing1", "~Emmy_Noether1", "~Grace_Hopper1"], 3),
            (venue.submissions[2], ["~Grace_Hopper1", "~Kwame_Mensah1"], 2),
        ]
    )
    assert client.get_edges_count(invitation=f"{VENUE_ID}/Reviewers/-/Assignment") == 5


# 15 -------------------------------------------------------------------------------------------------------
def test_15_unknown_ids_404_and_unknown_listings_are_empty(small):
    server, _ = small
    client = pc(server)
    messages = []
    for call in (
        lambda: client.get_group("Nope/Venue"),
        lambda: client.get_note("XXXXXXXXXX"),
        lambda: client.get_invitation("Nope/-/Thing"),
    ):
        with pytest.raises(openreview.OpenReviewException) as caught:
            call()
        messages.append((caught.value.args[0]["status"], caught.value.args[0]["name"], caught.value.args[0]["message"]))
    assert messages == [
        (404, "NotFoundError", "Group Not Found: Nope/Venue"),
        (404, "NotFoundError", "The Note XXXXXXXXXX was not found"),
        (404, "NotFoundError", "The Invitation Nope/-/Thing was not found"),
    ]
    assert (
        client.get_all_notes(invitation="Nope/-/Submission"),
        client.get_groups(prefix="Nope/"),
        client.get_all_edges(invitation="Nope/-/Conflict"),
    ) == ([], [], [])


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
