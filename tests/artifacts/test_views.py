"""Pages: the author's artifacts page, the organizers' panel, the plot, the public paper section."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from sllm.artifacts import selectors, services
from sllm.artifacts.models import ArtifactSet, BenchmarkJob, Checkpoint
from tests import factories

from .conftest import CLAIMS, SPEC

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "author", "reviewer", "mentor", "organizer", "stranger"]


@pytest.fixture
def people(author, reviewer, mentor, organizer, stranger):
    return {
        "anonymous": None,
        "author": author,
        "reviewer": reviewer,
        "mentor": mentor,
        "organizer": organizer,
        "stranger": stranger,
    }


def _state():
    return (
        list(ArtifactSet.objects.values_list("code_url", flat=True)),
        Checkpoint.objects.count(),
        BenchmarkJob.objects.count(),
    )


def _author_url(paper):
    return reverse("artifacts:author", args=[paper.edition.slug, paper.number])


@pytest.mark.parametrize("role", ROLES)
def test_only_the_papers_authors_see_and_change_its_artifacts(client_for, people, paper, role):
    client = client_for(people[role])

    shown = client.get(_author_url(paper))
    posted = client.post(_author_url(paper), {"form": "details", "code_url": "https://github.com/x/y"})

    if role == "author":
        assert (shown.status_code, posted.status_code, posted["Location"]) == (200, 302, _author_url(paper))
        assert _state() == (["https://github.com/x/y"], 0, 0)
    elif role == "anonymous":
        assert (shown.status_code, posted.status_code) == (302, 302)
        assert shown["Location"] == f"/accounts/login/?next={_author_url(paper)}"
        assert _state() == ([], 0, 0)
    else:
        assert (shown.status_code, posted.status_code) == (404, 404)
        assert _state() == ([], 0, 0)


def test_the_author_uploads_a_checkpoint_through_the_page(client_for, author, paper, upload, commit):
    client = client_for(author)

    response = commit(client.post, path=_author_url(paper), data={"form": "checkpoint", "file": upload()})

    assert (response.status_code, Checkpoint.objects.get().status) == (302, "verified")
    page = client.get(_author_url(paper)).content.decode()
    assert '<li class="artifact-badge">Artifact available</li>' in page


def test_a_pickle_upload_shows_the_reason_and_stores_nothing(client_for, author, paper, upload):
    response = client_for(author).post(
        _author_url(paper), {"form": "checkpoint", "file": upload("model.bin", b"PK\x03\x04" + b"\0" * 99)}
    )

    assert response.status_code == 400
    assert response.context["upload"].errors == {
        "file": ["This is a zip archive (PyTorch .pt/.bin, which holds a pickle), not a safetensors file."]
    }
    assert _state() == ([], 0, 0)


def test_bad_json_in_the_details_is_a_clear_error(client_for, author, paper):
    response = client_for(author).post(
        _author_url(paper), {"form": "details", "claims": "{oops", "benchmark_spec": '{"layers": []}'}
    )

    assert response.status_code == 400
    assert response.context["details"].errors == {
        "claims": ["This is not JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)."]
    }
    assert _state() == ([], 0, 0)


def test_a_spec_that_does_not_validate_names_its_problems(client_for, author, paper):
    response = client_for(author).post(_author_url(paper), {"form": "details", "benchmark_spec": '{"layers": []}'})

    assert response.status_code == 400
    assert response.context["details"].non_field_errors() == [
        "Benchmark spec: tokens: is required; layers: must be a list of 1 to 32 layers"
    ]
    assert _state() == ([], 0, 0)


@pytest.mark.parametrize("role", ROLES)
def test_the_organizers_panel_is_for_organizers(client_for, people, paper, role, edition):
    response = client_for(people[role]).get(reverse("artifacts:dashboard", args=[edition.slug]))

    expected = {"organizer": 200, "anonymous": 302}.get(role, 403)
    assert response.status_code == expected


@pytest.mark.parametrize("count", [1, 3])
def test_the_panel_costs_the_same_queries_for_one_or_three_papers(
    client_for, organizer, main_track, edition, count, commit, upload, django_assert_num_queries
):
    runner, _ = services.runner_create(name="gpu-1", pool="sllm-2025")
    for number in range(1, count + 1):
        paper = factories.PaperFactory(track=main_track, number=number)
        commit(
            services.artifact_set_update,
            paper=paper,
            code_url="https://github.com/x/y",
            claims=CLAIMS,
            benchmark_spec=SPEC,
        )
        commit(services.checkpoint_upload, paper=paper, uploaded=upload())
        job = BenchmarkJob.objects.create(
            paper=paper, spec=SPEC, spec_sha256="a" * 64, time_limit_s=60, pool="sllm-2025"
        )
        services.benchmark_job_claim(job=job, runner=runner)
    client = client_for(organizer)

    with django_assert_num_queries(8):
        response = client.get(reverse("artifacts:dashboard", args=[edition.slug]))

    assert len(response.context["papers"]) == count
    assert len(response.context["queue"]) == count


@pytest.mark.parametrize("role", ROLES)
def test_only_organizers_queue_benchmarks_and_reverification(
    client_for, people, paper, role, edition, commit, upload, settings
):
    commit(services.artifact_set_update, paper=paper, benchmark_spec=SPEC)
    commit(services.checkpoint_upload, paper=paper, uploaded=upload())
    client = client_for(people[role])

    bench = client.post(reverse("artifacts:benchmark", args=[edition.slug, paper.number]))
    verify = client.post(reverse("artifacts:verify", args=[edition.slug, paper.number]))

    if role == "organizer":
        assert (bench.status_code, verify.status_code) == (302, 302)
        assert list(BenchmarkJob.objects.values_list("status", flat=True)) == ["queued"]
    else:
        assert (bench.status_code, verify.status_code) == ((302, 302) if role == "anonymous" else (403, 403))
        assert list(BenchmarkJob.objects.all()) == []


def _done_job(paper, tmp_path):
    runner, _ = services.runner_create(name=f"gpu-{paper.pk}")
    job = BenchmarkJob.objects.create(
        paper=paper, spec=SPEC, spec_sha256="a" * 64, time_limit_s=60, status="done", runner=runner
    )

    job.plot.save("plot.png", ContentFile(b"\x89PNG\r\n\x1a\nrest"), save=True)
    return job


@pytest.mark.parametrize(
    ("status", "public", "role", "expected"),
    [
        ("accepted", True, "anonymous", 200),
        ("accepted", False, "anonymous", 404),
        ("submitted", True, "anonymous", 404),
        ("submitted", True, "reviewer", 404),
        ("submitted", True, "mentor", 404),
        ("submitted", True, "stranger", 404),
        ("submitted", True, "author", 200),
        ("submitted", True, "organizer", 200),
    ],
)
def test_plots_are_public_for_accepted_papers_only(client_for, people, paper, tmp_path, status, public, role, expected):
    paper.status = status
    paper.save()
    paper.edition.is_public = public
    paper.edition.save()
    job = _done_job(paper, tmp_path)

    response = client_for(people[role]).get(reverse("artifacts:plot", args=[job.pk]))

    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == b"\x89PNG\r\n\x1a\nrest"


def test_the_public_paper_page_shows_badges_code_and_hash(client, paper, upload, commit):
    paper.edition.is_public = True
    paper.edition.save()
    commit(
        services.artifact_set_update,
        paper=paper,
        code_url="https://github.com/x/y",
        code_commit="abcdef12",
        claims=CLAIMS,
    )
    checkpoint = commit(services.checkpoint_upload, paper=paper, uploaded=upload())
    checkpoint.refresh_from_db()

    page = client.get(reverse("website:paper", args=[paper.edition.slug, paper.number])).content.decode()

    assert (
        '<ul class="artifact-badges" aria-label="Reproducibility badges"><li class="artifact-badge">Artifact '
        'available</li><li class="artifact-badge">Sparsity verified</li></ul>'
    ) in page
    assert f'<code class="hash">{checkpoint.sha256}</code>' in page
    assert "at commit <code>abcdef12</code>" in page


def test_the_public_section_reads_artifacts_checkpoint_and_badges_in_one_query_and_a_plot_in_a_second(
    paper, upload, commit, tmp_path, django_assert_num_queries
):
    with django_assert_num_queries(1):
        empty = selectors.paper_section(paper)
    assert empty == {"badges": [], "artifacts": None, "checkpoint": None, "job": None}
    commit(services.artifact_set_update, paper=paper, code_url="https://github.com/x/y", claims=CLAIMS)
    checkpoint = commit(services.checkpoint_upload, paper=paper, uploaded=upload())
    with django_assert_num_queries(1):
        section = selectors.paper_section(paper)
    assert (section["artifacts"].code_url, section["checkpoint"], section["job"]) == (
        "https://github.com/x/y",
        checkpoint,
        None,
    )
    assert section["badges"] == selectors.badges_for_papers([paper.pk])[paper.pk] != []
    job = _done_job(paper, tmp_path)
    with django_assert_num_queries(2):
        assert selectors.paper_section(paper)["job"] == job
