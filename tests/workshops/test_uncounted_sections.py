"""The per-track setting of closing sections that do not count towards the page limit: the organizer API,
the call for papers that shows it, and the upload check that applies it."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sllm.submissions.models import PaperFile

from ..submissions.pdf_samples import PaperBuilder

pytestmark = pytest.mark.django_db

URL = "/api/v1/editions/sllm-2025/tracks/main/uncounted-sections/"


def put(client, payload):
    return client.put(URL, payload, content_type="application/json")


def stored(track):
    track.refresh_from_db()
    return track.uncounted_sections


@pytest.mark.parametrize(("who", "status"), [(None, 403), ("stranger", 403), ("author", 403), ("reviewer", 403)])
def test_only_organizers_set_it(client_for, main_track, request, who, status):
    user = request.getfixturevalue(who) if who else None

    response = put(client_for(user), {"sections": ["limitations"]})

    assert response.status_code == status
    assert stored(main_track) == []


def test_organizer_sets_it_in_the_calls_order_without_repeats(client_for, main_track, organizer):
    response = put(client_for(organizer), {"sections": ["impact", "acknowledgements", "impact"]})

    assert response.status_code == 200
    assert response.json() == {"kind": "main", "uncounted_sections": ["acknowledgements", "impact"]}
    assert stored(main_track) == ["acknowledgements", "impact"]


def test_organizer_clears_it(client_for, main_track, organizer):
    main_track.uncounted_sections = ["limitations"]
    main_track.save()

    response = put(client_for(organizer), {"sections": []})

    assert (response.status_code, response.json()) == (200, {"kind": "main", "uncounted_sections": []})
    assert stored(main_track) == []


@pytest.mark.parametrize(
    ("payload", "message", "fields"),
    [
        (
            {"sections": ["limitations", "references"]},
            "Unknown section kind(s): references. Known: acknowledgements, limitations, ethics, reproducibility, "
            "impact.",
            {"sections": ["references"]},
        ),
        ({"sections": "limitations"}, "sections must be a list of section kinds.", None),
        ({"sections": [3]}, "sections must be a list of section kinds.", None),
        ({}, "sections must be a list of section kinds.", None),
        (["limitations"], "sections must be a list of section kinds.", None),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(client_for, main_track, organizer, payload, message, fields):
    main_track.uncounted_sections = ["ethics"]
    main_track.save()

    response = put(client_for(organizer), payload)

    body = {"error": "invalid", "message": message, **({"fields": fields} if fields else {})}
    assert (response.status_code, response.json()) == (400, body)
    assert stored(main_track) == ["ethics"]


def test_unknown_track_is_404(client_for, main_track, organizer):
    response = client_for(organizer).put(
        "/api/v1/editions/sllm-2025/tracks/poster/uncounted-sections/",
        {"sections": []},
        content_type="application/json",
    )

    assert response.status_code == 404
    assert stored(main_track) == []


def test_call_for_papers_and_track_api_show_it(client, main_track, tiny_track):
    main_track.uncounted_sections = ["acknowledgements", "limitations", "impact"]
    main_track.save()

    cfp = client.get("/sllm-2025/call-for-papers/").content.decode()
    tracks = client.get("/api/v1/editions/sllm-2025/tracks/").json()

    assert (
        f"Up to {main_track.page_limit} pages, references and appendix excluded; Acknowledgements, limitations "
        "and impact statement after the main text do not count either." in cfp
    )
    assert f"Up to {tiny_track.page_limit} pages, references and appendix excluded.\n" in cfp
    rows = tracks["results"] if isinstance(tracks, dict) else tracks
    assert [(row["kind"], row["uncounted_sections"]) for row in rows] == [
        ("main", ["acknowledgements", "limitations", "impact"]),
        ("tiny", []),
    ]


@pytest.mark.parametrize(("uncounted", "over_limit", "main_pages"), [([], True, 3), (["impact"], False, 2)])
def test_submission_is_checked_with_the_tracks_setting(
    tmp_path, client_for, author, main_track, uncounted, over_limit, main_pages
):
    main_track.page_limit = 2
    main_track.uncounted_sections = uncounted
    main_track.save()
    builder = PaperBuilder().title_block().paragraphs(2).new_page().body_page()
    builder.new_page().heading("Broader Impact", role="impact").paragraphs(2)
    builder.new_page().heading("References", role="references").reference_list(4)
    pdf = SimpleUploadedFile("paper.pdf", builder.write(tmp_path / "paper.pdf").read_bytes())
    payload = {
        "edition": "sllm-2025",
        "track": "main",
        "title": "Sparse attention",
        "abstract": "We prune.",
        "topics": json.dumps(["Sparsity in Attention"]),
        "authors": json.dumps([{"name": "Ada Lovelace", "email": "author@example.org"}]),
        "pdf": pdf,
    }

    response = client_for(author).post("/api/v1/papers/", payload)

    assert (response.status_code, response.json()["over_page_limit"]) == (201, over_limit)
    stored_file = PaperFile.objects.get()
    assert (stored_file.main_pages, stored_file.within_limit) == (main_pages, not over_limit)


# --- The organizers' dashboard form ---------------------------------------------------------------------

FORM_URL = "/organize/sllm-2025/tracks/main/uncounted-sections/"


@pytest.mark.parametrize(("who", "status"), [("stranger", 403), ("author", 403), ("reviewer", 403)])
def test_dashboard_form_is_for_organizers_only(client_for, main_track, request, who, status):
    response = client_for(request.getfixturevalue(who)).post(FORM_URL, {"sections": ["limitations"]})

    assert response.status_code == status
    assert stored(main_track) == []


def test_dashboard_form_sends_anonymous_visitors_to_log_in(client_for, main_track):
    response = client_for(None).post(FORM_URL, {"sections": ["limitations"]})

    assert (response.status_code, response.url) == (302, f"/accounts/login/?next={FORM_URL}")
    assert stored(main_track) == []


def test_dashboard_form_saves_and_the_dashboard_shows_it(client_for, main_track, organizer):
    client = client_for(organizer)

    response = client.post(FORM_URL, {"sections": ["ethics", "limitations"]}, follow=True)

    assert response.redirect_chain == [("/organize/sllm-2025/", 302)]
    assert stored(main_track) == ["limitations", "ethics"]
    page = response.content.decode()
    assert (
        f"{main_track.name}: sections that do not count besides references and appendix: Limitations, Ethics statement."
        in page
    )
    assert '<input type="checkbox" name="sections" value="limitations" checked> Limitations' in page
    assert '<input type="checkbox" name="sections" value="impact"> Impact statement' in page


def test_dashboard_form_refuses_an_unknown_section_and_changes_nothing(client_for, main_track, organizer):
    main_track.uncounted_sections = ["impact"]
    main_track.save()

    response = client_for(organizer).post(FORM_URL, {"sections": ["impact", "appendix"]}, follow=True)

    assert response.redirect_chain == [("/organize/sllm-2025/", 302)]
    assert (
        "Unknown section kind(s): appendix. Known: acknowledgements, limitations, ethics, reproducibility, impact."
        in response.content.decode()
    )
    assert stored(main_track) == ["impact"]


def test_dashboard_form_answers_get_with_405(client_for, main_track, organizer):
    assert client_for(organizer).get(FORM_URL).status_code == 405
    assert stored(main_track) == []
