"""Organizers' decisions on the platform, each with a logged reason, and award-eligibility corrections."""

from django.db import transaction

from sllm.core.errors import ApplicationError, Conflict
from sllm.core.sitecache import site_cache_bump
from sllm.mail.services import mail_queue
from sllm.reviewing.models import DecisionEvent, StudentEligibilityCorrection
from sllm.submissions.models import Paper

OUTCOMES = {
    "accept_oral": (Paper.Status.ACCEPTED, Paper.Presentation.ORAL),
    "accept_poster": (Paper.Status.ACCEPTED, Paper.Presentation.POSTER),
    "reject": (Paper.Status.REJECTED, Paper.Presentation.NONE),
    "desk_reject": (Paper.Status.DESK_REJECTED, Paper.Presentation.NONE),
    "withdraw": (Paper.Status.WITHDRAWN, Paper.Presentation.NONE),
}
OUTCOME_LABELS = {
    "accept_oral": "Accept as an oral",
    "accept_poster": "Accept as a poster",
    "reject": "Reject",
    "desk_reject": "Desk-reject",
    "withdraw": "Withdraw on the authors' request",
}


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Give a reason; it is logged with the decision.", code="reason_required")
    if len(reason) > 2000:
        raise ApplicationError("A reason is at most 2000 characters.", code="reason_too_long")
    return reason


def _author_addresses(paper: Paper) -> list[str]:
    addresses = [a.email or (a.user.email if a.user else "") for a in paper.authorships.select_related("user")]
    if paper.submitted_by is not None:
        addresses.append(paper.submitted_by.email)
    return [a for a in addresses if a and not a.endswith(".invalid")]


def paper_decide(*, paper: Paper, outcome: str, reason: str, actor) -> DecisionEvent:
    """Sets the paper's status and presentation, logs why, and (for a local-track paper) tells its authors.

    Papers from OpenReview may be changed too (a poster made an oral): OpenReview told their authors
    already, and the next sync keeps this choice unless OpenReview's decision changes."""
    if outcome not in OUTCOMES:
        raise ApplicationError(f"Unknown decision {outcome!r}; one of {', '.join(OUTCOMES)}.", code="unknown_outcome")
    reason = _reason(reason)
    status, presentation = OUTCOMES[outcome]
    with transaction.atomic():
        paper = Paper.objects.select_for_update(of=("self",)).select_related("edition", "submitted_by").get(pk=paper.pk)
        if (paper.status, paper.presentation) == (status, presentation):
            raise Conflict(f"Paper {paper.number} is already {OUTCOME_LABELS[outcome].lower()}.", code="unchanged")
        paper.status, paper.presentation = status, presentation
        paper.save(update_fields=["status", "presentation", "updated_at"])
        event = DecisionEvent.objects.create(
            paper=paper,
            source=DecisionEvent.Source.ORGANIZER,
            status=status,
            presentation=presentation,
            reason=reason,
            actor=actor,
        )
        if not paper.openreview_id:
            mail_queue(
                recipients=_author_addresses(paper),
                template="paper_decision",
                context={"paper": paper, "outcome": outcome, "label": OUTCOME_LABELS[outcome], "reason": reason},
                edition=paper.edition,
            )
        edition = paper.edition
        transaction.on_commit(lambda: site_cache_bump(edition))
    return event


def student_eligibility_correct(*, paper: Paper, eligible: bool, reason: str, actor) -> StudentEligibilityCorrection:
    """An organizer's correction of a paper's Best Student Paper eligibility, logged with its reason."""
    reason = _reason(reason)
    with transaction.atomic():
        correction = StudentEligibilityCorrection.objects.create(
            paper=paper, eligible=bool(eligible), reason=reason, actor=actor
        )
    return correction
