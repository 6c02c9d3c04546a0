"""Crawls the public pages and the anonymous API of whatever database Django is configured for.

Run in-process (PostgreSQL, the suite's database) and as a script in a subprocess on a SQLite file (the
demo's database), so the same crawl proves that every query behind them works on both. It prints, as
JSON, each URL with its status and, for API lists, the items they answered (numbers or slugs): the two runs must agree.
"""

import json
import re
import sys
from urllib.parse import urldefrag, urlsplit

HREF = re.compile(r'href="(/[^"]*)"')
# Files and feeds the crawl need not open: they run no query the pages above them do not.
PAPER_LINK = re.compile(r"/papers/(\d+)/$")
SKIP = re.compile(r"\.(pdf|png|ics|css|js|svg|ico|bib)$|^/static/|^/media/|^/accounts/|^/admin/")


def crawl(client, *, start: list[str], limit: int = 400) -> dict:
    seen: dict[str, dict] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        entry = {"status": response.status_code}
        content_type = response.get("Content-Type", "")
        if response.status_code == 200 and content_type.startswith("application/json"):
            body = response.json()
            results = body.get("results", body) if isinstance(body, dict) else body
            if isinstance(results, list):
                # Numbers and slugs, not primary keys: sequences differ between the two databases.
                entry["ids"] = [
                    item.get("number", item.get("slug", item.get("id"))) for item in results if isinstance(item, dict)
                ]
        elif response.status_code == 200 and content_type.startswith("text/html"):
            hrefs = HREF.findall(response.content.decode())
            entry["papers"] = sorted({int(m.group(1)) for h in hrefs if (m := PAPER_LINK.search(h))})
            for href in hrefs:
                link = urldefrag(href.replace("&amp;", "&")).url
                if not SKIP.search(urlsplit(link).path) and link not in seen:
                    queue.append(link)
        seen[url] = entry
    return seen


def api_urls(*, slug: str, topics: list[str]) -> list[str]:
    urls = ["/api/v1/editions/", f"/api/v1/editions/{slug}/", f"/api/v1/editions/{slug}/tracks/"]
    urls += [f"/api/v1/program/{slug}/schedule/", "/api/v1/papers/", "/api/v1/papers/?search=sparse"]
    urls += [f"/api/v1/papers/?edition={slug}&track=main&ordering=-number", "/api/v1/papers/?status=accepted"]
    urls += [f"/api/v1/papers/?topic={topic}" for topic in topics]
    return urls


def probe(client, *, slug: str, topics: list[str]) -> dict:
    return crawl(client, start=["/", f"/{slug}/papers/?q=sparse", *api_urls(slug=slug, topics=topics)])


SLUG = "sllm-2099"
# Topics that share words, and one that is a number's spelling, so only exact membership matches.
TOPICS = ["Sparsity", "Sparsity in Attention", "Activation Sparsity for Inference", "1", "Pruning/MoE"]
PAPERS = [
    # (track, status, topics)
    ("main", "accepted", ["Sparsity", "Pruning/MoE"]),
    ("main", "accepted", ["Sparsity in Attention"]),
    ("tiny", "accepted", ["Sparsity in Attention", "Activation Sparsity for Inference"]),
    ("tiny", "accepted", ["1"]),
    ("main", "submitted", ["Sparsity", "Sparsity in Attention"]),
    ("main", "rejected", ["Sparsity"]),
    ("tiny", "accepted", []),
]


def seed() -> None:
    """The same small public edition on any database: accepted papers over overlapping topics."""
    from tests import factories  # noqa: PLC0415 -- needs Django set up

    edition = factories.EditionFactory(slug=SLUG, short_name="SLLM 2099", topics=TOPICS)
    tracks = {kind: factories.TrackFactory(edition=edition, kind=kind) for kind in ("main", "tiny")}
    for number, (kind, status, topics) in enumerate(PAPERS, start=1):
        paper = factories.PaperFactory(
            track=tracks[kind], number=number, status=status, topics=topics, title=f"Sparse paper {number}"
        )
        factories.AuthorshipFactory(paper=paper, position=1, name=f"Author {number}")


class _NoMigrations(dict):
    # Every app "has no migrations", so migrate --run-syncdb creates the current schema in one pass:
    # this crawl is about queries, and applying the 100-odd migrations on SQLite costs a minute.
    def __contains__(self, key):
        return True

    def __getitem__(self, key):
        return None


def main() -> None:
    """`python tests/core/portable_probe.py` with DATABASE_URL=sqlite:///FILE: schema, seed, crawl, JSON out."""
    import django  # noqa: PLC0415 -- the script configures Django from its environment first
    from django.conf import settings  # noqa: PLC0415 -- as above

    settings.MIGRATION_MODULES = _NoMigrations()
    django.setup()
    from django.core.management import call_command  # noqa: PLC0415 -- only after django.setup()
    from django.test import Client  # noqa: PLC0415 -- as above

    call_command("migrate", run_syncdb=True, verbosity=0)
    seed()
    json.dump(probe(Client(raise_request_exception=False), slug=SLUG, topics=TOPICS), sys.stdout)


if __name__ == "__main__":
    main()
