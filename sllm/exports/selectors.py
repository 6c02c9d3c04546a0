"""The organizers' exports as tables: each reads the rows its organizer page shows, through that app's
selectors, and yields them one at a time, so a 2,000-paper edition streams rather than piles up."""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sllm.grants.selectors import application_list_for_organizers, grant_program
from sllm.mentoring.selectors import run_latest, run_pair_list, run_table_list, run_unmatched_list
from sllm.program.selectors import RATINGS, feedback_list, slot_list_draft
from sllm.reviewing.selectors import assignment_list_for_export, conflict_list_for_export, review_list_for_export
from sllm.submissions.selectors import paper_list_for_organizers

from .tabular import Table

# Rows fetched per query; prefetches (authors, files) run once per chunk.
CHUNK = 500


@dataclass(frozen=True)
class Export:
    label: str
    build: Callable  # (workshop, user) -> Table


def _when(value: dt.datetime | None, edition) -> str:
    return value.astimezone(edition.tz).strftime("%Y-%m-%d %H:%M") if value else ""


def papers_table(*, edition, user=None) -> Table:
    def rows() -> Iterator[list]:
        papers = paper_list_for_organizers(edition=edition).select_related("decision")
        for paper in papers.iterator(chunk_size=CHUNK):
            authors = list(paper.authorships.all())
            decision = getattr(paper, "decision", None)
            submission = next(iter(paper.files.all()), None)
            yield [
                paper.number,
                paper.track.name,
                paper.title,
                paper.get_status_display(),
                paper.get_presentation_display() if paper.presentation else "",
                decision.decision if decision else "",
                "; ".join(paper.topics),
                "; ".join(a.name for a in authors),
                "; ".join(a.email for a in authors),
                "; ".join(a.institution for a in authors),
                "; ".join(a.name for a in authors if a.is_student),
                submission.main_pages if submission else None,
                paper.over_page_limit,
                paper.get_elsewhere_display() if paper.elsewhere else "",
                paper.elsewhere_venue,
                paper.openreview_id or "",
            ]

    headers = [
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
    ]
    return Table("Papers", headers, rows())


def reviews_table(*, edition, user=None) -> Table:
    def rows() -> Iterator[list]:
        for review in review_list_for_export(edition=edition).iterator(chunk_size=CHUNK):
            yield [
                review.paper.number,
                review.paper.title,
                review.paper.track.name,
                review.number,
                review.reviewer.full_name,
                review.reviewer.email,
                review.rating,
                review.confidence,
                review.nominate_for_oral,
                _when(review.submitted_at, edition),
            ]

    headers = [
        "paper",
        "title",
        "track",
        "review number",
        "reviewer",
        "reviewer email",
        "rating",
        "confidence",
        "nominated for oral",
        f"submitted ({edition.timezone})",
    ]
    return Table("Reviews", headers, rows())


def assignments_table(*, edition, user=None) -> Table:
    def rows() -> Iterator[list]:
        for assignment in assignment_list_for_export(edition=edition).iterator(chunk_size=CHUNK):
            yield [
                assignment.paper.number,
                assignment.paper.title,
                assignment.reviewer.full_name,
                assignment.reviewer.email,
                assignment.get_role_display(),
                assignment.has_review,
                assignment.has_conflict,
                "OpenReview" if assignment.assigned_by is None else str(assignment.assigned_by),
            ]

    headers = ["paper", "title", "reviewer", "reviewer email", "role", "reviewed", "conflict", "assigned by"]
    return Table("Assignments", headers, rows())


def conflicts_table(*, edition, user=None) -> Table:
    def rows() -> Iterator[list]:
        for conflict in conflict_list_for_export(edition=edition).iterator(chunk_size=CHUNK):
            yield [
                conflict.paper.number,
                conflict.paper.title,
                conflict.reviewer.full_name,
                conflict.reviewer.email,
                conflict.label,
                conflict.get_source_display(),
                conflict.reason,
                conflict.is_assigned,
            ]

    headers = ["paper", "title", "reviewer", "reviewer email", "label", "source", "reason", "still assigned"]
    return Table("Conflicts", headers, rows())


def schedule_table(*, edition, user=None) -> Table:
    def rows() -> Iterator[list]:
        for slot in slot_list_draft(edition=edition):
            people = [ss.speaker.name for ss in slot.slot_speakers.all()]
            if slot.paper is not None:
                people += [a.name for a in slot.paper.authorships.all()]
            yield [
                _when(slot.start, edition),
                _when(slot.end, edition),
                slot.session.title,
                slot.room.name,
                slot.get_kind_display(),
                slot.title,
                slot.paper.number if slot.paper else None,
                slot.poster_session,
                "; ".join(people),
            ]

    zone = edition.timezone
    headers = [
        f"start ({zone})",
        f"end ({zone})",
        "session",
        "room",
        "kind",
        "title",
        "paper",
        "poster session",
        "people",
    ]
    return Table("Schedule", headers, rows())


def mentoring_pairs_table(*, edition, user=None) -> Table:
    """The latest matching run, as the mentoring page shows it; never the private self-identification."""
    run = run_latest(edition=edition)

    def rows() -> Iterator[list]:
        if run is None:
            return
        published = "yes" if run.published_at else "no"
        for pair in run_pair_list(run=run):
            yield [
                run.pk,
                published,
                pair.mentee.user.full_name,
                pair.mentee.user.email,
                pair.mentor.user.full_name,
                pair.mentor.user.email,
                round(pair.affinity, 3),
                pair.pinned,
                "",
            ]
        for unmatched in run_unmatched_list(run=run):
            yield [
                run.pk,
                published,
                unmatched.mentee.user.full_name,
                unmatched.mentee.user.email,
                "",
                "",
                None,
                False,
                unmatched.reason,
            ]

    headers = [
        "run",
        "published",
        "mentee",
        "mentee email",
        "mentor",
        "mentor email",
        "affinity",
        "pinned",
        "unmatched because",
    ]
    return Table("Mentoring pairs", headers, rows())


def mentoring_tables_table(*, edition, user=None) -> Table:
    run = run_latest(edition=edition)

    def rows() -> Iterator[list]:
        if run is None:
            return
        for number, seats in run_table_list(run=run):
            for seat in seats:
                yield [number, seat.position, seat.user.full_name, seat.user.email, seat.get_role_display()]

    return Table("Lunch tables", ["table", "seat", "name", "email", "role"], rows())


def grants_table(*, edition, user=None) -> Table:
    """Decisions only: the statement and the private self-identification stay on the grants pages."""
    currency = grant_program(edition=edition).currency

    def rows() -> Iterator[list]:
        for application in application_list_for_organizers(edition=edition, scorer=user):
            average = application.average_score
            yield [
                application.applicant.full_name,
                application.applicant.email,
                application.get_career_stage_display(),
                application.requested,
                application.get_status_display(),
                application.award,
                currency,
                None if average is None else round(average, 2),
                application.score_count,
            ]

    headers = [
        "applicant",
        "email",
        "career stage",
        "requested",
        "decision",
        "award",
        "currency",
        "average score",
        "scores",
    ]
    return Table("Travel grants", headers, rows())


def feedback_table(*, edition, user=None) -> Table:
    def rows() -> Iterator[list]:
        for answer in feedback_list(edition=edition).iterator(chunk_size=CHUNK):
            yield [answer.pk, answer.submitted_on, *(getattr(answer, field) for field, _ in RATINGS), answer.comments]

    return Table("Feedback", ["answer", "day", *(label for _, label in RATINGS), "comments"], rows())


EXPORTS: dict[str, Export] = {
    "papers": Export("Papers with authors and decisions", papers_table),
    "reviews": Export("Reviews with ratings", reviews_table),
    "assignments": Export("Reviewer assignments", assignments_table),
    "conflicts": Export("Conflicts of interest", conflicts_table),
    "schedule": Export("The schedule (draft)", schedule_table),
    "mentoring-pairs": Export("Mentoring pairs", mentoring_pairs_table),
    "mentoring-tables": Export("Mentoring lunch tables", mentoring_tables_table),
    "grants": Export("Travel-grant decisions", grants_table),
    "feedback": Export("Feedback answers", feedback_table),
}


def export_table(*, edition, user, kind: str) -> Table:
    return EXPORTS[kind].build(edition=edition, user=user)
