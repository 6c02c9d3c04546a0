"""Reads of the mentoring app. The self-identification is read in exactly one place: self_identified_ids."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from sllm.core.registry import mentoring_slots

from .matching import Constraints, Instance, Mentee, Mentor
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


def setup_get(*, edition) -> MentoringSetup:
    """The edition's setup, or the unsaved defaults until an organizer changes them."""
    return MentoringSetup.objects.filter(edition=edition).first() or MentoringSetup(edition=edition)


@dataclass(frozen=True)
class SessionTimes:
    kickoff_start: dt.datetime
    kickoff_end: dt.datetime
    kickoff_room: str
    lunch_start: dt.datetime
    lunch_end: dt.datetime
    lunch_room: str


def session_times(*, edition, setup: MentoringSetup) -> SessionTimes:
    """The kickoff and the lunch in the edition's time zone: from their slots in the program when it has
    them (moving a slot moves them), otherwise from the mentoring setup, on the edition's first day."""

    def at(time):
        return dt.datetime.combine(edition.start_date, time, tzinfo=edition.tz)

    slots = mentoring_slots(edition)  # the program's slots (core/registry.py), when it has them
    kickoff, lunch = slots["kickoff"], slots["lunch"]
    tz = edition.tz
    return SessionTimes(
        kickoff.start.astimezone(tz) if kickoff else at(setup.kickoff_start),
        kickoff.end.astimezone(tz) if kickoff else at(setup.kickoff_end),
        kickoff.room.name if kickoff else setup.kickoff_room,
        lunch.start.astimezone(tz) if lunch else at(setup.lunch_start),
        lunch.end.astimezone(tz) if lunch else at(setup.lunch_end),
        lunch.room.name if lunch else setup.lunch_room,
    )


def mentor_application_get(*, edition, user) -> MentorApplication | None:
    if not user.is_authenticated:
        return None
    return MentorApplication.objects.filter(edition=edition, user=user).first()


def mentee_application_get(*, edition, user) -> MenteeApplication | None:
    if not user.is_authenticated:
        return None
    return MenteeApplication.objects.filter(edition=edition, user=user).first()


def mentor_application_list(*, edition):
    return MentorApplication.objects.filter(edition=edition).select_related("user")


def mentee_application_list(*, edition):
    return MenteeApplication.objects.filter(edition=edition).select_related("user")


def conflict_list_declared_by(*, edition, user) -> list[DeclaredConflict]:
    return list(DeclaredConflict.objects.filter(edition=edition, declared_by=user))


def self_identified_ids(*, edition) -> set[int]:
    """Ids of the mentee applications whose authors self-identified. Private: callers are the
    matching itself and pages that permissions.access_mentoring_as_organizer allowed to see it."""
    return set(SelfIdentification.objects.filter(application__edition=edition).values_list("application_id", flat=True))


def application_is_self_identified(*, application: MenteeApplication) -> bool:
    """For the mentee's own form only."""
    return SelfIdentification.objects.filter(application=application).exists()


def pair_rule_list(*, edition):
    return PairRule.objects.filter(edition=edition).select_related("mentee__user", "mentor__user")


def conflict_pairs(*, edition, mentors, mentees) -> set[tuple[int, int]]:
    """(mentee application id, mentor application id) for every conflict either side declared."""
    mentor_by_email = {m.user.email.lower(): m.pk for m in mentors}
    mentee_by_email = {m.user.email.lower(): m.pk for m in mentees}
    mentor_by_user = {m.user_id: m.pk for m in mentors}
    mentee_by_user = {m.user_id: m.pk for m in mentees}
    pairs = set()
    for declared_by, email in DeclaredConflict.objects.filter(edition=edition).values_list(
        "declared_by_id", "other_email"
    ):
        email = email.lower()
        if declared_by in mentee_by_user and email in mentor_by_email:
            pairs.add((mentee_by_user[declared_by], mentor_by_email[email]))
        if declared_by in mentor_by_user and email in mentee_by_email:
            pairs.add((mentee_by_email[email], mentor_by_user[declared_by]))
    return pairs


def matching_instance(*, edition, setup: MentoringSetup) -> tuple[Instance, list, list]:
    """The edition's sign-ups, conflicts and organizer rules as an Instance keyed by application id."""
    mentors = list(mentor_application_list(edition=edition))
    mentees = list(mentee_application_list(edition=edition))
    priority = self_identified_ids(edition=edition)
    rules = list(PairRule.objects.filter(edition=edition).values_list("mentee_id", "mentor_id", "kind"))
    instance = Instance(
        mentors=tuple(
            Mentor(
                id=m.pk,
                capacity=m.capacity,
                topics=tuple(m.topics),
                institution=m.institution,
                tz_offset=float(m.tz_offset),
                interests=m.interests,
            )
            for m in mentors
        ),
        mentees=tuple(
            Mentee(
                id=m.pk,
                topics=tuple(m.topics),
                interests=m.interests,
                priority=m.pk in priority,
                stage=m.career_stage,
                institution=m.institution,
                tz_offset=float(m.tz_offset),
            )
            for m in mentees
        ),
        conflicts=frozenset(conflict_pairs(edition=edition, mentors=mentors, mentees=mentees)),
        constraints=Constraints(
            max_tz_diff_hours=float(setup.max_tz_diff_hours),
            forbid_same_institution=setup.forbid_same_institution,
        ),
        pins=frozenset((e, r) for e, r, kind in rules if kind == PairRule.Kind.PIN),
        forbidden=frozenset((e, r) for e, r, kind in rules if kind == PairRule.Kind.FORBID),
    )
    return instance, mentors, mentees


def run_latest(*, edition) -> MatchingRun | None:
    return MatchingRun.objects.filter(edition=edition).first()


def run_published(*, edition) -> MatchingRun | None:
    return MatchingRun.objects.filter(edition=edition, published_at__isnull=False).order_by("-published_at").first()


def run_pair_list(*, run: MatchingRun):
    return MatchPair.objects.filter(run=run).select_related("mentee__user", "mentor__user")


def run_unmatched_list(*, run: MatchingRun):
    return UnmatchedMentee.objects.filter(run=run).select_related("mentee__user")


def run_table_list(*, run: MatchingRun) -> list[tuple[int, list[LunchSeat]]]:
    tables = defaultdict(list)
    for seat in LunchSeat.objects.filter(run=run).select_related("user"):
        tables[seat.table].append(seat)
    return sorted(tables.items())


def signup_counts(*, edition) -> dict:
    """Sign-up figures; "priority" is private to organizers who hold the mentoring role."""
    mentors = MentorApplication.objects.filter(edition=edition).aggregate(count=Count("pk"), seats=Sum("capacity"))
    mentees = MenteeApplication.objects.filter(edition=edition).aggregate(
        count=Count("pk"),
        priority=Count("pk", filter=Q(pk__in=SelfIdentification.objects.values("application_id"))),
    )
    return {
        "mentors": mentors["count"],
        "seats": mentors["seats"] or 0,
        "mentees": mentees["count"],
        "priority": mentees["priority"],
    }


@dataclass(frozen=True)
class MyMentoring:
    mentor_application: MentorApplication | None
    mentee_application: MenteeApplication | None
    run: MatchingRun | None  # the published run, if any
    my_mentor: MatchPair | None
    my_mentees: list[MatchPair]
    table: int | None
    tablemates: list[LunchSeat]


def my_mentoring(*, edition, user) -> MyMentoring:
    mentor_app = mentor_application_get(edition=edition, user=user)
    mentee_app = mentee_application_get(edition=edition, user=user)
    run = run_published(edition=edition) if (mentor_app or mentee_app) else None
    my_mentor, my_mentees, table, tablemates = None, [], None, []
    if run is not None:
        pairs = run_pair_list(run=run)
        if mentee_app:
            my_mentor = pairs.filter(mentee=mentee_app).first()
        if mentor_app:
            my_mentees = list(pairs.filter(mentor=mentor_app))
        seat = LunchSeat.objects.filter(run=run, user=user).first()
        if seat is not None:
            table = seat.table
            tablemates = list(LunchSeat.objects.filter(run=run, table=seat.table).select_related("user"))
    return MyMentoring(mentor_app, mentee_app, run, my_mentor, my_mentees, table, tablemates)
