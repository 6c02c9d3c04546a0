"""Writes of travel grants: the call, sponsors, applications, scores, allocation and decisions."""

from django.db import transaction
from django.utils import timezone

from sllm.core.errors import ApplicationError, Conflict
from sllm.mail.services import mail_queue

from .models import MAX_AMOUNT, GrantAllocation, GrantApplication, GrantProgram, GrantScore, Sponsor
from .selectors import allocation_instance, grant_program


def grant_program_update(
    *, edition, is_open: bool, allow_partial: bool, min_partial_percent: int, currency: str
) -> GrantProgram:
    if not 1 <= min_partial_percent <= 100:
        raise ApplicationError("The minimum partial award must lie between 1 and 100 %.", code="bad_percent")
    currency = currency.strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise ApplicationError("The currency is a three-letter code such as USD.", code="bad_currency")
    with transaction.atomic():
        program, _ = GrantProgram.objects.update_or_create(
            edition=edition,
            defaults={
                "is_open": is_open,
                "allow_partial": allow_partial,
                "min_partial_percent": min_partial_percent,
                "currency": currency,
            },
        )
    return program


def sponsor_add(*, edition, name: str, amount: int, url: str = "") -> Sponsor:
    name = " ".join(name.split())
    if not name:
        raise ApplicationError("A sponsor needs a name.", code="bad_name")
    if not 0 < amount <= MAX_AMOUNT:
        raise ApplicationError(f"The amount must lie between 1 and {MAX_AMOUNT}.", code="bad_amount")
    with transaction.atomic():
        if Sponsor.objects.filter(edition=edition, name__iexact=name).exists():
            raise Conflict(f"A sponsor named {name} is already listed.", code="duplicate_sponsor")
        return Sponsor.objects.create(edition=edition, name=name, amount=amount, url=url)


def sponsor_remove(*, sponsor: Sponsor) -> None:
    with transaction.atomic():
        sponsor.delete()


def grant_application_submit(
    *,
    edition,
    applicant,
    career_stage: str,
    travel_cost: int,
    lodging_cost: int,
    registration_cost: int,
    statement: str,
    self_identifies: bool,
) -> GrantApplication:
    """Creates or revises the applicant's one application while the call is open."""
    if not grant_program(edition=edition).is_open:
        raise Conflict("The travel grant call is closed.", code="closed")
    if career_stage not in GrantApplication.Stage.values:
        raise ApplicationError("Choose a career stage from the list.", code="bad_stage")
    costs = (travel_cost, lodging_cost, registration_cost)
    if any(c < 0 or c > MAX_AMOUNT for c in costs):
        raise ApplicationError(f"Each cost must lie between 0 and {MAX_AMOUNT}.", code="bad_cost")
    if sum(costs) == 0:
        raise ApplicationError("Estimate at least one cost: the total cannot be 0.", code="bad_cost")
    statement = statement.strip()
    if not 20 <= len(statement) <= 2000:
        raise ApplicationError("The statement must have 20 to 2,000 characters.", code="bad_statement")
    fields = {
        "career_stage": career_stage,
        "travel_cost": travel_cost,
        "lodging_cost": lodging_cost,
        "registration_cost": registration_cost,
        "statement": statement,
        "self_identifies": self_identifies,
    }
    with transaction.atomic():
        application = GrantApplication.objects.select_for_update().filter(edition=edition, applicant=applicant).first()
        if application is not None and application.status != GrantApplication.Status.SUBMITTED:
            raise Conflict("Decisions were made; the application can no longer change.", code="decided")
        created = application is None
        if created:
            application = GrantApplication.objects.create(edition=edition, applicant=applicant, **fields)
        else:
            for name, value in fields.items():
                setattr(application, name, value)
            application.save()
        mail_queue(
            recipients=[applicant.email],
            template="grant_application_received",
            context={
                "name": applicant.display_name,
                "requested": application.requested,
                "currency": grant_program(edition=edition).currency,
                "created": created,
            },
            edition=edition,
        )
    return application


def grant_score_set(*, application: GrantApplication, scorer, score: int) -> GrantScore:
    if not 1 <= score <= 5:
        raise ApplicationError("A score lies between 1 and 5.", code="bad_score")
    with transaction.atomic():
        row, _ = GrantScore.objects.update_or_create(application=application, scorer=scorer, defaults={"score": score})
    return row


def grant_allocation_propose(*, edition, created_by) -> GrantAllocation:
    """Runs the optimizer on the current applications and keeps its proposal."""
    from .allocation import allocate  # noqa: PLC0415 -- NumPy loads with the first proposal, not with the worker

    instance = allocation_instance(edition=edition)
    result = allocate(instance)
    result["instance"] = instance["applicants"]
    with transaction.atomic():
        return GrantAllocation.objects.create(
            edition=edition,
            created_by=created_by,
            budget=instance["budget"],
            allow_partial=instance["allow_partial"],
            min_partial_percent=instance["min_partial_percent"],
            result=result,
        )


def grant_allocation_apply(*, allocation: GrantAllocation) -> list[GrantApplication]:
    """Turns a proposal into decisions and emails every applicant theirs, once."""
    edition = allocation.edition
    with transaction.atomic():
        program, _ = GrantProgram.objects.select_for_update().get_or_create(edition=edition)
        if program.decisions_sent_at is not None:
            raise Conflict("Decisions were already sent for this edition.", code="already_sent")
        applications = list(GrantApplication.objects.filter(edition=edition).select_related("applicant"))
        current = sorted((str(a.pk), a.requested) for a in applications)
        proposed = sorted((row["id"], row["request"]) for row in allocation.result["instance"])
        if current != proposed or allocation.budget != sum(s.amount for s in edition.grant_sponsors.all()):
            raise Conflict(
                "Applications or sponsors changed since this proposal; propose a new allocation.",
                code="stale",
            )
        awards = allocation.result["awards"]
        now = timezone.now()
        for application in applications:
            application.updated_at = now
            award = awards.get(str(application.pk))
            if award is None:
                application.status, application.award = GrantApplication.Status.NOT_FUNDED, None
            else:
                full = award >= application.requested
                application.status = GrantApplication.Status.AWARDED if full else GrantApplication.Status.PARTIAL
                application.award = award
        GrantApplication.objects.bulk_update(applications, ["status", "award", "updated_at"])
        allocation.applied_at = now
        allocation.save(update_fields=["applied_at", "updated_at"])
        program.decisions_sent_at = now
        program.save(update_fields=["decisions_sent_at", "updated_at"])
        for application in applications:
            mail_queue(
                recipients=[application.applicant.email],
                template="grant_decision",
                context={
                    "name": application.applicant.display_name,
                    "status": application.status,
                    "award": application.award,
                    "requested": application.requested,
                    "currency": program.currency,
                },
                edition=edition,
            )
    return applications
