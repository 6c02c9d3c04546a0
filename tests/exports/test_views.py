"""Every export: who may download it (the same people as its page) and exactly what it holds."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sllm.program.models import Feedback
from tests import factories

KINDS = [
    "papers",
    "reviews",
    "assignments",
    "conflicts",
    "schedule",
    "mentoring-pairs",
    "mentoring-tables",
    "grants",
    "feedback",
]


def url(world, kind, fmt):
    return reverse("exports:download", args=[world.edition.slug, kind, fmt])


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def xlsx_rows(response) -> list[list]:
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def download(client_for, world, kind, fmt="csv", user=None):
    return client_for(user or world.organizer).get(url(world, kind, fmt))


# ---- content --------------------------------------------------------------------------------------------


def test_papers_export_has_authors_and_decisions_with_formulas_neutralised(client_for, world):
    response = download(client_for, world, "papers")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="sllm-2025-papers.csv"'
    assert response["Cache-Control"] == "private, no-store"
    assert csv_rows(response) == [
        [
            "number",
            "track",
            "title",
            "status",
            "presentation",
            "decision",
            "topics",
            "authors",
            "author emails",
            "institutions",
            "student authors",
            "main pages",
            "over page limit",
            "elsewhere",
            "elsewhere venue",
            "openreview id",
        ],
        [
            "1",
            "Main track",
            '\'=HYPERLINK("http://evil.example","x")',
            "Accepted",
            "Oral",
            "Accept (Oral)",
            "Sparsity in Attention; Parameter Sparsity/Pruning",
            "Ada Lovelace; @Bob",
            "ada@example.org; bob@example.org",
            "Analytical; +Plus Lab",
            "Ada Lovelace",
            "5",
            "no",
            "Under review elsewhere",
            "'=ICML 2026",
            "Note01",
        ],
        [
            "2",
            "Main track",
            "Plain sparse paper",
            "Submitted",
            "",
            "",
            "",
            "Cy",
            "cy@example.org",
            "",
            "",
            "",
            "yes",
            "",
            "",
            "",
        ],
    ]


def test_papers_export_as_xlsx_holds_the_same_rows(client_for, world):
    response = download(client_for, world, "papers", "xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="sllm-2025-papers.xlsx"'
    rows = xlsx_rows(response)
    assert rows[1] == [
        1,
        "Main track",
        '\'=HYPERLINK("http://evil.example","x")',
        "Accepted",
        "Oral",
        "Accept (Oral)",
        "Sparsity in Attention; Parameter Sparsity/Pruning",
        "Ada Lovelace; @Bob",
        "ada@example.org; bob@example.org",
        "Analytical; +Plus Lab",
        "Ada Lovelace",
        5,
        "no",
        "Under review elsewhere",
        "'=ICML 2026",
        "Note01",
    ]
    assert rows[2] == [
        2,
        "Main track",
        "Plain sparse paper",
        "Submitted",
        None,
        None,
        None,
        "Cy",
        "cy@example.org",
        None,
        None,
        None,
        "yes",
        None,
        None,
        None,
    ]
    assert len(rows) == 3


def test_reviews_export_has_ratings_in_the_editions_zone(client_for, world):
    assert csv_rows(download(client_for, world, "reviews")) == [
        [
            "paper",
            "title",
            "track",
            "review number",
            "reviewer",
            "reviewer email",
            "rating",
            "confidence",
            "nominated for oral",
            "submitted (Africa/Lagos)",
        ],
        [
            "1",
            '\'=HYPERLINK("http://evil.example","x")',
            "Main track",
            "1",
            "Reviewer",
            "reviewer@example.org",
            "8",
            "4",
            "yes",
            "2026-03-01 12:30",
        ],
    ]


def test_assignments_export_says_who_reviewed_and_who_is_conflicted(client_for, world):
    assert csv_rows(download(client_for, world, "assignments")) == [
        ["paper", "title", "reviewer", "reviewer email", "role", "reviewed", "conflict", "assigned by"],
        [
            "1",
            '\'=HYPERLINK("http://evil.example","x")',
            "Reviewer",
            "reviewer@example.org",
            "Reviewer",
            "yes",
            "no",
            "OpenReview",
        ],
        ["2", "Plain sparse paper", "Carl Conflicted", "conflicted@example.org", "Reviewer", "no", "yes", "Organizer"],
    ]


def test_conflicts_export(client_for, world):
    assert csv_rows(download(client_for, world, "conflicts")) == [
        ["paper", "title", "reviewer", "reviewer email", "label", "source", "reason", "still assigned"],
        [
            "2",
            "Plain sparse paper",
            "Carl Conflicted",
            "conflicted@example.org",
            "Institutional",
            "Disclosed by the reviewer",
            "'-same lab",
            "yes",
        ],
    ]


def test_schedule_export(client_for, world):
    assert csv_rows(download(client_for, world, "schedule")) == [
        [
            "start (Africa/Lagos)",
            "end (Africa/Lagos)",
            "session",
            "room",
            "kind",
            "title",
            "paper",
            "poster session",
            "people",
        ],
        [
            "2026-04-27 09:40",
            "2026-04-27 10:00",
            "Morning",
            "Hall A",
            "Oral presentation",
            "'=1+1 talk",
            "1",
            "",
            "Host Person; Ada Lovelace; @Bob",
        ],
    ]


def test_mentoring_pairs_export_never_holds_the_self_identification(client_for, world):
    rows = csv_rows(download(client_for, world, "mentoring-pairs"))
    run = rows[1][0]
    assert rows == [
        [
            "run",
            "published",
            "mentee",
            "mentee email",
            "mentor",
            "mentor email",
            "affinity",
            "pinned",
            "unmatched because",
        ],
        [
            run,
            "no",
            "Mel Mentee",
            "mentee@example.org",
            "Mona Mentor",
            "mentor@example.org",
            str(world.affinity),
            "no",
            "",
        ],
    ]


def test_mentoring_tables_export(client_for, world):
    assert csv_rows(download(client_for, world, "mentoring-tables")) == [
        ["table", "seat", "name", "email", "role"],
        ["1", "1", "Mona Mentor", "mentor@example.org", "Mentor"],
        ["1", "2", "Mel Mentee", "mentee@example.org", "Mentee"],
    ]


def test_mentoring_exports_before_any_run_hold_only_headers(client_for, edition, organizer):
    for kind, header in [("mentoring-pairs", "run"), ("mentoring-tables", "table")]:
        response = client_for(organizer).get(reverse("exports:download", args=[edition.slug, kind, "csv"]))
        rows = csv_rows(response)
        assert [len(rows), rows[0][0]] == [1, header]


def test_grants_export_has_decisions_and_no_private_fields(client_for, world):
    assert csv_rows(download(client_for, world, "grants", user=world.grants_chair)) == [
        ["applicant", "email", "career stage", "requested", "decision", "award", "currency", "average score", "scores"],
        ["Tara Traveller", "traveller@example.org", "PhD student", "1200", "Awarded", "1200", "USD", "4.5", "2"],
    ]


def test_feedback_export(client_for, world):
    day = Feedback.objects.get().submitted_on.isoformat()
    assert csv_rows(download(client_for, world, "feedback")) == [
        ["answer", "day", "Content", "Activities", "Format", "Mentoring programme", "Breakout sessions", "comments"],
        [str(Feedback.objects.get().pk), day, "5", "", "3", "", "", "'@here loved it"],
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_every_export_comes_as_xlsx_with_the_csv_header(client_for, world, kind):
    user = world.grants_chair
    header = csv_rows(download(client_for, world, kind, "csv", user=user))[0]
    response = download(client_for, world, kind, "xlsx", user=user)
    assert response.status_code == 200
    assert xlsx_rows(response)[0] == header


# ---- permissions: the same people as each export's page -------------------------------------------------


def statuses(client, world, fmt="csv") -> dict[str, int]:
    return {kind: client.get(url(world, kind, fmt)).status_code for kind in KINDS}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_anonymous_visitors_are_sent_to_log_in(client_for, world, fmt):
    client = client_for(None)
    assert statuses(client, world, fmt) == dict.fromkeys(KINDS, 302)
    assert client.get(url(world, "papers", fmt))["Location"] == f"/accounts/login/?next={url(world, 'papers', fmt)}"


@pytest.mark.parametrize("who", ["author", "reviewer", "conflicted"])
def test_non_organizers_are_refused(client_for, world, who):
    client = client_for(getattr(world, who))
    assert statuses(client, world) == dict.fromkeys(KINDS, 403)
    assert b"reviewer@example.org" not in client.get(url(world, "reviews", "csv")).content


def test_organizers_of_another_edition_are_refused(client_for, world):
    other = factories.UserFactory(email="other-organizer@example.org")
    elsewhere = factories.EditionFactory(slug="sllm-2030")
    factories.grant(other, elsewhere, "organizer")
    factories.grant(other, elsewhere, "grants")
    assert statuses(client_for(other), world, "xlsx") == dict.fromkeys(KINDS, 403)


def test_organizers_download_every_export_but_grants(client_for, world):
    assert statuses(client_for(world.organizer), world) == {**dict.fromkeys(KINDS, 200), "grants": 403}


def test_organizers_with_the_grants_role_download_every_export(client_for, world):
    assert statuses(client_for(world.grants_chair), world, "xlsx") == dict.fromkeys(KINDS, 200)


def test_grants_export_needs_the_organizer_and_the_grants_role(client_for, world):
    refused = download(client_for, world, "grants", "xlsx")
    assert refused.status_code == 403
    assert b"Traveller" not in refused.content
    grants_only = factories.UserFactory(email="grants-only@example.org")
    factories.grant(grants_only, world.edition, "grants")
    assert download(client_for, world, "grants", user=grants_only).status_code == 403


@pytest.mark.parametrize("path", ["votes.csv", "papers.pdf", "papers.CSV", "papers."])
def test_unknown_exports_and_formats_are_not_found(client_for, world, path):
    response = client_for(world.organizer).get(f"/organize/{world.edition.slug}/exports/{path}")
    assert response.status_code == 404


# ---- the list page --------------------------------------------------------------------------------------


def _links(response) -> list[str]:
    return [
        line.split('"')[1]
        for line in response.content.decode().split("<a href=")[1:]
        if "/exports/" in line.split('"')[1]
    ]


def test_list_page_offers_the_grants_export_only_to_grants_chairs(client_for, world):
    slug = world.edition.slug
    page = client_for(world.organizer).get(reverse("exports:list", args=[slug]))
    assert page.status_code == 200
    expected = [
        f"/organize/{slug}/exports/{kind}.{fmt}" for kind in KINDS if kind != "grants" for fmt in ("csv", "xlsx")
    ]
    assert _links(page) == expected
    chair_page = client_for(world.grants_chair).get(reverse("exports:list", args=[slug]))
    assert _links(chair_page) == [f"/organize/{slug}/exports/{kind}.{fmt}" for kind in KINDS for fmt in ("csv", "xlsx")]


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("author", 403), ("reviewer", 403)])
def test_list_page_refuses_non_organizers(client_for, world, who, status):
    user = getattr(world, who) if who else None
    assert client_for(user).get(reverse("exports:list", args=[world.edition.slug])).status_code == status


def test_dashboard_links_the_exports(client_for, world):
    page = client_for(world.organizer).get(reverse("workshops:dashboard", args=[world.edition.slug]))
    assert f'href="/organize/{world.edition.slug}/exports/"'.encode() in page.content
