"""The stand-in reproduces behaviours 8–15 of openreview-api.md §10 (filters, replies, trash, anonymous groups,
readers, hidden emails, edges, unknown ids), each shown with the real client."""

import re

import openreview
import pytest
import requests

from .conftest import AUTHOR_PASSWORD, REVIEWER_PASSWORD, VENUE_ID, control
from .standin_client import pc, raw_get, submissions


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
