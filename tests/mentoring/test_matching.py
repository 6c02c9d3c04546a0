import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sllm.mentoring.matching import Constraints, Instance, InstanceError, Mentee, Mentor
from sllm.mentoring.matching.affinity import affinity_matrix, jaccard
from sllm.mentoring.matching.solver import NO_ALLOWED_MENTOR, SEATS_TAKEN, Unmatched, allowed_pairs, solve, tz_distance

TOPICS = ["moe", "pruning", "quantization", "attention"]


def mentor(id, capacity=1, **kw):
    return Mentor(id=id, capacity=capacity, **{"topics": ("pruning",), "interests": "pruning", **kw})


def mentee(id, **kw):
    return Mentee(id=id, **{"topics": ("pruning",), "interests": "pruning", **kw})


def brute_force(instance: Instance) -> tuple[int, int, float]:
    """The best (priority matched, matched, total affinity) over every feasible assignment."""
    affinity = affinity_matrix(instance)
    allowed = allowed_pairs(instance)
    pinned = dict(instance.pins)
    options = []
    for i, e in enumerate(instance.mentees):
        if e.id in pinned:
            options.append([next(j for j, r in enumerate(instance.mentors) if r.id == pinned[e.id])])
        else:
            options.append([None, *[j for j in range(len(instance.mentors)) if allowed[i, j]]])
    best = None
    for choice in itertools.product(*options):
        load = [0] * len(instance.mentors)
        for j in choice:
            if j is not None:
                load[j] += 1
        if any(load[j] > r.capacity for j, r in enumerate(instance.mentors)):
            continue
        value = (
            sum(1 for i, j in enumerate(choice) if j is not None and instance.mentees[i].priority),
            sum(1 for j in choice if j is not None),
            sum(affinity[i, j] for i, j in enumerate(choice) if j is not None),
        )
        if best is None or value[:2] > best[:2] or (value[:2] == best[:2] and value[2] > best[2] + 1e-12):
            best = value
    return best


@st.composite
def instances(draw):
    n_mentors = draw(st.integers(1, 3))
    n_mentees = draw(st.integers(1, 5))
    institutions = ["MIT", "m i t", "ETH", ""]
    mentors = tuple(
        Mentor(
            id=f"r{j}",
            capacity=draw(st.integers(0, 2)),
            topics=tuple(draw(st.sets(st.sampled_from(TOPICS), max_size=3))),
            institution=draw(st.sampled_from(institutions)),
            tz_offset=draw(st.sampled_from([-8, -5, 0, 1, 5.5, 9])),
            interests=draw(st.sampled_from(["sparse attention", "pruning llms", "moe routing", ""])),
        )
        for j in range(n_mentors)
    )
    mentees = tuple(
        Mentee(
            id=f"e{i}",
            priority=draw(st.booleans()),
            topics=tuple(draw(st.sets(st.sampled_from(TOPICS), min_size=1, max_size=3))),
            institution=draw(st.sampled_from(institutions)),
            tz_offset=draw(st.sampled_from([-8, -5, 0, 1, 5.5, 9])),
            interests=draw(st.sampled_from(["attention kernels", "pruning", "routing of experts", "sparse moe"])),
        )
        for i in range(n_mentees)
    )
    pairs = [(e.id, r.id) for e in mentees for r in mentors]
    conflicts = frozenset(draw(st.lists(st.sampled_from(pairs), max_size=3)))
    matrix = None
    if draw(st.booleans()):
        matrix = tuple(
            tuple(draw(st.floats(-1, 2, allow_nan=False).map(lambda v: round(v, 3))) for _ in mentors) for _ in mentees
        )
    constraints = Constraints(
        max_tz_diff_hours=draw(st.sampled_from([8.0, 4.0, None])),
        forbid_same_institution=draw(st.booleans()),
    )
    return Instance(mentors=mentors, mentees=mentees, conflicts=conflicts, constraints=constraints, affinity=matrix)


@settings(max_examples=300, deadline=None)
@given(instances())
def test_solve_reaches_the_brute_force_optimum_of_all_three_objectives(instance):
    result = solve(instance)
    priority, matched, total = brute_force(instance)
    assert (result.priority_matched, result.matched) == (priority, matched)
    assert result.total_affinity == pytest.approx(total, abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(instances())
def test_solve_respects_every_hard_rule_and_explains_every_unmatched_mentee(instance):
    result = solve(instance)
    allowed = allowed_pairs(instance)
    mentor_at = {r.id: j for j, r in enumerate(instance.mentors)}
    mentee_at = {e.id: i for i, e in enumerate(instance.mentees)}
    for mentee_id, mentor_id in result.assignment.items():
        assert allowed[mentee_at[mentee_id], mentor_at[mentor_id]]
        assert (mentee_id, mentor_id) not in instance.conflicts
    loads = {r.id: list(result.assignment.values()).count(r.id) for r in instance.mentors}
    assert all(loads[r.id] <= r.capacity for r in instance.mentors)
    expected_unmatched = [
        Unmatched(e.id, SEATS_TAKEN if allowed[mentee_at[e.id]].any() else NO_ALLOWED_MENTOR)
        for e in instance.mentees
        if e.id not in result.assignment
    ]
    assert list(result.unmatched) == expected_unmatched
    for u in result.unmatched:
        if u.reason == SEATS_TAKEN:
            # Every mentor this mentee could have had is full.
            for j in np.flatnonzero(allowed[mentee_at[u.mentee]]):
                assert loads[instance.mentors[j].id] == instance.mentors[j].capacity


@settings(max_examples=100, deadline=None)
@given(instances(), st.data())
def test_pinned_pairs_are_kept_and_the_rest_is_still_optimal(instance, data):
    free_seats = [
        r for r in instance.mentors if r.capacity > 0 and (instance.mentees[0].id, r.id) not in instance.conflicts
    ]
    if not free_seats:
        return
    pin = (instance.mentees[0].id, data.draw(st.sampled_from(free_seats)).id)
    pinned = Instance(
        mentors=instance.mentors,
        mentees=instance.mentees,
        conflicts=instance.conflicts,
        constraints=instance.constraints,
        affinity=instance.affinity,
        pins=frozenset([pin]),
    )
    result = solve(pinned)
    assert result.assignment[pin[0]] == pin[1]
    priority, matched, total = brute_force(pinned)
    assert (result.priority_matched, result.matched) == (priority, matched)
    assert result.total_affinity == pytest.approx(total, abs=1e-6)


def test_priority_mentee_wins_the_only_seat_even_at_lower_affinity():
    instance = Instance(
        mentors=(mentor("r"),),
        mentees=(mentee("e1"), mentee("e2", priority=True)),
        affinity=((0.9,), (0.1,)),
    )
    result = solve(instance)
    assert result.as_json() == {
        "assignment": {"e2": "r"},
        "priority_matched": 1,
        "matched": 1,
        "total_affinity": 0.1,
        "unmatched": [{"mentee": "e1", "reason": SEATS_TAKEN}],
    }


def test_more_matches_beat_higher_affinity_where_greedy_fails():
    # Greedy gives e1 its best mentor r1 and leaves e2, who may only sit with r1, alone.
    instance = Instance(
        mentors=(mentor("r1"), mentor("r2")),
        mentees=(mentee("e1"), mentee("e2")),
        conflicts=frozenset([("e2", "r2")]),
        affinity=((0.9, 0.2), (0.3, 0.8)),
    )
    result = solve(instance)
    assert (result.assignment, result.matched, result.total_affinity) == ({"e1": "r2", "e2": "r1"}, 2, 0.5)


def test_tz_distance_wraps_around_the_day():
    assert [
        tz_distance(-8, 9),
        tz_distance(9, -8),
        tz_distance(0, 12),
        tz_distance(5.5, -5),
        tz_distance(3, 3),
    ] == [7, 7, 12, 10.5, 0]


def test_time_zones_more_than_the_limit_apart_are_not_allowed():
    instance = Instance(
        mentors=(mentor("near", tz_offset=-8), mentor("far", tz_offset=-1)),
        mentees=(mentee("e", tz_offset=9),),
        constraints=Constraints(max_tz_diff_hours=7),
    )
    assert allowed_pairs(instance).tolist() == [[True, False]]


def test_same_institution_compares_case_and_space_insensitively_and_can_be_switched_off():
    mentors = (mentor("r1", institution="Univ. of  Toronto"), mentor("r2", institution=""))
    mentees = (mentee("e1", institution="univ.of toronto"), mentee("e2", institution=""))
    assert allowed_pairs(Instance(mentors=mentors, mentees=mentees)).tolist() == [[False, True], [True, True]]
    relaxed = Instance(mentors=mentors, mentees=mentees, constraints=Constraints(forbid_same_institution=False))
    assert allowed_pairs(relaxed).tolist() == [[True, True], [True, True]]


def test_no_allowed_mentor_and_seats_taken_are_told_apart():
    instance = Instance(
        mentors=(mentor("r", tz_offset=0),),
        mentees=(mentee("a", tz_offset=0), mentee("b", tz_offset=0), mentee("c", tz_offset=12)),
    )
    assert solve(instance).unmatched == (Unmatched("b", SEATS_TAKEN), Unmatched("c", NO_ALLOWED_MENTOR))


def test_affinity_is_topic_jaccard_and_tfidf_cosine_of_interests():
    instance = Instance(
        mentors=(
            Mentor(id="r", capacity=1, topics=("moe", "pruning"), interests="sparse attention kernels"),
            Mentor(id="s", capacity=1, topics=(), interests=""),
        ),
        mentees=(Mentee(id="e", topics=("pruning",), interests="sparse attention kernels"),),
    )
    assert affinity_matrix(instance).round(6).tolist() == [[0.4 * 0.5 + 0.6 * 1.0, 0.0]]
    assert jaccard([], []) == 0.0


def test_a_given_matrix_replaces_the_computed_affinity():
    instance = Instance(mentors=(mentor("r"),), mentees=(mentee("e"),), affinity=((0.25,),))
    assert affinity_matrix(instance).tolist() == [[0.25]]


def test_nobody_to_match_is_an_empty_result():
    assert solve(Instance(mentors=(), mentees=())).as_json() == {
        "assignment": {},
        "priority_matched": 0,
        "matched": 0,
        "total_affinity": 0,
        "unmatched": [],
    }


@pytest.mark.parametrize(
    ("instance_kwargs", "message"),
    [
        ({"mentors": (mentor("r"), mentor("r")), "mentees": ()}, "Duplicate mentor id 'r'."),
        ({"mentors": (), "mentees": (mentee(1), mentee(1))}, "Duplicate mentee id 1."),
        ({"mentors": (mentor("r", capacity=-2),), "mentees": ()}, "Mentor 'r' has a negative capacity (-2)."),
        ({"mentors": (), "mentees": (mentee("e", topics=()),)}, "Mentee 'e' has no topics."),
        ({"mentors": (), "mentees": (mentee("e", interests="  "),)}, "Mentee 'e' has no interests."),
        (
            {"mentors": (mentor("r"),), "mentees": (mentee("e"),), "conflicts": frozenset([("x", "r")])},
            "Unknown mentee id 'x' in conflicts.",
        ),
        (
            {"mentors": (mentor("r"),), "mentees": (mentee("e"),), "conflicts": frozenset([("e", "y")])},
            "Unknown mentor id 'y' in conflicts.",
        ),
        (
            {"mentors": (mentor("r"),), "mentees": (mentee("e"),), "affinity": ((0.1, 0.2),)},
            "affinity.matrix must have one row per mentee (1) and one column per mentor (1), in input order.",
        ),
        (
            {"mentors": (mentor("r", tz_offset=15),), "mentees": ()},
            "'r': tz_offset must be hours from UTC between -12 and 14, got 15.",
        ),
    ],
)
def test_bad_instances_are_refused_with_a_clear_message(instance_kwargs, message):
    with pytest.raises(InstanceError) as error:
        Instance(**instance_kwargs)
    assert str(error.value) == message


def test_a_pin_on_a_conflict_or_beyond_capacity_is_refused():
    base = {"mentors": (mentor("r"),), "mentees": (mentee("a"), mentee("b"))}
    with pytest.raises(InstanceError) as error:
        solve(Instance(**base, conflicts=frozenset([("a", "r")]), pins=frozenset([("a", "r")])))
    assert str(error.value) == "Mentee a cannot be pinned to mentor r: they conflict."
    with pytest.raises(InstanceError) as error:
        solve(Instance(**base, pins=frozenset([("a", "r"), ("b", "r")])))
    assert str(error.value) == "Mentor r has more pinned mentees than seats."


def test_a_pin_overrides_the_time_zone_rule_and_a_forbidden_pair_is_never_made():
    instance = Instance(
        mentors=(mentor("r1", tz_offset=0), mentor("r2", tz_offset=0)),
        mentees=(mentee("a", tz_offset=12), mentee("b", tz_offset=0)),
        pins=frozenset([("a", "r1")]),
        forbidden=frozenset([("b", "r2")]),
        affinity=((0.5, 0.5), (0.1, 0.9)),
    )
    result = solve(instance)
    assert (result.assignment, result.unmatched) == ({"a": "r1"}, (Unmatched("b", SEATS_TAKEN),))
