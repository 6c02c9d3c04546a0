"""Writes of the mentoring app: sign-ups, organizer rules, matching runs and publishing."""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import dateformat, timezone

from sllm.accounts.models import Role
from sllm.accounts.services import role_grant
from sllm.core.errors import ApplicationError, Conflict
from sllm.mail.services import mail_queue

from . import selectors
from .matching import InstanceError
from .models import (
    DeclaredConflict,
    LunchSeat,
    MatchingRun,
    MatchPair,
    MenteeApplication,
    MentorApplication,
    MentoringSetup,
    PairRule,
    SelfIdentification,
    UnmatchedMentee,
)
from .tables import TableError, seat_tables


def _check_topics(*, edition, topics: list[str]) -> list[str]:
    unknown = [t for t in topics if t not in edition.topics]
    if unknown:
        raise ApplicationError(f"Unknown topic: {unknown[0]}.", code="unknown_topic")
    if not topics:
        raise ApplicationError("Choose at least one topic.", code="no_topics")
    return [t for t in edition.topics if t in topics]


def _conflicts_replace(*, edition, user, advisors: list[str], collaborators: list[str]) -> None:
    wanted = {email.strip().lower(): DeclaredConflict.Relation.COLLABORATOR for email in collaborators}
    # Someone named twice is an advisor: the stronger tie wins.
    wanted |= {email.strip().lower(): DeclaredConflict.Relation.ADVISOR for email in advisors}
    wanted.pop(user.email.lower(), None)
    DeclaredConflict.objects.filter(edition=edition, declared_by=user).delete()
    DeclaredConflict.objects.bulk_create(
        DeclaredConflict(edition=edition, declared_by=user, other_email=email, relation=relation)
        for email, relation in sorted(wanted.items())
    )


def _application_fields(*, edition, career_stage, topics, interests, institution, tz_offset) -> dict:
    if not interests.strip():
        raise ApplicationError("Tell us about your research interests.", code="no_interests")
    return {
        "career_stage": career_stage,
        "topics": _check_topics(edition=edition, topics=topics),
        "interests": interests.strip(),
        "institution": institution.strip(),
        "tz_offset": Decimal(str(tz_offset)),
    }


def mentor_apply(
    *,
    edition,
    user,
    career_stage: str,
    topics: list[str],
    interests: str,
    institution: str,
    tz_offset: float,
    capacity: int,
    advisors: list[str] = (),
    collaborators: list[str] = (),
) -> MentorApplication:
    """Signs a user up as a mentor of the edition, or updates their sign-up."""
    fields = _application_fields(
        edition=edition,
        career_stage=career_stage,
        topics=topics,
        interests=interests,
        institution=institution,
        tz_offset=tz_offset,
    )
    if not 1 <= capacity <= 10:
        raise ApplicationError("A mentor takes between 1 and 10 mentees.", code="bad_capacity")
    with transaction.atomic():
        if MenteeApplication.objects.filter(edition=edition, user=user).exists():
            raise Conflict("You signed up as a mentee; one can't be both in one edition.", code="both_sides")
        application, _ = MentorApplication.objects.update_or_create(
            edition=edition, user=user, defaults={**fields, "capacity": capacity}
        )
        _conflicts_replace(edition=edition, user=user, advisors=advisors, collaborators=collaborators)
        role_grant(user=user, edition=edition, kind=Role.Kind.MENTOR)
    return application


def mentee_apply(
    *,
    edition,
    user,
    career_stage: str,
    topics: list[str],
    interests: str,
    institution: str,
    tz_offset: float,
    self_identified: bool,
    advisors: list[str] = (),
    collaborators: list[str] = (),
) -> MenteeApplication:
    """Signs a user up as a mentee, or updates their sign-up, including the private self-identification."""
    fields = _application_fields(
        edition=edition,
        career_stage=career_stage,
        topics=topics,
        interests=interests,
        institution=institution,
        tz_offset=tz_offset,
    )
    with transaction.atomic():
        if MentorApplication.objects.filter(edition=edition, user=user).exists():
            raise Conflict("You signed up as a mentor; one can't be both in one edition.", code="both_sides")
        application, _ = MenteeApplication.objects.update_or_create(edition=edition, user=user, defaults=fields)
        if self_identified:
            SelfIdentification.objects.get_or_create(application=application)
        else:
            SelfIdentification.objects.filter(application=application).delete()
        _conflicts_replace(edition=edition, user=user, advisors=advisors, collaborators=collaborators)
        role_grant(user=user, edition=edition, kind=Role.Kind.MENTEE)
    return application


def setup_update(*, edition, **fields) -> MentoringSetup:
    with transaction.atomic():
        setup, _ = MentoringSetup.objects.update_or_create(edition=edition, defaults=fields)
    return setup


def pair_rule_set(*, edition, mentee_id: int, mentor_id: int, kind: str, user) -> PairRule:
    """Pins or forbids a pair for the next runs; a new pin of a mentee replaces their old one."""
    mentee = MenteeApplication.objects.filter(edition=edition, pk=mentee_id).select_related("user").first()
    mentor = MentorApplication.objects.filter(edition=edition, pk=mentor_id).select_related("user").first()
    if mentee is None or mentor is None:
        raise ApplicationError("Choose a mentee and a mentor who signed up for this edition.", code="unknown_pair")
    if kind not in PairRule.Kind.values:
        raise ApplicationError("A rule pins or forbids a pair.", code="bad_rule")
    with transaction.atomic():
        if kind == PairRule.Kind.PIN:
            if (mentee.pk, mentor.pk) in selectors.conflict_pairs(edition=edition, mentors=[mentor], mentees=[mentee]):
                raise Conflict(
                    f"{mentee.user} and {mentor.user} declared a conflict; they can't be pinned.",
                    code="conflict",
                )
            pinned = (
                PairRule.objects.filter(edition=edition, mentor=mentor, kind=PairRule.Kind.PIN)
                .exclude(mentee=mentee)
                .count()
            )
            if pinned >= mentor.capacity:
                raise Conflict(f"{mentor.user} has no seat left for another pinned mentee.", code="full")
            PairRule.objects.filter(mentee=mentee, kind=PairRule.Kind.PIN).exclude(mentor=mentor).delete()
        rule, _ = PairRule.objects.update_or_create(
            mentee=mentee, mentor=mentor, defaults={"edition": edition, "kind": kind, "created_by": user}
        )
    return rule


def pair_rule_remove(*, edition, rule_id: int) -> None:
    with transaction.atomic():
        deleted, _ = PairRule.objects.filter(edition=edition, pk=rule_id).delete()
    if not deleted:
        raise ApplicationError("That rule no longer exists.", code="unknown_rule")


def matching_run(*, edition, user) -> MatchingRun:
    """Solves the matching of today's sign-ups with the organizers' rules and seats the lunch."""
    from .matching.solver import solve  # noqa: PLC0415 -- NumPy loads with the first matching, not with the worker

    setup = selectors.setup_get(edition=edition)
    instance, mentors, mentees = selectors.matching_instance(edition=edition, setup=setup)
    if not mentors or not mentees:
        raise ApplicationError("Matching needs at least one mentor and one mentee.", code="nobody")
    try:
        result = solve(instance)
    except InstanceError as exc:
        raise ApplicationError(str(exc), code="invalid_instance") from exc
    mentor_by_id = {m.pk: m for m in mentors}
    mentee_by_id = {m.pk: m for m in mentees}
    groups = [
        [(mentor.user, LunchSeat.Role.MENTOR)]
        + [(mentee_by_id[e].user, LunchSeat.Role.MENTEE) for e, r in result.assignment.items() if r == mentor.pk]
        for mentor in mentors
    ] + [[(mentee_by_id[u.mentee].user, LunchSeat.Role.MENTEE)] for u in result.unmatched]
    try:
        tables = seat_tables(groups, setup.table_size)
    except TableError as exc:
        raise ApplicationError(str(exc), code="tables") from exc
    with transaction.atomic():
        run = MatchingRun.objects.create(
            edition=edition,
            created_by=user,
            max_tz_diff_hours=setup.max_tz_diff_hours,
            forbid_same_institution=setup.forbid_same_institution,
            table_size=setup.table_size,
            priority_matched=result.priority_matched,
            matched=result.matched,
            total_affinity=result.total_affinity,
        )
        MatchPair.objects.bulk_create(
            MatchPair(
                run=run,
                mentee=mentee_by_id[e],
                mentor=mentor_by_id[r],
                affinity=result.pair_affinity[e],
                pinned=(e, r) in instance.pins,
            )
            for e, r in result.assignment.items()
        )
        UnmatchedMentee.objects.bulk_create(
            UnmatchedMentee(run=run, mentee=mentee_by_id[u.mentee], reason=u.reason) for u in result.unmatched
        )
        LunchSeat.objects.bulk_create(
            LunchSeat(run=run, table=number, user=person, role=role, position=position)
            for number, table in enumerate(tables, start=1)
            for position, (person, role) in enumerate(table, start=1)
        )
    return run


def matching_publish(*, run: MatchingRun, user) -> MatchingRun:
    """Makes a run the one participants see and emails each of them their match and lunch table."""
    edition = run.edition
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().get(pk=run.pk)
        if run.published_at is not None:
            raise Conflict("This matching is published already.", code="already_published")
        run.published_at = timezone.now()
        run.save(update_fields=["published_at", "updated_at"])
        times = selectors.session_times(edition=edition, setup=selectors.setup_get(edition=edition))
        pairs = list(selectors.run_pair_list(run=run))
        tables = selectors.run_table_list(run=run)
        # Plain-text mail templates have no tz library: the times are written out here, in the edition's zone.
        kickoff = (
            f"{dateformat.format(times.kickoff_start, 'l j F Y, H:i')}-{times.kickoff_end:%H:%M} "
            f"({edition.timezone}){', ' + times.kickoff_room if times.kickoff_room else ''}"
        )
        lunch_room = f", {times.lunch_room}" if times.lunch_room else ""
        lunch = f"{times.lunch_start:%H:%M}-{times.lunch_end:%H:%M}{lunch_room}"
        link = settings.SITE_URL + reverse("mentoring:mine", args=[edition.slug])
        for number, seats in tables:
            for seat in seats:
                mail_queue(
                    recipients=[seat.user.email],
                    template="mentoring_match",
                    context={
                        "name": seat.user.display_name,
                        "role": seat.role,
                        "mentor": next((p.mentor.user for p in pairs if p.mentee.user_id == seat.user_id), None),
                        "mentees": [p.mentee.user for p in pairs if p.mentor.user_id == seat.user_id],
                        "table": number,
                        "tablemates": [s.user for s in seats if s.user_id != seat.user_id],
                        "kickoff": kickoff,
                        "lunch": lunch,
                        "link": link,
                    },
                    edition=edition,
                )
    return run
