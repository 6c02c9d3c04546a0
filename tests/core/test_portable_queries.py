"""Point 6 of issue 19: the public pages and the API run the same queries on SQLite (the demo) and PostgreSQL."""

import pytest
from django.db import connection

from sllm.submissions.models import Paper
from tests.core import portable_probe
from tests.sqlite_probe import sqlite_probe


def _crawl_on_sqlite(tmp_path) -> dict:
    return sqlite_probe(
        "tests/core/portable_probe.py",
        tmp_path=tmp_path,
        STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
    )


@pytest.mark.django_db
def test_every_public_page_and_api_list_answers_the_same_on_sqlite_and_postgresql(client, tmp_path):
    assert connection.vendor == "postgresql"
    portable_probe.seed()
    on_postgresql = portable_probe.probe(client, slug=portable_probe.SLUG, topics=portable_probe.TOPICS)
    on_sqlite = _crawl_on_sqlite(tmp_path)

    assert on_sqlite == on_postgresql
    slug = portable_probe.SLUG
    # No 5xx anywhere; the only non-200 answers are the sign-in redirects and the unpublished program.
    assert {url: entry["status"] for url, entry in on_postgresql.items() if entry["status"] != 200} == {
        "/": 302,
        f"/author/{slug}/submit/": 302,
        f"/{slug}/travel-grants/apply/": 302,
        f"/api/v1/program/{slug}/schedule/": 404,
    }
    assert on_postgresql[f"/{slug}/papers/?topic=Sparsity%20in%20Attention"]["papers"] == [2, 3]
    # The crawl reached every topic link of the papers page and the API's topic filter.
    topic_pages = {url for url in on_postgresql if url.startswith(f"/{slug}/papers/?topic=")}
    assert len(topic_pages) == len(portable_probe.TOPICS)


@pytest.mark.django_db
def test_the_topic_filter_matches_whole_topics_only(client):
    portable_probe.seed()
    ids = {n: Paper.objects.get(number=n).pk for n in range(1, 8)}

    def api(topic):
        return client.get("/api/v1/papers/", {"topic": topic}).json()["results"]

    assert [p["id"] for p in api("Sparsity")] == [ids[1]]
    assert sorted(p["id"] for p in api("Sparsity in Attention")) == sorted([ids[2], ids[3]])
    assert [p["id"] for p in api("1")] == [ids[4]]
    assert api("Sparsity in") == []
    assert api("") != []  # an empty filter is no filter


@pytest.mark.django_db
def test_the_includes_lookup_refuses_a_non_string():
    with pytest.raises(TypeError, match="__includes takes one string, not list"):
        list(Paper.objects.filter(topics__includes=["Sparsity"]))
