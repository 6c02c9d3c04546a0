"""A value planted in the cache's Redis runs no code and reaches no visitor.

The attack: whoever can write to the cache's Redis (before this, every GPU runner host got its URL)
stores a pickle whose loading runs a command, or a page of their own, under a public page's key. Django's
Redis cache unpickled it in the web worker; now only values signed with the platform's key are unpickled.
"""

import os
import pickle

import pytest
from django.core.cache import cache
from django.urls import reverse

from sllm.core.cacheserializer import SignedPickleSerializer
from sllm.website.caching import StoredPage, pages
from tests.core.test_hardening import _env_example
from tests.website.helpers import released_program
from tests.website.test_caching import fetch, paper_titles

pytestmark = pytest.mark.django_db


class RunsCode:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _raw_client():
    return cache._cache.get_client(write=True)


def _page_keys() -> list[bytes]:
    return sorted(_raw_client().scan_iter(match="*public-page:sllm-2025:*"))


def test_a_planted_pickle_is_never_loaded(client, edition, main_track, tmp_path):
    released_program(edition, main_track)
    url = reverse("website:papers", args=[edition.slug])
    first = fetch(client, url)
    [key] = _page_keys()
    marker = tmp_path / "ran"
    _raw_client().set(key, pickle.dumps(RunsCode(marker)))
    pages.clear_local()  # a worker that has only Redis to go by

    status, body, queries = fetch(client, url)

    assert not marker.exists()
    assert (status, paper_titles(body), queries > 0) == (200, paper_titles(first[1]), True)


def test_a_planted_page_is_never_served(client, edition, main_track):
    released_program(edition, main_track)
    url = reverse("website:papers", args=[edition.slug])
    fetch(client, url)
    [key] = _page_keys()
    version = cache.get(f"site-version:{edition.slug}")
    planted = StoredPage(version=version, expires_at=2e9, status=200, headers=(), body=b"<h1>planted</h1>")
    _raw_client().set(key, pickle.dumps(planted))
    pages.clear_local()

    status, body, _ = fetch(client, url)

    assert (status, b"planted" in body, paper_titles(body)) == (200, False, ["Oral paper 0", "Poster paper 0"])


def test_signed_values_round_trip_and_tampering_reads_as_a_miss():
    serializer = SignedPickleSerializer()
    signed = serializer.dumps({"page": b"<p>ok</p>"})

    assert serializer.loads(signed) == {"page": b"<p>ok</p>"}
    assert serializer.dumps(7) == 7
    assert serializer.loads(b"7") == 7
    tampered = signed[:-1] + bytes([signed[-1] ^ 1])
    assert serializer.loads(tampered) is None
    assert serializer.loads(pickle.dumps({"page": b"x"})) is None
    assert serializer.loads(b"sllm1:short") is None


def test_the_cache_is_kept_apart_from_the_broker_in_the_shipped_configuration():
    values = _env_example()

    assert values["CACHE_REDIS_URL"] != values["REDIS_URL"]
