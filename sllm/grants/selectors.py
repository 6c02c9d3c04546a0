"""Reads of travel grants. Nothing here lists recipients for the public."""

from django.db.models import Avg, Count, Q, QuerySet, Sum

from .models import GrantAllocation, GrantApplication, GrantProgram, Sponsor


def grant_program(*, edition) -> GrantProgram:
    """The edition's call, or the defaults (unsaved) when organizers never changed them."""
    return GrantProgram.objects.filter(edition=edition).first() or GrantProgram(edition=edition)


def sponsor_list(*, edition) -> QuerySet:
    return Sponsor.objects.filter(edition=edition).order_by("-amount", "name")


def grant_budget(*, edition) -> int:
    return Sponsor.objects.filter(edition=edition).aggregate(total=Sum("amount"))["total"] or 0


def application_list_for_organizers(*, edition, scorer) -> QuerySet:
    return (
        GrantApplication.objects.filter(edition=edition)
        .select_related("applicant")
        .annotate(
            average_score=Avg("scores__score"),
            score_count=Count("scores", distinct=True),
            my_score=Avg("scores__score", filter=Q(scores__scorer=scorer)),
        )
        .order_by("created_at", "pk")
    )


def application_of(*, edition, user) -> GrantApplication | None:
    if not user.is_authenticated:
        return None
    return GrantApplication.objects.filter(edition=edition, applicant=user).first()


def grant_applicant_emails(*, edition) -> list[str]:
    return list(GrantApplication.objects.filter(edition=edition).values_list("applicant__email", flat=True))


def allocation_instance(*, edition) -> dict:
    """The pure allocator's input; it carries self-identification, so only the grants chair runs it."""
    program = grant_program(edition=edition)
    applications = (
        GrantApplication.objects.filter(edition=edition).annotate(average_score=Avg("scores__score")).order_by("pk")
    )
    return {
        "budget": grant_budget(edition=edition),
        "allow_partial": program.allow_partial,
        "min_partial_percent": program.min_partial_percent,
        "applicants": [
            {
                "id": str(a.pk),
                "request": a.requested,
                "student": a.is_student,
                "priority": a.self_identifies,
                "score": round(a.average_score or 0, 4),
            }
            for a in applications
        ],
    }


def allocation_latest(*, edition) -> GrantAllocation | None:
    return GrantAllocation.objects.filter(edition=edition).order_by("-created_at", "-pk").first()


def allocation_rows(*, allocation: GrantAllocation) -> list[dict]:
    """One row per application of the proposal, joined with the application (no N+1)."""
    applications = {
        str(a.pk): a
        for a in GrantApplication.objects.filter(edition_id=allocation.edition_id).select_related("applicant")
    }
    reasons = {row["id"]: row["reason"] for row in allocation.result["unfunded"]}
    rows = []
    for entry in allocation.result["instance"]:
        application = applications.get(entry["id"])
        rows.append(
            {
                "application": application,
                "request": entry["request"],
                "student": entry["student"],
                "priority": entry["priority"],
                "score": entry["score"],
                "award": allocation.result["awards"].get(entry["id"]),
                "reason": reasons.get(entry["id"], ""),
            }
        )
    rows.sort(key=lambda r: (r["award"] is None, -(r["award"] or 0), -r["score"]))
    return rows
