"""The anonymous public page cache (sllm.website.middleware): what it shares, what it never shares."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sllm.core.sitecache import site_cache_bump
from sllm.program.models import Feedback
from sllm.website.caching import pages
from tests.website import caching_urls
from tests.website.helpers import released_program

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_renders():
    caching_urls.RENDERS.clear()
    pages.clear_local()


def fetch(client, url, **extra):
    """(status, body, number of SQL queries) of one GET."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    return response.status_code, response.content, len(captured)


def header_links(body: bytes) -> list[str]:
    return re.findall(r">(My papers|Log in|Log out)<", body.decode())


def paper_titles(body: bytes) -> list[str]:
    return re.findall(r'<a class="paper-title" href="[^"]*">([^<]*)</a>', body.decode())


def slot_titles(body: bytes) -> list[str]:
    return re.findall(r'<h3 class="slot-title">(?:<a [^>]*>)?([^<]*)', body.decode())


def test_the_second_anonymous_visit_is_served_from_the_cache(client, edition, main_track):
    released_program(edition, main_track)
    url = reverse("website:papers", args=[edition.slug])
    first_status, first_body, first_queries = fetch(client, url)
    second = client.get(url)
    assert (
        first_status,
        second.status_code,
        second.content,
        second["Content-Type"],
        second["Vary"],
        second["X-Frame-Options"],
    ) == (200, 200, first_body, "text/html; charset=utf-8", "Cookie", "DENY")
    assert (first_queries > 0, fetch(client, url)[2]) == (True, 0)
    assert header_links(second.content) == ["Log in"]


def test_another_worker_finds_the_page_in_redis(client, edition, main_track):
    released_program(edition, main_track)
    url = reverse("website:schedule", args=[edition.slug])
    first = fetch(client, url)
    pages.clear_local()  # as a second worker process would start: nothing of its own yet
    assert fetch(client, url) == (200, first[1], 0)


def test_a_bump_from_any_worker_makes_every_copy_stale(client, edition, main_track):
    released_program(edition, main_track)
    url = reverse("website:papers", args=[edition.slug])
    fetch(client, url)
    main_track.papers.filter(number=100).update(title="Retitled oral paper")
    stale = fetch(client, url)
    site_cache_bump(edition)
    fresh = fetch(client, url)
    assert (paper_titles(stale[1]), stale[2]) == (["Oral paper 0", "Poster paper 0"], 0)
    assert (paper_titles(fresh[1]), fresh[2] > 0) == (["Retitled oral paper", "Poster paper 0"], True)


def test_the_time_zone_switch_is_part_of_the_key(client, edition, main_track):
    released_program(edition, main_track)
    url = reverse("website:schedule", args=[edition.slug])
    times = {}
    for query in ("", "?tz=Asia/Tokyo", "?tz=America/New_York"):
        fetch(client, url + query)
        status, body, queries = fetch(client, url + query)
        assert (status, queries, slot_titles(body)) == (200, 0, ["Poster session 1", "Invited talk 1", "Oral paper 0"])
        times[query] = re.findall(r'<p class="slot-time"><time[^>]*>([^<]*)</time>', body.decode())
    assert times == {
        "": ["11:00", "13:00", "13:35"],
        "?tz=Asia/Tokyo": ["19:00", "21:00", "21:35"],
        "?tz=America/New_York": ["06:00", "08:00", "08:35"],
    }


def test_head_is_answered_from_the_cached_get(client, edition, main_track):
    released_program(edition, main_track)
    url = reverse("website:speakers", args=[edition.slug])
    body = fetch(client, url)[1]
    with CaptureQueriesContext(connection) as captured:
        head = client.head(url)
    assert (head.status_code, head["Content-Length"], head.content, len(captured)) == (200, str(len(body)), b"", 0)


def test_logged_in_visitors_are_never_served_nor_stored(client_for, author, edition, main_track):
    released_program(edition, main_track)
    url = reverse("website:papers", args=[edition.slug])
    fetch(client_for(None), url)
    logged_in = fetch(client_for(author), url)
    again = fetch(client_for(author), url)
    anonymous = fetch(client_for(None), url)
    assert (header_links(logged_in[1]), logged_in[2] > 0, header_links(again[1]), again[2] > 0) == (
        ["My papers", "Log out"],
        True,
        ["My papers", "Log out"],
        True,
    )
    assert (header_links(anonymous[1]), anonymous[2]) == (["Log in"], 0)


def test_a_logged_in_first_visit_is_not_kept_for_anonymous_visitors(client_for, author, edition, main_track):
    released_program(edition, main_track)
    url = reverse("website:speakers", args=[edition.slug])
    fetch(client_for(author), url)
    anonymous = fetch(client_for(None), url)
    assert (header_links(anonymous[1]), anonymous[2] > 0) == (["Log in"], True)


def test_a_session_cookie_alone_bypasses_the_cache(client, edition, main_track):
    released_program(edition, main_track)
    url = reverse("website:speakers", args=[edition.slug])
    fetch(client, url)
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    assert fetch(client, url)[2] > 0


def test_feedback_posts_are_never_answered_from_the_cache(client, edition):
    url = reverse("program:feedback", args=[edition.slug])
    first_form, second_form = client.get(url), client.get(url)
    tokens = [
        re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.content.decode()) for r in (first_form, second_form)
    ]
    answers = [client.post(url, {"comments": f"Answer {i}"}) for i in range(2)]
    assert ([len(t) for t in tokens], tokens[0] != tokens[1]) == ([1, 1], True)
    assert ([a.status_code for a in answers], [a.templates[0].name for a in answers]) == (
        [200, 200],
        ["program/feedback_thanks.html", "program/feedback_thanks.html"],
    )
    assert list(Feedback.objects.order_by("pk").values_list("comments", flat=True)) == ["Answer 0", "Answer 1"]


def test_a_post_to_a_cached_page_reaches_the_view(client, edition, main_track):
    released_program(edition, main_track)
    url = reverse("website:papers", args=[edition.slug])
    fetch(client, url)
    fetch(client, url)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url)
    assert (response.status_code, response.context["total"], len(captured) > 0) == (200, 2, True)


@pytest.mark.urls("tests.website.caching_urls")
@pytest.mark.parametrize("page", ["token-page", "cookie-page", "message-page", "private-page"])
def test_pages_with_a_token_a_cookie_a_message_or_marked_private_are_never_stored(client, edition, page):
    url = f"/{edition.slug}/{page}/"
    answers = []
    for _ in range(3):
        client.cookies.clear()
        answers.append(client.get(url).status_code)
    assert (answers, caching_urls.RENDERS) == ([200, 200, 200], [page.removesuffix("-page")] * 3)


@pytest.mark.urls("tests.website.caching_urls")
def test_a_visitor_with_a_pending_message_sees_it_not_the_shared_page(client, edition, main_track):
    released_program(edition, main_track)
    url = reverse("website:speakers", args=[edition.slug])
    fetch(client, url)
    client.get(f"/{edition.slug}/message-page/")
    with_message = fetch(client, url)
    assert (
        re.findall(r'<li class="message message-success">([^<]*)</li>', with_message[1].decode()),
        with_message[2] > 0,
    ) == (["Thanks for your feedback."], True)
    after = fetch(client, url)
    assert (re.findall(r'class="message ', after[1].decode()), after[2]) == ([], 0)


def test_error_answers_are_not_stored(client, edition, main_track):
    released_program(edition, main_track)
    url = reverse("website:schedule", args=[edition.slug]) + "?tz=Mars/Olympus"
    answers = [fetch(client, url) for _ in range(2)]
    assert [(status, queries > 0) for status, _, queries in answers] == [(400, True), (400, True)]


def test_pages_render_uncached_while_redis_is_away(client, edition, main_track):
    released_program(edition, main_track)
    url = reverse("website:papers", args=[edition.slug])
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    with override_settings(CACHES=unreachable):
        answers = [fetch(client, url) for _ in range(2)]
    assert [(status, paper_titles(body), queries > 0) for status, body, queries in answers] == [
        (200, ["Oral paper 0", "Poster paper 0"], True)
    ] * 2
    # The outage paused the cache for this process; a fresh worker's state has no pause, and so serves the
    # page from Redis again (what the tests' fixtures rely on between tests).
    pages.clear_local()
    first_queries, second_queries = fetch(client, url)[2], fetch(client, url)[2]
    assert (first_queries > 0, second_queries) == (True, 0)


def test_each_host_has_its_own_copy(client, edition, main_track):
    released_program(edition, main_track)
    url = reverse("website:speakers", args=[edition.slug])
    fetch(client, url)
    fetch(client, url)
    other_host = fetch(client, url, HTTP_HOST="localhost")
    assert (other_host[0], other_host[2] > 0, fetch(client, url)[2]) == (200, True, 0)
