"""The OpenAPI schema is complete and exact: spectacular validates it without a warning, and schemathesis,
driving a live server through it as each role, meets no server error and no answer outside the schema."""

import datetime as dt

import pytest
import schemathesis
from django.core.management import call_command
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from sllm.reviewing.models import Assignment, Candidate, Vote, Voter
from sllm.submissions.models import Paper
from tests import factories

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
# Examples per operation and role: pinned to the fixture's edition and paper, then free.
PINNED_EXAMPLES = 5
FREE_EXAMPLES = 3
# What each role must reach at least once, so the run is known to get past the access checks.
REACHES = {
    "anonymous": ["GET /api/v1/editions/", "GET /api/v1/papers/", "GET /api/v1/editions/{slug}/"],
    "author": ["GET /api/v1/papers/{id}/artifacts/", "GET /api/v1/papers/{id}/files/"],
    "reviewer": ["GET /api/v1/review/{slug}/papers/", "GET /api/v1/editions/{slug}/votes/{kind}/ballot/"],
    "organizer": ["GET /api/v1/editions/{slug}/votes/{kind}/", "GET /api/v1/mentoring/{slug}/runs/latest/"],
    "area_chair": ["GET /api/v1/editions/{slug}/decisions/", "GET /api/v1/editions/{slug}/papers/{number}/decision/"],
}


def test_schema_validates_without_warnings(tmp_path, db):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert out.stat().st_size > 0


def test_every_api_view_has_documented_bodies(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    undocumented = [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        # A body for some success, or a documented 204 (which has none by definition).
        if not any(
            (str(code).startswith("2") and answer.get("content")) or str(code) == "204"
            for code, answer in operation["responses"].items()
        )
        or (method in {"put", "patch"} and "requestBody" not in operation)
    ]
    assert undocumented == []


@pytest.fixture
def api_world(transactional_db, edition, main_track, author, reviewer, organizer):
    paper = factories.PaperFactory(track=main_track, status=Paper.Status.ACCEPTED, number=1)
    factories.AuthorshipFactory(paper=paper, user=author, name="Author", email=author.email, position=1)
    nominated = factories.PaperFactory(track=main_track, status=Paper.Status.ACCEPTED, number=2)
    vote = Vote.objects.create(
        edition=edition, kind=Vote.Kind.ORALS, seats=1, deadline=timezone.now() + dt.timedelta(days=3)
    )
    Candidate.objects.create(vote=vote, paper=nominated)
    Voter.objects.create(vote=vote, user=reviewer)
    chair = factories.UserFactory(email="ac@example.org")
    factories.grant(chair, edition, "area_chair")
    Assignment.objects.create(paper=paper, reviewer=chair, role=Assignment.Role.AREA_CHAIR)
    tokens = {
        role: {"Authorization": f"Token {Token.objects.create(user=user).key}"}
        for role, user in (("author", author), ("reviewer", reviewer), ("organizer", organizer), ("area_chair", chair))
    }
    return {"paper": paper, "headers": {"anonymous": {}, **tokens}}


def _operations():
    schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    return schema, [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("role", ["anonymous", "author", "reviewer", "organizer", "area_chair"])
def test_schemathesis_finds_no_server_error_and_no_answer_outside_the_schema(live_server, api_world, role):
    schema, operations = _operations()
    headers = api_world["headers"][role]
    pinned = {"slug": "sllm-2025", "kind": "orals", "id": api_world["paper"].pk, "number": 1}
    answered = {}

    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        real = {name: value for name, value in pinned.items() if name in names}
        for strategy, examples in (
            (operation.as_strategy(path_parameters=real), PINNED_EXAMPLES),
            (operation.as_strategy(), FREE_EXAMPLES),
        ):

            @given(case=strategy)
            @settings(
                max_examples=examples,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
            )
            def run(case):
                response = case.call(base_url=live_server.url, headers=headers)
                case.validate_response(response, checks=CHECKS)
                answered.setdefault(f"{case.operation.method.upper()} {case.operation.path}", set()).add(
                    response.status_code
                )

            run()
    assert len(operations) == 48
    assert len(answered) == 48
    assert {label: 200 in answered[label] for label in REACHES[role]} == dict.fromkeys(REACHES[role], True)


def test_an_api_url_no_route_matches_answers_json_and_a_page_url_html(client, db):
    api = client.get("/api/v1/papers/-1/")
    site = client.get("/%00/a/b/c/d/e/")

    assert (api.status_code, api["Content-Type"], api.json()) == (
        404,
        "application/json",
        {"error": "not_found", "message": "No such resource."},
    )
    assert (site.status_code, site["Content-Type"]) == (404, "text/html; charset=utf-8")
