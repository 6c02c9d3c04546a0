"""The public pages at any number of papers: the same SQL queries at 20 as at 60 papers (rendered from the
database, page cache off), long lists paged, and every page reachable from the others and the export."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sllm.program import services as program_services
from sllm.program.models import Session, Slot
from sllm.submissions.models import Paper
from sllm.website.export import export_paths
from sllm.website.selectors import paper_presentation
from tests.perf._common import edition_generate
from tests.release_queries import selects_snapshot

PAGES = {
    "paper": "papers/7/",
    "schedule": "schedule/",
    "schedule day": "schedule/2026-04-28/",
    "papers": "papers/",
    "posters": "posters/",
    "posters session 2": "posters/session/2/",
    "speakers": "speakers/",
    "recordings": "recordings/",
    "calendar": "schedule.ics",
}


@pytest.fixture
def uncached(settings):
    settings.PUBLIC_PAGE_CACHE = False


def _queries(client, path: str) -> int:
    client.get(path)  # the first request of a process loads templates and URL patterns
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured)


@pytest.mark.django_db
def test_each_page_runs_the_same_queries_at_20_and_at_60_papers(client, uncached):
    small, big = edition_generate("scale-20", papers=20), edition_generate("scale-60", papers=60)
    counts = {
        name: (_queries(client, f"/{small.slug}/{page}"), _queries(client, f"/{big.slug}/{page}"))
        for name, page in PAGES.items()
    }
    assert all(at_20 == at_60 for at_20, at_60 in counts.values()), counts
    assert all(at_20 <= 25 for at_20, _ in counts.values()), counts


def _items(body: str, css_class: str) -> int:
    return len(re.findall(rf'<(?:li|h3) class="{css_class}"', body))


@pytest.mark.django_db
def test_the_paper_list_is_paged_and_keeps_its_filters(client, uncached):
    edition = edition_generate("paged", papers=60)
    first = client.get(f"/{edition.slug}/papers/").content.decode()
    second = client.get(f"/{edition.slug}/papers/page/2/").content.decode()
    assert (_items(first, "paper-item"), _items(second, "paper-item")) == (50, 10)
    assert "60 papers · page 1 of 2" in first
    assert f'href="/{edition.slug}/papers/page/2/" rel="next"' in first
    assert f'href="/{edition.slug}/papers/" rel="prev"' in second
    assert client.get(f"/{edition.slug}/papers/page/3/").status_code == 404
    assert client.get(f"/{edition.slug}/papers/page/0/").status_code == 404
    topic = edition.topics[1]
    filtered = client.get(f"/{edition.slug}/papers/", {"topic": topic}).content.decode()
    assert _items(filtered, "paper-item") == 20  # every third paper has this topic
    nothing = client.get(f"/{edition.slug}/papers/", {"q": "no such words"}).content.decode()
    assert "No papers match." in nothing and "0 papers" in nothing


@pytest.mark.django_db
def test_the_schedule_shows_one_day_with_links_to_the_others(client, uncached):
    edition = edition_generate("days", papers=60)
    first = client.get(f"/{edition.slug}/schedule/").content.decode()
    assert len(re.findall(r'<h3 class="slot-title">', first)) == 19
    assert f'href="/{edition.slug}/schedule/2026-04-28/"' in first
    second = client.get(f"/{edition.slug}/schedule/2026-04-28/").content.decode()
    numbers = re.findall(r'<h3 class="slot-title"><a href="/days/papers/(\d+)/">', second)
    assert sorted(map(int, numbers)) == list(range(5, 31))  # the 26 orals beyond the first day's four
    tokyo = client.get(f"/{edition.slug}/schedule/2026-04-28/", {"tz": "Asia/Tokyo"}).content.decode()
    assert '<span class="slot-home-time">09:00–09:20 Africa/Lagos</span>' in tokyo
    assert '<time datetime="2026-04-28T08:00:00+00:00">17:00</time>' in tokyo
    assert client.get(f"/{edition.slug}/schedule/2026-04-30/").status_code == 404
    assert client.get(f"/{edition.slug}/schedule/2026-02-31/").status_code == 404


@pytest.mark.django_db
def test_posters_are_paged_by_board_and_the_paper_page_links_to_its_board(client, uncached, settings):
    edition = edition_generate("boards", papers=300)  # 150 posters: 75 boards a session
    first = client.get(f"/{edition.slug}/posters/").content.decode()
    assert _items(first, "poster-card") == 60 and 'id="board-1-60"' in first
    rest = client.get(f"/{edition.slug}/posters/session/1/page/2/").content.decode()
    assert 'id="board-1-61"' in rest and 'id="board-1-1"' not in rest
    assert client.get(f"/{edition.slug}/posters/session/1/page/3/").status_code == 404
    assert client.get(f"/{edition.slug}/posters/session/3/").status_code == 404
    board = edition.poster_boards.get(session=1, number=70)
    paper = client.get(f"/{edition.slug}/papers/{board.paper.number}/").content.decode()
    assert f'href="/{edition.slug}/posters/session/1/page/2/#board-1-70"' in paper
    oral = client.get(f"/{edition.slug}/papers/20/").content.decode()
    assert re.search(rf'href="/{edition.slug}/schedule/2026-04-28/#slot-[0-9a-f-]+"', oral)


@pytest.mark.django_db
def test_the_export_holds_every_page_of_every_list(uncached):
    edition = edition_generate("export", papers=120)
    paths = set(export_paths(edition))
    assert {
        "/export/papers/page/2/",
        "/export/papers/page/3/",
        "/export/posters/session/1/",
        "/export/posters/session/2/",
        "/export/schedule/2026-04-27/",
        "/export/schedule/2026-04-28/",
    } <= paths
    assert "/export/papers/page/4/" not in paths and "/export/posters/session/1/page/2/" not in paths


def _export_paths_read(edition) -> tuple[set[str], list[str]]:
    with CaptureQueriesContext(connection) as captured:
        paths = set(export_paths(edition))
    return paths, [query["sql"] for query in captured.captured_queries]


@pytest.mark.django_db
def test_the_export_names_every_calendar_from_parts_of_the_release(uncached):
    small, big = edition_generate("export-20", papers=20), edition_generate("export-60", papers=60)
    (_, small_queries), (big_paths, big_queries) = _export_paths_read(small), _export_paths_read(big)
    assert len(small_queries) == len(big_queries)
    assert not any(selects_snapshot(sql) for sql in big_queries)
    talks = Slot.objects.filter(session__edition=big, kind__in=Slot.TALK_KINDS).values_list("uid", flat=True)
    sessions = Session.objects.filter(edition=big, slots__isnull=False).distinct().values_list("uid", flat=True)
    assert {p for p in big_paths if p.endswith(".ics")} == {
        "/export-60/schedule.ics",
        *(f"/export-60/schedule/talks/{uid}.ics" for uid in talks),
        *(f"/export-60/schedule/sessions/{uid}.ics" for uid in sessions),
    }
    assert len(talks) == 36  # the 30 orals and the demo day's own talks: the set above is no empty one


@pytest.mark.django_db
def test_a_paper_reads_its_slot_board_files_and_recordings_in_one_query(
    django_assert_num_queries,
):
    edition = edition_generate("presented", papers=20)
    poster, oral = (Paper.objects.select_related("edition").get(edition=edition, number=n) for n in (15, 7))
    with django_assert_num_queries(1):
        shown = paper_presentation(paper=poster)
    board = edition.poster_boards.get(paper=poster)
    assert (shown["slot"], shown["board"]["number"], shown["board"]["session"], shown["pdf"], shown["recording"]) == (
        None,
        board.number,
        board.session,
        False,
        None,
    )
    with django_assert_num_queries(1):
        shown = paper_presentation(paper=oral)
    assert (shown["slot"]["paper"]["number"], shown["board"], shown["poster"], shown["recording"]) == (
        7,
        None,
        False,
        None,
    )
    # The released talk's recording, where the paper has none of its own; the paper's own comes first.
    program_services.recording_set(edition=edition, slot=Slot.objects.get(paper=oral), url="https://vimeo.com/7")
    with django_assert_num_queries(1):
        assert paper_presentation(paper=oral)["recording"] == {"url": "https://vimeo.com/7"}
    program_services.recording_set(edition=edition, paper=oral, url="https://youtu.be/seven")
    assert paper_presentation(paper=oral)["recording"] == {"url": "https://youtu.be/seven"}
