"""The optimal matching: an assignment problem on mentor seats with lexicographic weights.

Maximizing, in this order, (1) the number of matched priority mentees, (2) the number of matched
mentees, (3) the total affinity, is one maximum-weight bipartite matching once each level's weight
exceeds everything the levels below can add up to. Mentors are expanded into one column per usable
seat and scipy's linear_sum_assignment solves it exactly. A greedy pass (priority mentees first,
best mentor first) is not enough: taking the best mentor for one mentee can leave another with none.
"""

from dataclasses import dataclass

import numpy as np

from .affinity import affinity_matrix
from .instance import Instance, InstanceError

NO_ALLOWED_MENTOR = "no allowed mentor"
SEATS_TAKEN = "seats taken"


@dataclass(frozen=True)
class Unmatched:
    mentee: object
    reason: str


@dataclass(frozen=True)
class Result:
    assignment: dict  # mentee id -> mentor id, in the mentees' input order
    pair_affinity: dict  # mentee id -> affinity of its pair
    priority_matched: int
    matched: int
    total_affinity: float
    unmatched: tuple[Unmatched, ...]

    def as_json(self) -> dict:
        """The output of `manage.py match_mentors`."""
        return {
            "assignment": dict(self.assignment),
            "priority_matched": self.priority_matched,
            "matched": self.matched,
            "total_affinity": self.total_affinity,
            "unmatched": [{"mentee": u.mentee, "reason": u.reason} for u in self.unmatched],
        }


def normalize_institution(name: str) -> str:
    return "".join(name.split()).casefold()


def tz_distance(a: float, b: float) -> float:
    """Hours apart on the 24-hour circle: UTC-8 and UTC+9 are 7 hours apart, not 17."""
    d = abs(a - b) % 24
    return min(d, 24 - d)


def allowed_pairs(instance: Instance) -> np.ndarray:
    """allowed[i, j]: may mentee i be matched with mentor j under the hard pair rules?"""
    rules = instance.constraints
    blocked = instance.conflicts | instance.forbidden
    allowed = np.ones((len(instance.mentees), len(instance.mentors)), dtype=bool)
    for i, mentee in enumerate(instance.mentees):
        mentee_inst = normalize_institution(mentee.institution)
        for j, mentor in enumerate(instance.mentors):
            if (mentee.id, mentor.id) in blocked:
                allowed[i, j] = False
            elif (
                rules.forbid_same_institution
                and mentee_inst
                and mentee_inst == normalize_institution(mentor.institution)
            ):
                allowed[i, j] = False
            elif (
                rules.max_tz_diff_hours is not None
                and mentee.tz_offset is not None
                and mentor.tz_offset is not None
                and tz_distance(mentee.tz_offset, mentor.tz_offset) > rules.max_tz_diff_hours + 1e-9
            ):
                allowed[i, j] = False
    return allowed


def _apply_pins(instance: Instance) -> tuple[dict[int, int], list[int]]:
    """Pinned pairs are fixed first; a pin overrides the time-zone and institution rules, as an
    organizer's explicit decision, but never a declared conflict, a forbidden pair or a full mentor."""
    mentee_index = {m.id: i for i, m in enumerate(instance.mentees)}
    mentor_index = {m.id: j for j, m in enumerate(instance.mentors)}
    seats = [m.capacity for m in instance.mentors]
    fixed = {}
    for mentee_id, mentor_id in sorted(instance.pins, key=lambda p: mentee_index[p[0]]):
        if (mentee_id, mentor_id) in instance.conflicts | instance.forbidden:
            raise InstanceError(f"Mentee {mentee_id} cannot be pinned to mentor {mentor_id}: they conflict.")
        j = mentor_index[mentor_id]
        if seats[j] == 0:
            raise InstanceError(f"Mentor {mentor_id} has more pinned mentees than seats.")
        seats[j] -= 1
        fixed[mentee_index[mentee_id]] = j
    return fixed, seats


def solve(instance: Instance) -> Result:
    affinity = affinity_matrix(instance)
    allowed = allowed_pairs(instance)
    chosen, seats = _apply_pins(instance)

    free = [i for i in range(len(instance.mentees)) if i not in chosen]
    # A mentor never needs more seat columns than mentees who may sit there.
    columns = [
        j
        for j in range(len(instance.mentors))
        for _ in range(min(seats[j], int(allowed[free, j].sum()) if free else 0))
    ]
    if free and columns:
        sub_allowed = allowed[np.ix_(free, columns)]
        sub_affinity = affinity[np.ix_(free, columns)]
        usable = sub_affinity[sub_allowed]
        low = float(usable.min()) if usable.size else 0.0
        spread = (float(usable.max()) - low) if usable.size else 0.0
        n = len(free)
        # Shifting by `low` leaves the order among equally large matchings unchanged.
        matched_weight = n * spread + 1.0
        priority_weight = n * (matched_weight + spread) + 1.0
        priority = np.array([instance.mentees[i].priority for i in free], dtype=float)[:, None]
        weights = priority * priority_weight + matched_weight + (sub_affinity - low)
        weights[~sub_allowed] = 0.0
        # scipy loads when a matching runs, never at a web worker's start.
        from scipy.optimize import linear_sum_assignment  # noqa: PLC0415 -- see above

        rows, cols = linear_sum_assignment(weights, maximize=True)
        for r, c in zip(rows, cols, strict=True):
            if sub_allowed[r, c]:
                chosen[free[r]] = columns[c]

    assignment, pair_affinity, unmatched = {}, {}, []
    for i, mentee in enumerate(instance.mentees):
        if i in chosen:
            j = chosen[i]
            assignment[mentee.id] = instance.mentors[j].id
            pair_affinity[mentee.id] = float(affinity[i, j])
        else:
            reason = SEATS_TAKEN if allowed[i].any() else NO_ALLOWED_MENTOR
            unmatched.append(Unmatched(mentee.id, reason))
    by_id = {m.id: m for m in instance.mentees}
    return Result(
        assignment=assignment,
        pair_affinity=pair_affinity,
        priority_matched=sum(1 for mentee_id in assignment if by_id[mentee_id].priority),
        matched=len(assignment),
        total_affinity=round(sum(pair_affinity.values()), 6),
        unmatched=tuple(unmatched),
    )
