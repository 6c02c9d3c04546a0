"""The edition's community channels: organizers list them; the public sees a page and every page's footer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sllm.workshops.models import CommunityChannel, Edition
from sllm.workshops.services import community_channel_save
from tests import factories

pytestmark = pytest.mark.django_db


def organize_url(edition, *parts):
    return reverse("workshops:community", args=[edition.slug]) + "".join(f"{p}/" for p in parts)


def channel_data(**overrides):
    return {"kind": "chat", "name": "SLLM on Discord", "url": "https://discord.gg/sllm", "order": "0"} | overrides


@pytest.fixture
def channel(edition):
    return community_channel_save(
        edition=edition, kind="mailing_list", name="Announcements", url="https://lists.example.org/sllm"
    )


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("stranger", 403), ("author", 403), ("organizer", 302)])
def test_only_organizers_add_channels(client_for, edition, stranger, author, organizer, who, status):
    user = {"stranger": stranger, "author": author, "organizer": organizer}.get(who)
    response = client_for(user).post(organize_url(edition), channel_data())
    assert response.status_code == status
    expected = [("chat", "SLLM on Discord", "https://discord.gg/sllm")] if who == "organizer" else []
    assert list(CommunityChannel.objects.values_list("kind", "name", "url")) == expected


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("stranger", 403), ("organizer", 302)])
def test_only_organizers_edit_and_remove_channels(client_for, edition, stranger, organizer, channel, who, status):
    user = {"stranger": stranger, "organizer": organizer}.get(who)
    client = client_for(user)
    response = client.post(organize_url(edition, channel.pk), channel_data(name="Renamed"))
    assert response.status_code == status
    channel.refresh_from_db()
    assert channel.name == ("Renamed" if who == "organizer" else "Announcements")
    assert client.post(organize_url(edition, channel.pk, "delete")).status_code == status
    assert CommunityChannel.objects.count() == (0 if who == "organizer" else 1)
    edition.refresh_from_db()
    assert len(edition.community_links) == (0 if who == "organizer" else 1)


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "ftp://files.example.org/sllm", "discord", "https://", "data:text/html,<b>x</b>"],
)
def test_a_non_web_address_is_refused_and_nothing_stored(client_for, edition, organizer, url):
    response = client_for(organizer).post(organize_url(edition), channel_data(url=url))
    assert response.status_code == 400
    assert response.context["error"].message == "The address must be a web address starting with https:// or http://."
    assert CommunityChannel.objects.count() == 0
    edition.refresh_from_db()
    assert edition.community_links == []


def test_an_unknown_kind_or_channel_is_refused(client_for, edition, organizer, channel):
    client = client_for(organizer)
    assert client.post(organize_url(edition), channel_data(kind="pigeon")).status_code == 400
    assert client.get(organize_url(edition, channel.pk + 99)).status_code == 404
    assert client.post(organize_url(edition, channel.pk + 99, "delete")).status_code == 404
    assert list(CommunityChannel.objects.values_list("name", flat=True)) == ["Announcements"]


def test_the_public_page_and_every_footer_list_the_channels(client_for, edition, channel):
    community_channel_save(edition=edition, kind="social", name="<b>@sllm</b>", url="https://bsky.app/profile/sllm")
    page = client_for(None).get(reverse("workshops:community-public", args=[edition.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('href="https://lists.example.org/sllm"') == 2  # the page and the footer
    assert "&lt;b&gt;@sllm&lt;/b&gt;" in html and "<b>@sllm" not in html
    schedule = client_for(None).get(reverse("website:schedule", args=[edition.slug])).content.decode()
    assert 'href="https://bsky.app/profile/sllm"' in schedule
    assert Edition.objects.get().community_links == [
        {
            "kind": "mailing_list",
            "kind_label": "Mailing list",
            "name": "Announcements",
            "url": "https://lists.example.org/sllm",
        },
        {
            "kind": "social",
            "kind_label": "Social account",
            "name": "<b>@sllm</b>",
            "url": "https://bsky.app/profile/sllm",
        },
    ]


def test_the_footer_costs_no_query(client_for, edition, channel, django_assert_num_queries):

    with CaptureQueriesContext(connection) as queries:
        client_for(None).get(reverse("workshops:community-public", args=[edition.slug]))
    assert [q["sql"] for q in queries.captured_queries if "workshops_communitychannel" in q["sql"]] == []


def test_a_private_edition_has_no_public_community_page(client_for, db):
    hidden = factories.EditionFactory(slug="hidden-2026", is_public=False)
    assert client_for(None).get(reverse("workshops:community-public", args=[hidden.slug])).status_code == 404
