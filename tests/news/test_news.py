import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from sllm.core.rendering import markdown_to_safe_html
from sllm.news.models import NewsItem
from sllm.news.services import news_create

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def people(edition, organizer, author, reviewer, mentor):
    return {
        "anonymous": None,
        "author": author,
        "reviewer": reviewer,
        "mentor": mentor,
        "organizer": organizer,
    }


def _item(edition, title, publish=True, body="Hello **world**."):
    return news_create(edition=edition, author=None, title=title, body=body, publish=publish)


@pytest.mark.parametrize(
    "source,html",
    [
        ("Hello **world**.", "<p>Hello <strong>world</strong>.</p>"),
        ("<script>alert(1)</script>Hi", "<p>Hi</p>"),
        ("[x](javascript:alert(1))", '<p><a rel="noopener noreferrer nofollow">x</a></p>'),
        (
            "[site](https://sllm.example.org)",
            '<p><a href="https://sllm.example.org" rel="noopener noreferrer nofollow">site</a></p>',
        ),
        ('<img src="x" onerror="alert(1)">', '<p><img src="x"></p>'),
        (
            "| a |\n|---|\n| 1 |",
            "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>",
        ),
    ],
)
def test_markdown_is_rendered_and_sanitized(source, html):
    assert markdown_to_safe_html(source) == html


def test_public_list_shows_published_items_newest_first_and_hides_drafts(client, edition):
    old = _item(edition, "Call for papers")
    NewsItem.objects.filter(pk=old.pk).update(published_at=timezone.now() - dt.timedelta(days=3))
    _item(edition, "Draft", publish=False)
    new = _item(edition, "Accepted papers")
    response = client.get(reverse("news:list", args=[edition.slug]))
    assert [i.title for i in response.context["items"]] == ["Accepted papers", "Call for papers"]
    assert client.get(reverse("news:detail", args=[edition.slug, new.slug])).context["item"] == new
    assert client.get(reverse("news:detail", args=[edition.slug, "draft"])).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_news_list_queries_do_not_grow(client, edition, count, django_assert_num_queries):
    for i in range(count):
        _item(edition, f"Item {i}")
    with django_assert_num_queries(2):
        response = client.get(reverse("news:list", args=[edition.slug]))
    assert len(response.context["items"]) == count


def test_atom_feed_lists_published_items(client, edition):
    _item(edition, "Accepted papers", body="<b>bold</b> and **strong**")
    _item(edition, "Draft", publish=False)
    response = client.get(reverse("news:feed", args=[edition.slug]))
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}title").text == "SLLM 2025: news"
    entries = feed.findall(f"{ATOM}entry")
    assert [
        (e.find(f"{ATOM}title").text, e.find(f"{ATOM}link").get("href"), e.find(f"{ATOM}summary").text) for e in entries
    ] == [
        (
            "Accepted papers",
            "http://testserver/sllm-2025/news/accepted-papers/",
            "<p>bold and <strong>strong</strong></p>",
        )
    ]


def test_organizer_publishes_edits_and_deletes(client_for, edition, organizer):
    client = client_for(organizer)
    response = client.post(
        reverse("news:organize", args=[edition.slug]),
        {"title": "Schedule is out", "body": "See the *program*.", "publish": "on"},
    )
    assert response.status_code == 302
    item = NewsItem.objects.get()
    assert (item.slug, item.body_html, item.author, item.published_at is not None) == (
        "schedule-is-out",
        "<p>See the <em>program</em>.</p>",
        organizer,
        True,
    )
    client.post(reverse("news:edit", args=[edition.slug, item.pk]), {"title": "Schedule", "body": "New."})
    item.refresh_from_db()
    assert (item.title, item.body_html, item.published_at) == ("Schedule", "<p>New.</p>", None)
    client.post(reverse("news:delete", args=[edition.slug, item.pk]))
    assert NewsItem.objects.count() == 0


def test_same_title_gets_its_own_slug(edition):
    assert [_item(edition, "News").slug, _item(edition, "News").slug] == ["news", "news-2"]


@pytest.mark.parametrize(
    "data,field,error",
    [
        ({"title": "", "body": "x"}, "title", ["This field is required."]),
        ({"title": "T", "body": ""}, "body", ["This field is required."]),
        (
            {"title": "T" * 201, "body": "x"},
            "title",
            ["Ensure this value has at most 200 characters (it has 201)."],
        ),
    ],
)
def test_bad_news_is_refused(client_for, edition, organizer, data, field, error):
    response = client_for(organizer).post(reverse("news:organize", args=[edition.slug]), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == error
    assert NewsItem.objects.count() == 0


@pytest.mark.parametrize(
    "who,status",
    [("anonymous", 302), ("author", 403), ("reviewer", 403), ("mentor", 403), ("organizer", 302)],
)
def test_writing_news_matrix(client_for, edition, people, who, status):
    item = _item(edition, "Existing")
    client = client_for(people[who])
    response = client.post(
        reverse("news:organize", args=[edition.slug]), {"title": "New", "body": "x", "publish": "on"}
    )
    assert response.status_code == status
    client.post(reverse("news:edit", args=[edition.slug, item.pk]), {"title": "Changed", "body": "x"})
    expected = ["Changed", "New"] if who == "organizer" else ["Existing"]
    assert sorted(NewsItem.objects.values_list("title", flat=True)) == expected
    client.post(reverse("news:delete", args=[edition.slug, item.pk]))
    assert NewsItem.objects.filter(pk=item.pk).exists() == (who != "organizer")


@pytest.mark.parametrize(
    "who,status",
    [("anonymous", 302), ("author", 403), ("reviewer", 403), ("mentor", 403), ("organizer", 200)],
)
def test_organizer_news_page_matrix(client_for, edition, people, who, status):
    _item(edition, "Draft", publish=False)
    response = client_for(people[who]).get(reverse("news:organize", args=[edition.slug]))
    assert response.status_code == status
    if status == 200:
        assert [i.title for i in response.context["items"]] == ["Draft"]
