import pytest
from django.core import mail

from sllm.accounts.models import Role
from sllm.core.errors import ApplicationError, Conflict
from sllm.mail.models import OutboxMessage
from sllm.mentoring import selectors, services
from sllm.mentoring.models import (
    DeclaredConflict,
    LunchSeat,
    MatchingRun,
    MenteeApplication,
    MentorApplication,
    PairRule,
    SelfIdentification,
)
from tests import factories

from .conftest import ATTENTION, PRUNING, sign_up_mentee, sign_up_mentor

pytestmark = pytest.mark.django_db


def test_signing_up_stores_the_application_grants_the_role_and_records_conflicts(edition):
    application = sign_up_mentee(edition, "ada@example.org", self_identified=True, advisors=["Prof@Example.org"])
    application.refresh_from_db()
    assert (application.topics, application.career_stage, str(application.tz_offset)) == (
        [PRUNING],
        "phd",
        "1.00",
    )
    assert list(Role.objects.filter(user=application.user).values_list("kind", flat=True)) == ["mentee"]
    assert list(DeclaredConflict.objects.values_list("other_email", "relation")) == [("prof@example.org", "advisor")]
    assert list(SelfIdentification.objects.values_list("application_id", flat=True)) == [application.pk]


def test_signing_up_again_updates_and_withdraws_the_self_identification(edition):
    first = sign_up_mentee(edition, "ada@example.org", self_identified=True, advisors=["a@example.org"])
    again = services.mentee_apply(
        edition=edition,
        user=first.user,
        career_stage="postdoc",
        topics=[ATTENTION, PRUNING],
        interests="x",
        institution="Oxford",
        tz_offset=0,
        self_identified=False,
        collaborators=["b@example.org"],
    )
    assert (MenteeApplication.objects.count(), again.pk, again.career_stage, again.topics) == (
        1,
        first.pk,
        "postdoc",
        [PRUNING, ATTENTION],  # in the edition's topic order
    )
    assert SelfIdentification.objects.count() == 0
    assert list(DeclaredConflict.objects.values_list("other_email", "relation")) == [("b@example.org", "collaborator")]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"topics": []}, "Choose at least one topic."),
        ({"topics": ["Knitting"]}, "Unknown topic: Knitting."),
        ({"interests": "   "}, "Tell us about your research interests."),
        ({"capacity": 0}, "A mentor takes between 1 and 10 mentees."),
    ],
)
def test_bad_mentor_sign_ups_are_refused_and_store_nothing(edition, changes, message):
    user = factories.UserFactory(email="m@example.org")
    fields = {
        "career_stage": "faculty",
        "topics": [PRUNING],
        "interests": "pruning",
        "institution": "X",
        "tz_offset": 0,
        "capacity": 2,
        **changes,
    }
    with pytest.raises(ApplicationError) as error:
        services.mentor_apply(edition=edition, user=user, **fields)
    assert error.value.message == message
    assert (MentorApplication.objects.count(), Role.objects.filter(user=user).count()) == (0, 0)


def test_one_person_cannot_be_mentor_and_mentee_of_one_edition(edition):
    mentee = sign_up_mentee(edition, "ada@example.org")
    with pytest.raises(Conflict) as error:
        services.mentor_apply(
            edition=edition,
            user=mentee.user,
            career_stage="faculty",
            topics=[PRUNING],
            interests="x",
            institution="",
            tz_offset=0,
            capacity=1,
        )
    assert error.value.message == "You signed up as a mentee; one can't be both in one edition."
    assert MentorApplication.objects.count() == 0


def test_a_run_puts_priority_first_explains_the_unmatched_and_seats_the_lunch(edition, organizer, signups):
    run = services.matching_run(edition=edition, user=organizer)
    pairs = [
        (p.mentee.user.full_name, p.mentor.user.full_name, round(p.affinity, 3), p.pinned)
        for p in selectors.run_pair_list(run=run)
    ]
    # Johnson and Mensah share topic and interests; Kim (self-identified) takes Turing's only seat from Osei,
    # who has the same affinity with Turing.
    assert pairs == [
        ("Mina Kim", "Alan Turing", 0.616, False),
        ("Katherine Johnson", "Sofia Mensah", 0.851, False),
    ]
    assert [(u.mentee.user.full_name, u.reason) for u in selectors.run_unmatched_list(run=run)] == [
        ("Ben Osei", "seats taken")
    ]
    assert (run.priority_matched, run.matched, run.total_affinity, run.table_size) == (1, 2, 1.467607, 6)
    assert [(n, [(s.user.full_name, s.role) for s in seats]) for n, seats in selectors.run_table_list(run=run)] == [
        (
            1,
            [
                ("Alan Turing", "mentor"),
                ("Mina Kim", "mentee"),
                ("Sofia Mensah", "mentor"),
                ("Katherine Johnson", "mentee"),
                ("Ben Osei", "mentee"),
            ],
        ),
    ]


def test_small_tables_split_the_groups_evenly(edition, organizer, signups):
    services.setup_update(edition=edition, table_size=3)
    run = services.matching_run(edition=edition, user=organizer)
    assert [[s.user.full_name for s in seats] for _, seats in selectors.run_table_list(run=run)] == [
        ["Alan Turing", "Mina Kim", "Ben Osei"],
        ["Sofia Mensah", "Katherine Johnson"],
    ]


def test_pins_and_forbids_hold_on_the_next_run(edition, organizer, signups):
    services.pair_rule_set(
        edition=edition,
        user=organizer,
        kind="pin",
        mentee_id=signups["osei"].pk,
        mentor_id=signups["turing"].pk,
    )
    services.pair_rule_set(
        edition=edition,
        user=organizer,
        kind="forbid",
        mentee_id=signups["johnson"].pk,
        mentor_id=signups["mensah"].pk,
    )
    run = services.matching_run(edition=edition, user=organizer)
    assert [(p.mentee.user.full_name, p.mentor.user.full_name, p.pinned) for p in selectors.run_pair_list(run=run)] == [
        ("Ben Osei", "Alan Turing", True),
        ("Mina Kim", "Sofia Mensah", False),
    ]
    assert [(u.mentee.user.full_name, u.reason) for u in selectors.run_unmatched_list(run=run)] == [
        ("Katherine Johnson", "seats taken")
    ]


def test_a_pin_on_a_declared_conflict_or_a_full_mentor_is_refused(edition, organizer, signups):
    student = sign_up_mentee(edition, "student@example.org", advisors=["turing@example.org"])
    with pytest.raises(Conflict) as error:
        services.pair_rule_set(
            edition=edition,
            user=organizer,
            kind="pin",
            mentee_id=student.pk,
            mentor_id=signups["turing"].pk,
        )
    assert error.value.message == "Student and Alan Turing declared a conflict; they can't be pinned."
    services.pair_rule_set(
        edition=edition,
        user=organizer,
        kind="pin",
        mentee_id=signups["osei"].pk,
        mentor_id=signups["turing"].pk,
    )
    with pytest.raises(Conflict) as error:
        services.pair_rule_set(
            edition=edition,
            user=organizer,
            kind="pin",
            mentee_id=signups["kim"].pk,
            mentor_id=signups["turing"].pk,
        )
    assert error.value.message == "Alan Turing has no seat left for another pinned mentee."
    assert list(PairRule.objects.values_list("mentee_id", "kind")) == [(signups["osei"].pk, "pin")]


def test_declared_conflicts_from_either_side_keep_pairs_apart(edition, organizer):
    sign_up_mentor(edition, "advisor@example.org", capacity=2, advisors=["student@example.org"])
    sign_up_mentee(edition, "student@example.org")
    sign_up_mentee(edition, "other@example.org", advisors=["ADVISOR@example.org"])
    run = services.matching_run(edition=edition, user=organizer)
    assert (run.matched, [u.reason for u in selectors.run_unmatched_list(run=run)]) == (
        0,
        ["no allowed mentor", "no allowed mentor"],
    )


def test_a_run_needs_both_sides_and_tables_big_enough(edition, organizer):
    with pytest.raises(ApplicationError) as error:
        services.matching_run(edition=edition, user=organizer)
    assert error.value.message == "Matching needs at least one mentor and one mentee."
    sign_up_mentor(edition, "big@example.org", capacity=3)
    for n in range(3):
        sign_up_mentee(edition, f"e{n}@example.org")
    services.setup_update(edition=edition, table_size=3)
    with pytest.raises(ApplicationError) as error:
        services.matching_run(edition=edition, user=organizer)
    assert error.value.message == (
        "A mentor and their mentees are 4 people, more than a table of 3 seats; raise the table size."
    )
    assert MatchingRun.objects.count() == 0


def test_publishing_emails_everyone_their_match_kickoff_and_table(
    edition, organizer, signups, django_capture_on_commit_callbacks
):
    run = services.matching_run(edition=edition, user=organizer)
    with django_capture_on_commit_callbacks(execute=True):
        services.matching_publish(run=run, user=organizer)
    run.refresh_from_db()
    assert run.published_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == [
        "johnson@example.org",
        "kim@example.org",
        "mensah@example.org",
        "osei@example.org",
        "turing@example.org",
    ]
    to_kim = OutboxMessage.objects.get(to="kim@example.org")
    assert to_kim.subject == "SLLM 2025 mentoring: meet your mentor, Alan Turing"
    assert to_kim.body == (
        "Dear Mina Kim,\n\n"
        "Your mentor at SLLM 2025 is Alan Turing, turing@example.org.\n\n"
        "Mentoring Session (kickoff): Monday 27 April 2026, 09:05-09:40 (Africa/Lagos)\n"
        "Mentor-Mentee Lunch: 12:00-13:00, table 1, with Alan Turing, Sofia Mensah, Katherine Johnson, "
        "Ben Osei.\n\n"
        "Your match and table: http://127.0.0.1:8000/mentoring/sllm-2025/\n\n"
        "--\nSLLM 2025\n"
    )
    to_turing = OutboxMessage.objects.get(to="turing@example.org")
    assert (to_turing.subject, to_turing.body.splitlines()[2:4]) == (
        "SLLM 2025 mentoring: meet your mentee",
        ["Thank you for mentoring at SLLM 2025. Your mentee:", "- Mina Kim, kim@example.org"],
    )
    assert OutboxMessage.objects.get(to="osei@example.org").body.splitlines()[2] == (
        "We could not find you a mentor this time: every mentor who fits was taken. "
        "You are warmly welcome at the mentoring session and the lunch all the same."
    )
    with pytest.raises(Conflict) as error:
        services.matching_publish(run=run, user=organizer)
    assert (error.value.message, OutboxMessage.objects.count()) == ("This matching is published already.", 5)


def test_a_participant_sees_the_published_run_only(edition, organizer, signups):
    kim = signups["kim"].user
    first = services.matching_run(edition=edition, user=organizer)
    assert selectors.my_mentoring(edition=edition, user=kim).run is None
    services.matching_publish(run=first, user=organizer)
    services.pair_rule_set(
        edition=edition,
        user=organizer,
        kind="forbid",
        mentee_id=signups["kim"].pk,
        mentor_id=signups["turing"].pk,
    )
    services.matching_run(edition=edition, user=organizer)
    mine = selectors.my_mentoring(edition=edition, user=kim)
    assert (mine.run, mine.my_mentor.mentor.user.full_name, mine.table) == (first, "Alan Turing", 1)
    assert LunchSeat.objects.filter(user=kim).count() == 2
