"""The site header: personal links only where the visitor's roles in the edition make them relevant."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sllm.accounts.models import Role
from sllm.website import navigation
from tests import factories

pytestmark = pytest.mark.django_db

PUBLIC = [
    ("Schedule", "/sllm-2025/schedule/"),
    ("Papers", "/sllm-2025/papers/"),
    ("Posters", "/sllm-2025/posters/"),
    ("Speakers", "/sllm-2025/speakers/"),
    ("Recordings", "/sllm-2025/recordings/"),
    ("Breakout groups", "/sllm-2025/breakout-groups/"),
]
MINE = [("My papers", "/author/sllm-2025/papers/")]
MENTORING = [("Mentoring", "/mentoring/sllm-2025/")]


def header_links(html: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', html, re.S).group(1)
    links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', nav)
    buttons = re.findall(r'<button type="submit" class="link-button">([^<]*)</button>', nav)
    return [(text, href) for href, text in links] + [(text, "") for text in buttons]


@pytest.mark.parametrize(
    "who, personal",
    [
        ("author", MINE + MENTORING),
        ("reviewer", MINE + [("Review", "/review/sllm-2025/")] + MENTORING),
        ("mentor", MINE + MENTORING),
        ("organizer", MINE + MENTORING + [("Dashboard", "/organize/sllm-2025/")]),
        ("stranger", MINE + MENTORING),
    ],
)
def test_each_role_sees_its_own_links(request, client_for, edition, who, personal):
    page = client_for(request.getfixturevalue(who)).get(reverse("website:speakers", args=[edition.slug]))
    assert header_links(page.content.decode()) == PUBLIC + personal + [("Log out", "")]


def test_a_reviewer_and_organizer_of_another_edition_gets_no_role_links_here(client_for, edition):
    other = factories.EditionFactory(slug="sllm-2099")
    person = factories.UserFactory(email="elsewhere@example.org")
    for kind in ("reviewer", "organizer"):
        factories.grant(person, other, kind)
    page = client_for(person).get(reverse("website:speakers", args=[edition.slug]))
    assert header_links(page.content.decode()) == PUBLIC + MINE + MENTORING + [("Log out", "")]


def test_anonymous_visitors_get_log_in_and_no_role_query(client, edition):
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("website:speakers", args=[edition.slug]))
    assert header_links(page.content.decode()) == PUBLIC + [("Log in", "/accounts/login/?next=/sllm-2025/speakers/")]
    assert [q["sql"] for q in captured if "accounts_role" in q["sql"]] == []


def test_logged_in_pages_cost_no_role_query_after_login(client_for, reviewer, edition):
    client = client_for(reviewer)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("website:speakers", args=[edition.slug]))
    assert (
        [q["sql"] for q in captured if 'FROM "accounts_role"' in q["sql"]],
        header_links(page.content.decode()),
    ) == ([], PUBLIC + MINE + [("Review", "/review/sllm-2025/")] + MENTORING + [("Log out", "")])


def test_a_role_granted_after_login_shows_once_the_remembered_roles_are_old(client_for, author, edition):
    client = client_for(author)
    url = reverse("website:speakers", args=[edition.slug])
    factories.grant(author, edition, "organizer")
    before = header_links(client.get(url).content.decode())
    session = client.session
    session[navigation.SESSION_KEY]["at"] -= navigation.FRESH_SECONDS + 1
    session.save()
    after = header_links(client.get(url).content.decode())
    again = header_links(client.get(url).content.decode())
    dashboard = [("Dashboard", "/organize/sllm-2025/")]
    assert (before, after, again) == (
        PUBLIC + MINE + MENTORING + [("Log out", "")],
        PUBLIC + MINE + MENTORING + dashboard + [("Log out", "")],
        PUBLIC + MINE + MENTORING + dashboard + [("Log out", "")],
    )
    assert sorted(Role.objects.filter(user=author).values_list("kind", flat=True)) == ["author", "organizer"]
