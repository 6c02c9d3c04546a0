import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sllm.accounts.models import Role
from sllm.program import services
from sllm.program.models import ProgramRelease, Recording, Room, Session, Slot, Speaker
from sllm.submissions.models import Paper
from tests import factories
from tests.pdfs import pdf_upload
from tests.website.helpers import released_program

pytestmark = pytest.mark.django_db

LIST_PAGES = [
    "edition",
    "schedule",
    "papers",
    "posters",
    "speakers",
    "organizers",
    "recordings",
    "awards",
    "breakouts",
    "cfp",
]


def queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", LIST_PAGES)
def test_list_pages_query_count_does_not_grow(client, edition, main_track, page):
    url = reverse(f"website:{page}", args=[edition.slug])
    counts = []
    for n in (1, 3):
        if n == 3:
            for model in (Slot, Paper):
                model.objects.all().delete()

            for model in (ProgramRelease, Session, Room, Speaker):
                model.objects.all().delete()
        released_program(edition, main_track, papers=n)
        for index in range(n):
            user = factories.UserFactory(email=f"org{n}{index}@example.org", full_name=f"Org {index}")
            factories.grant(user, edition, "organizer")
        counts.append(queries(client, url))
    expected = {
        "edition": 4,
        # The release with the days it spans, then with the first day's slots; the decided awards for the
        # closing slot.
        "schedule": 4,
        "papers": 4,  # the count of the pages, the page's papers, their authors
        # The release with its poster sessions' sizes, a page of boards and the session's slot; their papers
        # with poster files and badges; their authors.
        "posters": 4,
        "speakers": 3,  # the edition, the release's slots that have speakers, those speakers
        "organizers": 2,
        "recordings": 4,  # the edition, the release's talks, the published recordings, the livestreams
        "awards": 2,
        "breakouts": 2,
        "cfp": 3,
    }
    assert counts == [expected[page], expected[page]]


def test_a_cached_page_costs_no_query(client, edition, main_track, django_assert_num_queries):
    released_program(edition, main_track)
    url = reverse("website:papers", args=[edition.slug])
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content


def test_logged_in_visitors_get_their_own_header(client_for, author, edition, main_track):
    released_program(edition, main_track)
    url = reverse("website:papers", args=[edition.slug])
    client_for(None).get(url)
    page = client_for(author).get(url).content.decode()
    assert re.findall(r">(My papers|Log in|Log out)<", page) == ["My papers", "Log out"]


def test_paper_page_shows_poster_slides_recording_bibtex_and_slot(client, edition, main_track):
    released_program(edition, main_track)
    oral = Paper.objects.get(number=100)
    services.presenter_materials_save(
        paper=oral, uploads={"slides": pdf_upload(body_pages=2)}, recording_url="https://youtu.be/abcDEF"
    )
    response = client.get(reverse("website:paper", args=[edition.slug, 100]))
    presentation = response.context["presentation"]
    assert (
        presentation["slides"],
        presentation["poster"],
        presentation["pdf"],
        presentation["recording"],
        presentation["slot"]["title"],
        presentation["board"],
    ) == (True, False, False, {"url": "https://youtu.be/abcDEF"}, "Oral paper 0", None)
    assert response.context["bibtex"] == (
        "@inproceedings{sllm2025-100,\n  title = {Oral paper 0},\n  author = {Oral author 0},\n"
        "  booktitle = {SLLM 2025},\n  year = {2026},\n  note = {Main track}\n}"
    )
    page = response.content.decode()
    # The external player is only a link and a button until the visitor clicks: no iframe in the page.
    assert (page.count("<iframe"), page.count('data-embed="https://www.youtube-nocookie.com/embed/abcDEF"')) == (0, 1)
    slides = client.get(reverse("website:paper-slides", args=[edition.slug, 100]))
    assert (slides.status_code, slides["Content-Type"]) == (200, "application/pdf")


def test_posters_page_shows_boards_with_thumbnails(client, edition, main_track):
    released_program(edition, main_track, papers=2)
    poster = Paper.objects.get(number=201)
    services.presenter_materials_save(paper=poster, uploads={"poster": pdf_upload(body_pages=1)})
    response = client.get(reverse("website:posters", args=[edition.slug]))
    second = client.get(reverse("website:posters-session", args=[edition.slug, 2]))
    assert [
        (s["session"], [(b["number"], b["paper"]["number"], b["poster"]) for b in s["boards"]])
        for s in (response.context["shown"], second.context["shown"])
    ] == [(1, [(1, 200, False), (2, 201, True)]), (2, [])]
    page = response.content.decode()
    assert f'<a href="/{edition.slug}/papers/201/poster.pdf" class="poster-thumb">' in page
    assert f'<img src="/{edition.slug}/posters/201.png" alt=' in page
    assert f'<h3><a href="/{edition.slug}/papers/200/">' in page
    thumb = client.get(reverse("website:poster-thumb", args=[edition.slug, 201]))
    body = b"".join(thumb.streaming_content)
    assert (thumb.status_code, thumb["Content-Type"], body[:8]) == (200, "image/png", b"\x89PNG\r\n\x1a\n")
    missing = client.get(reverse("website:poster-thumb", args=[edition.slug, 200]))
    assert missing.status_code == 404


def test_recordings_page_lists_talks_with_recordings_and_livestream(client, edition, main_track):
    released_program(edition, main_track)
    talk = Slot.objects.get(title="Invited talk 1")
    services.recording_set(edition=edition, slot=talk, url="https://vimeo.com/42")

    Room.objects.filter(name="Main hall").update(livestream_url="https://live.example.org/main")
    response = client.get(reverse("website:recordings", args=[edition.slug]))
    assert [
        (r["slot"]["title"], r["recording"].url if r["recording"] else None) for r in response.context["talks"]
    ] == [("Invited talk 1", "https://vimeo.com/42"), ("Oral paper 0", None)]
    assert [room.livestream_url for room in response.context["livestreams"]] == ["https://live.example.org/main"]
    assert list(Recording.objects.values_list("url", flat=True)) == ["https://vimeo.com/42"]


def test_breakout_outcomes_are_public_once_published_and_sanitized(client, edition):
    services.breakout_outcome_save(
        edition=edition, title="Group A", summary="**Key** idea <script>x()</script>", published=True
    )
    services.breakout_outcome_save(edition=edition, title="Draft B", summary="Not yet")
    response = client.get(reverse("website:breakouts", args=[edition.slug]))
    assert [(o.title, o.summary_html) for o in response.context["outcomes"]] == [
        ("Group A", "<p><strong>Key</strong> idea </p>")
    ]


def test_organizers_page_lists_the_editions_organizers(client, edition, organizer, reviewer):
    response = client.get(reverse("website:organizers", args=[edition.slug]))
    assert [r.user for r in response.context["organizers"]] == [organizer]
    assert list(Role.objects.filter(edition=edition).order_by("kind").values_list("kind", flat=True)) == [
        "organizer",
        "reviewer",
    ]


def test_call_for_papers_renders_the_seed_text(client, edition):
    response = client.get(reverse("website:cfp", args=[edition.slug]))
    assert response.context["cfp"].startswith(
        "<h2>Deep Dive into Mixture of Experts, Quantization, Hardware, and Inference</h2>"
    )


def test_a_private_edition_is_not_public(client, edition):
    edition.is_public = False
    edition.save()
    assert [client.get(reverse(f"website:{p}", args=[edition.slug])).status_code for p in LIST_PAGES] == [404] * 10
