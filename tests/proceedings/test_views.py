import json

import pytest
from django.urls import reverse

from sllm.proceedings import services
from sllm.proceedings.models import Build, CameraReady, VolumeSettings
from sllm.submissions.models import PaperFile
from tests import factories

from .conftest import submit_camera_ready
from .pdfs import camera_ready_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(organizer, author, reviewer, mentor, stranger):
    return {
        "anonymous": None,
        "author": author,
        "reviewer": reviewer,
        "mentor": mentor,
        "stranger": stranger,
        "organizer": organizer,
    }


def camera_ready_post(paper, **overrides):
    data = {
        "title": "Final pruning at scale",
        "authors": "Ada Lovelace; Oxford\nAlan Turing",
        "accept_terms": "on",
        "pdf": camera_ready_upload(body_pages=4),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- the author's camera-ready page -------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, expected",
    [
        ("anonymous", 302),
        ("author", 302),
        ("reviewer", 404),
        ("mentor", 404),
        ("stranger", 404),
        ("organizer", 404),
    ],
)
def test_camera_ready_post_permissions(client_for, people, accepted, who, expected):
    paper = accepted[0]
    url = reverse("proceedings:camera-ready", args=[paper.edition.slug, paper.number])
    response = client_for(people[who]).post(url, camera_ready_post(paper))
    assert response.status_code == expected
    stored = list(CameraReady.objects.values_list("paper__number", "title", "authors"))
    if who == "author":
        assert response["Location"] == reverse("submissions:my-papers", args=[paper.edition.slug])
        assert stored == [
            (
                1,
                "Final pruning at scale",
                [{"name": "Ada Lovelace", "institution": "Oxford"}, {"name": "Alan Turing", "institution": ""}],
            )
        ]
        assert PaperFile.objects.filter(kind="camera_ready").count() == 1
    else:
        assert stored == []
        assert PaperFile.objects.filter(kind="camera_ready").count() == 0


def test_camera_ready_page_prefills_the_submitted_title_and_authors(client_for, author, accepted):
    response = client_for(author).get(reverse("proceedings:camera-ready", args=["sllm-2025", 1]))
    assert response.status_code == 200
    assert response.context["form"].initial == {
        "title": "Pruning at scale",
        "authors": "Ada Lovelace; Oxford\nAlan Turing; Manchester",
    }


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"accept_terms": None}, "The camera-ready has errors: The publication terms must be accepted."),
        ({"authors": "  \n"}, "The camera-ready has errors: At least one author is required."),
        ({"pdf": None}, "A camera-ready PDF is required."),
        (
            {"pdf": camera_ready_upload(body_pages=8)},
            "The PDF has 8 main pages; the camera-ready limit is 6 (5 + 1 extra). References and appendix do not count.",
        ),
        (
            {"pdf": camera_ready_upload(embed=False)},
            "Fonts not embedded: Helvetica, Helvetica-Bold. Embed all fonts and upload again.",
        ),
        (
            {"pdf": camera_ready_upload(page_size=(595.3, 841.9))},
            "Wrong page size: page 1 is A4, page 2 is A4, page 3 is A4 and 2 more; the volume is printed on Letter.",
        ),
    ],
)
def test_camera_ready_bad_input_is_refused_and_nothing_stored(client_for, author, accepted, overrides, message):
    paper = accepted[0]
    url = reverse("proceedings:camera-ready", args=[paper.edition.slug, paper.number])
    response = client_for(author).post(url, camera_ready_post(paper, **overrides))
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [message]
    assert (CameraReady.objects.count(), PaperFile.objects.filter(kind="camera_ready").count()) == (0, 0)


def test_camera_ready_of_a_rejected_paper_is_a_conflict(client_for, author, accepted):
    paper = accepted[0]
    paper.status = "rejected"
    paper.save()
    response = client_for(author).post(
        reverse("proceedings:camera-ready", args=["sllm-2025", 1]), camera_ready_post(paper)
    )
    assert response.status_code == 409
    assert response.context["error"].message == "Only accepted papers have a camera-ready version."
    assert CameraReady.objects.count() == 0


def test_camera_ready_keeps_the_pdf_when_only_the_metadata_changes(client_for, author, ready):
    before = PaperFile.objects.get(paper=ready[0], kind="camera_ready").sha256
    response = client_for(author).post(
        reverse("proceedings:camera-ready", args=["sllm-2025", 1]),
        camera_ready_post(ready[0], pdf=None, title="Renamed"),
    )
    assert response.status_code == 302
    assert CameraReady.objects.get(paper=ready[0]).title == "Renamed"
    assert PaperFile.objects.get(paper=ready[0], kind="camera_ready").sha256 == before


# --- organizers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, expected",
    [
        ("anonymous", 302),
        ("author", 403),
        ("reviewer", 403),
        ("mentor", 403),
        ("stranger", 403),
        ("organizer", 200),
    ],
)
def test_organizer_page_permissions(client_for, people, accepted, who, expected):
    response = client_for(people[who]).get(reverse("proceedings:organize", args=["sllm-2025"]))
    assert response.status_code == expected
    if expected == 200:
        assert [(row["paper"].number, row["missing"]) for row in response.context["rows"]] == [
            (
                1,
                [
                    "No camera-ready PDF uploaded.",
                    "Final title and authors not confirmed, publication terms not accepted.",
                ],
            ),
            (
                3,
                [
                    "No camera-ready PDF uploaded.",
                    "Final title and authors not confirmed, publication terms not accepted.",
                ],
            ),
            (
                2,
                [
                    "No camera-ready PDF uploaded.",
                    "Final title and authors not confirmed, publication terms not accepted.",
                ],
            ),
        ]


@pytest.mark.parametrize("count", [1, 3])
def test_organizer_page_query_count(client_for, organizer, ready, count, django_assert_num_queries):
    for paper in ready[count:]:
        paper.status = "rejected"
        paper.save()
    client = client_for(organizer)
    # session, user, workshop, role, settings (read once, then from the edition), papers, authorships, files,
    # latest build
    with django_assert_num_queries(9):
        response = client.get(reverse("proceedings:organize", args=["sllm-2025"]))
    assert len(response.context["rows"]) == count


@pytest.mark.parametrize(
    "who, expected",
    [
        ("anonymous", 302),
        ("author", 403),
        ("reviewer", 403),
        ("mentor", 403),
        ("stranger", 403),
        ("organizer", 302),
    ],
)
def test_build_start_permissions(client_for, people, ready, who, expected, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people[who]).post(reverse("proceedings:build-start", args=["sllm-2025"]))
    assert response.status_code == expected
    builds = list(Build.objects.values_list("status", "done", "total"))
    if who == "organizer":
        build = Build.objects.get()
        assert response["Location"] == reverse("proceedings:build", args=["sllm-2025", build.pk])
        assert builds == [("succeeded", 5, 5)]
        assert [p["number"] for p in build.result["papers"]] == [1, 3, 2]
    else:
        assert builds == []


def test_build_with_problems_fails_with_the_list(client_for, organizer, accepted, django_capture_on_commit_callbacks):
    client = client_for(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("proceedings:build-start", args=["sllm-2025"]))
    build = Build.objects.get()
    assert (build.status, build.message) == ("failed", "3 of 3 accepted papers cannot go into the volume.")
    assert [p["number"] for p in build.problems] == [1, 3, 2]
    status = client.get(reverse("proceedings:build-status", args=["sllm-2025", build.pk])).json()
    assert (status["status"], status["finished"], [p["number"] for p in status["problems"]]) == (
        "failed",
        True,
        [1, 3, 2],
    )


def test_build_skipping_problems_says_what_it_left_out(
    client_for, organizer, accepted, author, django_capture_on_commit_callbacks
):
    submit_camera_ready(accepted[0], author)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(organizer).post(reverse("proceedings:build-start", args=["sllm-2025"]), {"skip_problems": "on"})
    build = Build.objects.get()
    pages = build.result["pages"]
    assert (build.status, build.message) == (
        "succeeded",
        f"Built 1 papers, {pages} pages. Left out 2 papers with problems: #3, #2.",
    )
    assert [p["number"] for p in build.problems] == [3, 2]


def test_a_second_build_while_one_runs_is_a_conflict(client_for, organizer, ready, edition):
    running = Build.objects.create(edition=edition, status="running")
    response = client_for(organizer).post(reverse("proceedings:build-start", args=["sllm-2025"]))
    assert response.status_code == 409
    assert list(Build.objects.values_list("pk", flat=True)) == [running.pk]


@pytest.mark.parametrize(
    "who, expected",
    [
        ("anonymous", 302),
        ("author", 403),
        ("reviewer", 403),
        ("mentor", 403),
        ("stranger", 403),
        ("organizer", 200),
    ],
)
def test_build_status_permissions(client_for, people, edition, who, expected):
    build = Build.objects.create(edition=edition, status="running", step="Stamping papers", done=3, total=12)
    response = client_for(people[who]).get(reverse("proceedings:build-status", args=["sllm-2025", build.pk]))
    assert response.status_code == expected
    if expected == 200:
        assert json.loads(response.content) == {
            "id": build.pk,
            "status": "running",
            "step": "Stamping papers",
            "done": 3,
            "total": 12,
            "percent": 25,
            "message": "",
            "problems": [],
            "finished": False,
        }


@pytest.mark.parametrize("route", ["proceedings:build", "proceedings:build-status"])
def test_build_of_another_edition_is_unknown(client_for, organizer, edition, route):
    """An organizer of this edition asking for another edition's build under this edition's address gets the
    same 404 as for a build that does not exist."""
    other = factories.EditionFactory(slug="sllm-2024", short_name="SLLM 2024", name="SLLM 2024")
    build = Build.objects.create(edition=other, status="running", step="Stamping papers", done=3, total=12)
    response = client_for(organizer).get(reverse(route, args=["sllm-2025", build.pk]))
    assert response.status_code == 404
    assert Build.objects.get(pk=build.pk).status == "running"


@pytest.mark.parametrize(
    "who, expected",
    [
        ("anonymous", 302),
        ("author", 403),
        ("reviewer", 403),
        ("mentor", 403),
        ("stranger", 403),
        ("organizer", 302),
    ],
)
def test_settings_permissions(client_for, people, edition, who, expected):
    data = {
        "title": "Proceedings of SLLM",
        "editors": "Ada Lovelace, Alan Turing",
        "preface": "Hello.",
        "publication_terms": "Terms.",
        "page_size": "A4",
        "is_published": "on",
    }
    response = client_for(people[who]).post(reverse("proceedings:settings", args=["sllm-2025"]), data)
    assert response.status_code == expected
    saved = list(VolumeSettings.objects.values_list("title", "editors", "page_size", "is_published"))
    assert saved == ([("Proceedings of SLLM", "Ada Lovelace, Alan Turing", "A4", True)] if who == "organizer" else [])


def test_settings_bad_page_size_is_refused(client_for, organizer, edition):
    response = client_for(organizer).post(
        reverse("proceedings:settings", args=["sllm-2025"]), {"title": "P", "publication_terms": "T", "page_size": "A3"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "page_size": ["Select a valid choice. A3 is not one of the available choices."]
    }
    assert VolumeSettings.objects.count() == 0


# --- the public -------------------------------------------------------------------------------------------


@pytest.fixture
def published(edition, ready, organizer):
    services.volume_settings_save(
        edition=edition,
        title="Proceedings of SLLM 2025",
        editors="Ada Lovelace",
        preface="",
        publication_terms="Terms.",
        page_size="Letter",
        is_published=True,
    )
    return services.build_run(build_id=services.build_start(edition=edition, user=organizer, skip_problems=False).pk)


def test_public_pages_wait_for_publication(client, edition, ready, organizer):
    services.build_start(edition=edition, user=organizer, skip_problems=False)
    urls = [
        reverse("proceedings:public", args=["sllm-2025"]),
        reverse("proceedings:volume-pdf", args=["sllm-2025"]),
        reverse("proceedings:paper-pdf", args=["sllm-2025", 1]),
        reverse("proceedings:paper-bib", args=["sllm-2025", 1]),
    ]
    assert [client.get(url).status_code for url in urls] == [404, 404, 404, 404]


@pytest.mark.parametrize("who", ["anonymous", "author", "organizer"])
def test_public_files_are_the_built_ones(client_for, people, published, who, tmp_path):
    client = client_for(people[who])
    volume = client.get(reverse("proceedings:volume-pdf", args=["sllm-2025"]))
    assert (volume.status_code, volume["Content-Type"]) == (200, "application/pdf")
    assert b"".join(volume.streaming_content)[:5] == b"%PDF-"
    bib = client.get(reverse("proceedings:paper-bib", args=["sllm-2025", 3]))
    assert (bib.status_code, bib["Content-Type"]) == (200, "text/x-bibtex; charset=utf-8")
    assert b"".join(bib.streaming_content).decode().splitlines()[0] == "@inproceedings{sllm2025-3,"
    assert client.get(reverse("proceedings:paper-pdf", args=["sllm-2025", 99])).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_public_page_query_count(client, edition, published, count, django_assert_num_queries):
    # The page reads the manifest of the latest build: its queries do not grow with the papers.
    with django_assert_num_queries(3):
        response = client.get(reverse("proceedings:public", args=["sllm-2025"]))
    assert [[p["number"] for p in part["papers"]] for part in response.context["parts"]] == [[1, 3], [2]]


def test_paper_page_links_the_proceedings_files(client, published):
    response = client.get(reverse("website:paper", args=["sllm-2025", 2]))
    sections = dict(response.context["sections"])
    assert sections["proceedings/paper_section.html"]["entry"] == {
        "number": 2,
        "track": "tiny",
        "title": "Tiny sparse attention",
        "authors": ["Grace Hopper"],
        "first_page": 12,
        "last_page": 14,
        "pdf": "papers/paper-2.pdf",
        "bibtex": "papers/paper-2.bib",
    }


def test_unpublished_paper_page_has_no_proceedings_links(client, edition, ready):
    response = client.get(reverse("website:paper", args=["sllm-2025", 2]))
    assert dict(response.context["sections"])["proceedings/paper_section.html"] == {
        "entry": None,
        "slug": "sllm-2025",
        "number": 2,
    }


def test_new_author_sees_the_camera_ready_action(client_for, author, accepted):
    response = client_for(author).get(reverse("submissions:my-papers", args=["sllm-2025"]))
    assert [a.url_name for a in response.context["actions"] if a.url_name.startswith("proceedings")] == [
        "proceedings:camera-ready"
    ]


def test_dashboard_lists_the_proceedings_panel(client_for, organizer, edition):
    response = client_for(organizer).get("/organize/sllm-2025/")
    assert [p.url_name for p in response.context["panels"] if p.url_name.startswith("proceedings")] == [
        "proceedings:organize"
    ]
